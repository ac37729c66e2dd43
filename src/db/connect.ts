/** Turns the config's `mysql://user@host:port/db` + a password into pool options, and driver errors into safe OpsErrors. */

import type { PoolOptions } from 'mysql2/promise';
import { OpsError } from '../core/errors.ts';
import { lookupTable } from '../core/lookup-table.ts';

export interface DbTarget {
  host: string;
  port: number;
  user: string;
  database: string;
}

export function parseDbUrl(url: string, password?: string): { target: DbTarget; pool: PoolOptions } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new OpsError(
      'config_invalid',
      'database url is not a valid URL (expected mysql://user@host:port/cloud)',
    );
  }
  if (u.protocol !== 'mysql:' && u.protocol !== 'mariadb:')
    throw new OpsError('config_invalid', `database url must start with mysql://, not ${u.protocol}//`);
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'cloud';
  const target: DbTarget = {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username) || 'cloud',
    database,
  };
  const pass = password ?? (u.password ? decodeURIComponent(u.password) : undefined);
  return {
    target,
    pool: {
      ...target,
      password: pass,
      connectionLimit: 4,
      waitForConnections: true,
      queueLimit: 50,
      connectTimeout: 5000,
      enableKeepAlive: true,
      // Dates as text: the bot only displays them, and text avoids timezone surprises.
      dateStrings: true,
      supportBigNumbers: true,
      multipleStatements: false,
    },
  };
}

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
  sqlMessage?: string;
}

/** Short reasons for the driver errors an operator can act on. */
const REASONS: Readonly<Record<string, string>> = lookupTable({
  ER_ACCESS_DENIED_ERROR: 'access denied (check the user and passwordEnv)',
  ER_DBACCESS_DENIED_ERROR: 'access to the database denied',
  ER_BAD_DB_ERROR: 'unknown database',
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ETIMEDOUT: 'connect timed out',
  PROTOCOL_CONNECTION_LOST: 'connection lost',
  ER_NO_SUCH_TABLE: 'a table is missing (is this a CloudStack database?)',
  ER_BAD_FIELD_ERROR: 'a column is missing (unsupported CloudStack schema version?)',
});

/** Maps anything mysql2 throws to an OpsError whose message names the target but never the password. */
export function toDbError(
  e: unknown,
  target: DbTarget,
  secret: string | undefined,
  timeoutMs: number,
): OpsError {
  if (e instanceof OpsError) return e;
  const d = (e ?? {}) as DriverError;
  const where = `${target.user}@${target.host}:${target.port}/${target.database}`;
  if (d.errno === 1969 || d.errno === 3024 || d.code === 'PROTOCOL_SEQUENCE_TIMEOUT')
    return new OpsError('database', `database query timed out after ${timeoutMs} ms (${where})`, {
      cause: e,
    });
  if (d.errno === 1792 || d.code === 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION')
    return new OpsError(
      'read_only_violation',
      `database refused a write: the session is read-only (${where})`,
      { cause: e },
    );
  const reason = (d.code && REASONS[d.code]) ?? d.code ?? 'query failed';
  let msg = `database error: ${reason} (${where})`;
  if (secret) msg = msg.split(secret).join('***');
  return new OpsError('database', msg, { cause: redactCause(e, secret) });
}

/** The cause travels into logs: keep its code but scrub the secret from its text. */
function redactCause(e: unknown, secret: string | undefined): unknown {
  if (!secret || !(e instanceof Error) || !e.message.includes(secret)) return e;
  const copy = new Error(e.message.split(secret).join('***'));
  Object.assign(copy, { code: (e as DriverError).code, errno: (e as DriverError).errno });
  return copy;
}
