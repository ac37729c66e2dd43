/**
 * Bearer tokens for `cloudops mcp --http`: each maps to one Slack user. Only sha256 digests are stored (config,
 * a tokens file, or $CLOUDOPS_MCP_TOKENS), so a leaked config file does not let anyone in.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { McpConfig } from '../config/mcp-schema.ts';
import { OpsError } from '../core/errors.ts';

export const TOKENS_ENV = 'CLOUDOPS_MCP_TOKENS';
/** Longest Authorization header value read at all; real tokens are 43 characters. */
const MAX_AUTH_CHARS = 512;
const LINE = /^([a-f0-9]{64})[ \t]+([UW][A-Z0-9]{2,31})$/;

export const sha256Hex = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** A fresh token (shown once to the operator) and the digest that goes into the config. */
export function newToken(): { token: string; sha256: string } {
  const token = `cops_${randomBytes(32).toString('base64url')}`;
  return { token, sha256: sha256Hex(token) };
}

/** `<sha256> <U…>` lines; blank lines and `#` comments skipped; a bad line names where it is. */
export function parseTokenLines(text: string, where: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [i, raw] of text.split(/\r?\n|,/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = LINE.exec(line.slice(0, 200));
    if (!m)
      throw new OpsError('config_invalid', `${where}: entry ${i + 1} is not "<sha256 hex> <Slack user id>"`);
    out.push([m[1]!, m[2]!]);
  }
  return out;
}

/** sha256 → Slack user, from the config, its tokens file (relative to the config) and the environment. */
export async function loadTokenTable(
  mcp: McpConfig | undefined,
  configPath: string,
  env: Record<string, string | undefined>,
): Promise<Map<string, string>> {
  const table = new Map<string, string>();
  for (const t of mcp?.tokens ?? []) table.set(t.sha256, t.user);
  if (mcp?.tokensFile) {
    const file = resolve(dirname(configPath), mcp.tokensFile);
    const text = await readFile(file, 'utf8').catch((e: unknown) => {
      throw new OpsError('config_invalid', `mcp.tokensFile ${file}: cannot read (${(e as Error).message})`);
    });
    for (const [h, u] of parseTokenLines(text.slice(0, 1_000_000), file)) table.set(h, u);
  }
  const fromEnv = env[TOKENS_ENV];
  if (fromEnv) for (const [h, u] of parseTokenLines(fromEnv.slice(0, 1_000_000), TOKENS_ENV)) table.set(h, u);
  return table;
}

/** The Slack user a request's `Authorization: Bearer …` header maps to, or undefined (→ 401). */
export function bearerUser(
  header: string | undefined,
  table: ReadonlyMap<string, string>,
): string | undefined {
  if (!header || header.length > MAX_AUTH_CHARS || !header.startsWith('Bearer ')) return undefined;
  const token = header.slice(7).trim();
  if (token.length < 16) return undefined;
  return table.get(sha256Hex(token));
}
