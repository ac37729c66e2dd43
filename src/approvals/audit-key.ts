/**
 * The HMAC key that signs requests, decisions and audit rows. It lives OUTSIDE the store (env
 * `CLOUDOPS_AUDIT_KEY`, or `auditKeyFile` in the config, mode 0600), so someone who can write the database
 * cannot forge an approval. Without it the bot still reads, but refuses every mutation (service.ts).
 */
import { readFile, stat } from 'node:fs/promises';
import { OpsError } from '../core/errors.ts';

export const AUDIT_KEY_ENV = 'CLOUDOPS_AUDIT_KEY';
/** 32 characters: 128+ bits even for a hex key; shorter keys are refused rather than accepted weakly. */
const MIN_KEY_CHARS = 32;
const MAX_KEY_CHARS = 4096;

export type AuditKey = { key: Buffer; source: string } | { key?: undefined; missing: string };

function checkText(text: string, where: string): Buffer {
  const t = text.trim();
  if (t.length < MIN_KEY_CHARS || t.length > MAX_KEY_CHARS)
    throw new OpsError(
      'config_invalid',
      `${where}: the audit key must be ${MIN_KEY_CHARS}–${MAX_KEY_CHARS} characters (e.g. \`openssl rand -hex 32\`)`,
    );
  return Buffer.from(t, 'utf8');
}

/** Env wins over the file; a file readable by group or others, or a short key, stops the start. */
export async function loadAuditKey(
  keyFile: string | undefined,
  env: Record<string, string | undefined>,
): Promise<AuditKey> {
  const fromEnv = env[AUDIT_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '')
    return { key: checkText(fromEnv, AUDIT_KEY_ENV), source: `environment ${AUDIT_KEY_ENV}` };
  if (keyFile === undefined)
    return {
      missing: `no audit key: set ${AUDIT_KEY_ENV} or auditKeyFile (a 0600 file outside the store); mutations are refused until one is configured, read-only tools keep working`,
    };
  let mode: number;
  try {
    mode = (await stat(keyFile)).mode;
  } catch (e) {
    throw new OpsError(
      'config_invalid',
      `auditKeyFile ${keyFile}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if ((mode & 0o077) !== 0)
    throw new OpsError(
      'config_invalid',
      `auditKeyFile ${keyFile}: group or others can read it (mode ${(mode & 0o777).toString(8)}); chmod 600 it`,
    );
  return {
    key: checkText(await readFile(keyFile, 'utf8'), `auditKeyFile ${keyFile}`),
    source: `file ${keyFile}`,
  };
}
