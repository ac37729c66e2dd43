/**
 * What every HTTP request must pass before the MCP protocol sees it: the Host is this loopback listener's own
 * (DNS-rebinding), a browser Origin is one the config allows, the bearer token maps to a person, and the body
 * fits the limit. Pure checks over headers; the body reader stops reading at the limit.
 */
import type { IncomingMessage } from 'node:http';
import { bearerUser } from './tokens.ts';

export const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
export const isLoopback = (host: string): boolean =>
  LOOPBACK.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

export type GuardFailure = { status: 400 | 401 | 403 | 404 | 405 | 413; message: string };

export interface GuardOptions {
  loopbackOnly: boolean;
  allowedOrigins: readonly string[];
  tokens: ReadonlyMap<string, string>;
}

/** The user the request acts as, or why it is refused. */
export function checkRequest(req: IncomingMessage, o: GuardOptions): { user: string } | GuardFailure {
  const path = (req.url ?? '').split('?', 1)[0];
  if (path !== '/mcp') return { status: 404, message: 'not found: the MCP endpoint is /mcp' };
  if (o.loopbackOnly) {
    // A page on evil.example that resolves to 127.0.0.1 still sends Host: evil.example.
    const host = (req.headers.host ?? '').slice(0, 300);
    const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.split(':', 1)[0]!;
    if (!isLoopback(name)) return { status: 403, message: 'forbidden: Host is not this loopback listener' };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !o.allowedOrigins.includes(origin))
    return { status: 403, message: 'forbidden: Origin not allowed (mcp.http.allowedOrigins)' };
  const user = bearerUser(req.headers.authorization, o.tokens);
  if (!user)
    return { status: 401, message: 'unauthorized: send Authorization: Bearer <your cloudops MCP token>' };
  if (req.method !== 'POST')
    return { status: 405, message: 'method not allowed: this server is stateless; POST only' };
  return { user };
}

/** Reads at most `max` bytes; over that → 413 without reading the rest. */
export async function readBody(req: IncomingMessage, max: number): Promise<Buffer | GuardFailure> {
  const tooBig: GuardFailure = { status: 413, message: `request body larger than ${max} bytes` };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return tooBig;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > max) return tooBig;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}
