/**
 * `cloudops mcp --http`: streamable HTTP, stateless (each POST gets a server for the person its bearer token
 * names), loopback by default. Refuses to start without tokens: there is never an unauthenticated listener.
 */
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { McpConfig } from '../config/mcp-schema.ts';
import { describeError, OpsError } from '../core/errors.ts';
import { checkRequest, type GuardFailure, isLoopback, readBody } from './http-guard.ts';
import type { OpenedMcp } from './open.ts';
import { createMcpServer } from './server.ts';

export interface RunningHttp {
  url: string;
  port: number;
  close(): Promise<void>;
}

function fail(res: ServerResponse, f: GuardFailure): void {
  if (res.headersSent) return;
  res.writeHead(f.status, {
    'content-type': 'application/json',
    ...(f.status === 401 ? { 'www-authenticate': 'Bearer realm="cloudops"' } : {}),
    ...(f.status === 413 ? { connection: 'close' } : {}),
  });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: f.message }, id: null }));
}

export async function serveHttp(m: OpenedMcp, http: McpConfig['http']): Promise<RunningHttp> {
  const loopbackOnly = isLoopback(http.host);
  if (m.tokens.size === 0)
    throw new OpsError(
      'config_invalid',
      loopbackOnly
        ? 'mcp --http needs at least one token (mcp.tokens, mcp.tokensFile or CLOUDOPS_MCP_TOKENS); make one with `cloudops mcp token --user U…`'
        : `refusing to listen on ${http.host} without tokens: every request must carry a bearer token that maps to a person`,
    );
  let port = http.port;
  const server = createServer((req, res) => {
    void (async () => {
      const checked = checkRequest(req, {
        loopbackOnly,
        allowedOrigins: http.allowedOrigins,
        tokens: m.tokens,
      });
      if ('status' in checked) {
        if (checked.status === 401)
          m.deps.logger.warn({ ip: req.socket.remoteAddress }, 'mcp: request without a valid token');
        return fail(res, checked);
      }
      const raw = await readBody(req, http.maxBodyBytes);
      if ('status' in raw) return fail(res, raw);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return fail(res, { status: 400, message: 'the body is not JSON' });
      }
      const who = await m.identity(checked.user);
      if (!who.mayRead) return fail(res, { status: 403, message: `${checked.user} may not use the bot` });
      const mcp = createMcpServer(m.deps, who, m.runbooks, m.version);
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      res.on('close', () => {
        void transport.close();
        void mcp.close();
      });
      await mcp.connect(transport);
      await transport.handleRequest(req, res, body);
    })().catch((e: unknown) => {
      m.deps.logger.error({ err: describeError(e) }, 'mcp http request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'internal error' }, id: null }),
      );
    });
  });
  server.requestTimeout = 120_000;
  server.headersTimeout = 15_000;
  server.listen(http.port, http.host);
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  const hostPart = http.host.includes(':') ? `[${http.host}]` : http.host;
  return {
    url: `http://${hostPart}:${port}/mcp`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
