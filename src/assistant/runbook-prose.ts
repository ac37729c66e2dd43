/**
 * The runbooks' prose (prompts/runbooks/*.md) as a catalogue the model can browse: names with their first
 * heading up front, one runbook's explanation on request. Read once; names looked up in a Map.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RUNBOOK_DIR = fileURLToPath(new URL('../../prompts/runbooks/', import.meta.url));

export interface RunbookProse {
  name: string;
  title: string;
  /** The explanation above the first `##` section (the templates below it are for the runbook engine). */
  body: string;
}

export async function loadRunbookCatalogue(dir = RUNBOOK_DIR): Promise<Map<string, RunbookProse>> {
  const out = new Map<string, RunbookProse>();
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.md')).sort();
  for (const f of files) {
    const text = await readFile(join(dir, f), 'utf8');
    const firstLine = text.split('\n', 1)[0] ?? '';
    const sectionAt = text.indexOf('\n## ');
    out.set(f.slice(0, -3), {
      name: f.slice(0, -3),
      title: firstLine.replace(/^#\s{0,3}/, '').replace(/^Runbook:\s{0,3}/, ''),
      body: (sectionAt < 0 ? text : text.slice(0, sectionAt)).trim(),
    });
  }
  return out;
}
