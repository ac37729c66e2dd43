/**
 * Two independent locks that keep the DB door read-only: a statement guard in-process (so even a bug in
 * our own SQL cannot write) and a READ ONLY session on the server (so even a guard bug cannot write).
 */
import type { PoolConnection } from 'mysql2/promise';
import { OpsError } from '../core/errors.ts';

const ALLOWED_FIRST_WORD = new Set(['SELECT', 'SHOW', 'WITH']);
/** Words that turn a SELECT/WITH into a write or a lock (SELECT … INTO OUTFILE, FOR UPDATE, WITH … DELETE). */
const FORBIDDEN_WORDS =
  /\b(INSERT|UPDATE|DELETE|REPLACE|INTO|LOCK|CALL|SET|DROP|ALTER|CREATE|GRANT|REVOKE|TRUNCATE|RENAME|HANDLER|LOAD|DO|OUTFILE|DUMPFILE)\b/i;

/** Comments, then quoted text, in ONE left-to-right pass: whichever opens first wins, as in the server's lexer. */
const LEXEMES = /\/\*[\s\S]*?\*\/|(?:--\s|#)[^\n]*|'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|`(?:[^`]|``)*`/g;

/**
 * Removes comments and quoted text so keywords inside them neither hide nor trigger anything. Each becomes a
 * space: it still separates the words around it, and only the first word, the keywords and `;` are read.
 */
function skeleton(sql: string): string {
  return sql.replace(LEXEMES, ' ');
}

/** Throws unless `sql` is a single SELECT/SHOW/WITH that cannot write or lock. */
export function assertReadOnlySql(sql: string): void {
  const bare = skeleton(sql).trim();
  const first = /^[A-Za-z]+/.exec(bare)?.[0]?.toUpperCase() ?? '';
  const refuse = (why: string) => {
    throw new OpsError('read_only_violation', `database door refused a statement: ${why}`);
  };
  // Executable comments run their content on the server: never treat them as comments.
  if (/\/\*M?!/.test(sql)) refuse('executable comments (/*! … */) are not allowed');
  if (!ALLOWED_FIRST_WORD.has(first))
    refuse(`only SELECT, SHOW or WITH may run, not ${first || 'an empty statement'}`);
  if (bare.replace(/;\s*$/, '').includes(';')) refuse('more than one statement');
  const bad = first === 'SHOW' ? null : FORBIDDEN_WORDS.exec(bare);
  if (bad) refuse(`${bad[1]?.toUpperCase()} is not allowed in a read-only query`);
}

export type TimeoutFlavor = 'mariadb' | 'mysql' | 'none';

/**
 * Makes a fresh session read-only and caps statement time on the server, so a slow query dies there
 * instead of only being abandoned by the client. MariaDB has max_statement_time (seconds, any statement);
 * MySQL has max_execution_time (ms, SELECT only). Returns which one worked so the next session skips probing.
 */
export async function prepareSession(
  conn: PoolConnection,
  timeoutMs: number,
  known?: TimeoutFlavor,
): Promise<TimeoutFlavor> {
  await conn.query('SET SESSION TRANSACTION READ ONLY');
  const ms = Math.max(1, Math.round(timeoutMs));
  const tries: [TimeoutFlavor, string][] = [
    ['mariadb', `SET SESSION max_statement_time = ${(ms / 1000).toFixed(3)}`],
    ['mysql', `SET SESSION max_execution_time = ${ms}`],
  ];
  for (const [flavor, sql] of tries) {
    if (known && known !== flavor) continue;
    try {
      await conn.query(sql);
      return flavor;
    } catch (e) {
      // ER_UNKNOWN_SYSTEM_VARIABLE: the other server family; anything else is a real failure.
      if ((e as { errno?: number }).errno !== 1193) throw e;
    }
  }
  return 'none';
}
