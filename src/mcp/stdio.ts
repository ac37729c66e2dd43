/**
 * `cloudops mcp` over stdio, for a desktop assistant that starts the bot as a child process. The person is
 * `mcp.stdioUser` from the config (whoever can start the process already holds the config and its keys);
 * stdout carries only the protocol, logs go to stderr, and one message is at most 1 MiB.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { OpsError } from '../core/errors.ts';
import type { OpenedMcp } from './open.ts';
import { createMcpServer } from './server.ts';

export const MAX_STDIO_MESSAGE_BYTES = 1024 * 1024;

/** Serves until stdin closes or the process is told to stop. */
export async function serveStdio(m: OpenedMcp, user: string | undefined): Promise<void> {
  if (!user)
    throw new OpsError(
      'config_invalid',
      'mcp.stdioUser is not set: name the Slack user (U…) this stdio server acts as',
    );
  const who = await m.identity(user);
  if (!who.mayRead)
    throw new OpsError('not_allowed', `${user} may not use the bot (slack.allowedUsers / allowedUserGroups)`);
  const server = createMcpServer(m.deps, who, m.runbooks, m.version);
  const transport = new StdioServerTransport(process.stdin, process.stdout, {
    maxBufferSize: MAX_STDIO_MESSAGE_BYTES,
  });
  await m.service.audit
    .append({
      actor: user,
      via: 'mcp',
      kind: 'mcp_session',
      env: m.deps.env,
      outcome: 'started',
      detail: { transport: 'stdio', mayRequest: who.mayRequest },
    })
    .catch(() => {});
  await new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', resolve).once('close', resolve);
    process.once('SIGTERM', resolve).once('SIGINT', resolve);
    server.connect(transport).catch((e: unknown) => {
      m.deps.logger.error({ err: String(e) }, 'mcp stdio transport failed');
      resolve();
    });
  });
  await server.close().catch(() => {});
}
