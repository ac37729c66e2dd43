/**
 * The runbooks' prose (`prompts/runbooks/*.md`) as read-only MCP resources, so a client's model can read how a
 * known incident works and what the bot checks. Resources are only ever read: no subscribe, no write path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

const DIR = fileURLToPath(new URL('../../prompts/runbooks/', import.meta.url));
export const RUNBOOK_URI = 'cloudops://runbooks/';

export interface RunbookDoc {
  id: string;
  title: string;
  text: string;
}

/** Read once at start-up; the files ship with the bot. */
export function loadRunbookDocs(dir = DIR): RunbookDoc[] {
  return readdirSync(dir)
    .filter((f) => /^[a-z0-9-]{1,64}\.md$/.test(f))
    .sort()
    .map((f) => {
      const text = readFileSync(`${dir}${f}`, 'utf8');
      const first = text.split('\n', 1)[0] ?? '';
      return { id: f.slice(0, -3), title: first.replace(/^#\s*(Runbook:\s*)?/, '').slice(0, 200), text };
    });
}

export function registerRunbookResources(server: McpServer, docs: readonly RunbookDoc[]): void {
  for (const doc of docs) {
    const uri = `${RUNBOOK_URI}${doc.id}`;
    server.registerResource(
      doc.id,
      uri,
      { title: doc.title, description: `Runbook: ${doc.title}`, mimeType: 'text/markdown' },
      async () => ({ contents: [{ uri, mimeType: 'text/markdown', text: doc.text }] }),
    );
  }
}
