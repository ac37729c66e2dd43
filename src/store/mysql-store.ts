/**
 * StateStore over MySQL/MariaDB (mysql2 pool) for two bot replicas sharing state. This is the bot's OWN
 * database, never CloudStack's. Every write is one statement; compare-and-set is the WHERE clause.
 */

import mysql, { type Pool, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';
import type { AuditEntry } from '../approvals/types.ts';
import { OpsError } from '../core/errors.ts';
import {
  type AuditFilter,
  type AuditRowShape,
  auditWhere,
  type BotStore,
  boundedLimit,
  entryToParams,
  rowToEntry,
} from './audit-rows.ts';
import { checkKey } from './keys.ts';
import { MIGRATIONS } from './migrations.ts';
import type { StoredDoc } from './types.ts';

type Param = string | number | null;

/** Applies pending migrations under a named lock, so two replicas starting together migrate once. */
async function migrate(pool: Pool): Promise<void> {
  const c = await pool.getConnection();
  try {
    const [[lock]] = await c.query<RowDataPacket[]>("SELECT GET_LOCK('cloudops_migrate', 30) AS got");
    if (lock?.got !== 1) throw new OpsError('database', 'could not take the migration lock');
    try {
      await c.query(
        'CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, applied_at VARCHAR(32) NOT NULL)',
      );
      const [[row]] = await c.query<RowDataPacket[]>('SELECT MAX(version) AS v FROM schema_version');
      // MySQL DDL commits implicitly; each statement is idempotent only through this version record.
      for (let v = Number(row?.v ?? 0) + 1; v <= MIGRATIONS.length; v++) {
        for (const sql of MIGRATIONS[v - 1]!.mysql) await c.query(sql);
        await c.query('INSERT INTO schema_version VALUES (?, ?)', [v, new Date().toISOString()]);
      }
    } finally {
      await c.query("SELECT RELEASE_LOCK('cloudops_migrate')");
    }
  } finally {
    c.release();
  }
}

export async function openMysqlStore(opts: { url: string; password?: string }): Promise<BotStore> {
  const pool = mysql.createPool({
    uri: opts.url,
    ...(opts.password === undefined ? {} : { password: opts.password }),
    connectionLimit: 4,
    supportBigNumbers: true,
    bigNumberStrings: false,
  });
  try {
    await migrate(pool);
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
  const exec = async (sql: string, p: Param[]) =>
    (await pool.execute<ResultSetHeader>(sql, p))[0].affectedRows;
  const select = async <R>(sql: string, p: Param[]) => (await pool.query<RowDataPacket[]>(sql, p))[0] as R[];
  const toDoc = <T>(r: RowDataPacket): StoredDoc<T> => ({
    value: JSON.parse(String(r.value)) as T,
    revision: Number(r.revision),
    updatedAt: new Date(Number(r.updated_ms)).toISOString(),
  });

  return {
    engine: 'mysql',
    async get<T>(ns: string, key: string) {
      checkKey(ns, key);
      const [r] = await select<RowDataPacket>('SELECT * FROM docs WHERE ns = ? AND k = ?', [ns, key]);
      return r ? toDoc<T>(r) : undefined;
    },
    async put<T>(ns: string, key: string, value: T, expectedRevision: number) {
      checkKey(ns, key);
      const json = JSON.stringify(value);
      const changed =
        expectedRevision === 0
          ? await exec('INSERT IGNORE INTO docs VALUES (?, ?, ?, 1, ?)', [ns, key, json, Date.now()])
          : await exec(
              'UPDATE docs SET value = ?, revision = revision + 1, updated_ms = ? WHERE ns = ? AND k = ? AND revision = ?',
              [json, Date.now(), ns, key, expectedRevision],
            );
      return changed === 1 ? expectedRevision + 1 : undefined;
    },
    async list<T>(ns: string, o: { limit?: number; prefix?: string } = {}) {
      const rows = await select<RowDataPacket>(
        'SELECT * FROM docs WHERE ns = ? AND LEFT(k, ?) = ? ORDER BY updated_ms DESC, k LIMIT ?',
        [ns, (o.prefix ?? '').length, o.prefix ?? '', boundedLimit(o.limit, 1000)],
      );
      return rows.map((r) => ({ key: String(r.k), doc: toDoc<T>(r) }));
    },
    async delete(ns: string, key: string) {
      await exec('DELETE FROM docs WHERE ns = ? AND k = ?', [ns, key]);
    },
    async lease(name: string, holder: string, ttlMs: number) {
      const now = Date.now();
      if ((await exec('INSERT IGNORE INTO leases VALUES (?, ?, ?)', [name, holder, now + ttlMs])) === 1)
        return true;
      // mysql2 connects with FOUND_ROWS, so affectedRows counts the matched row even when nothing changed.
      return (
        (await exec(
          'UPDATE leases SET holder = ?, expires_ms = ? WHERE name = ? AND (holder = ? OR expires_ms < ?)',
          [holder, now + ttlMs, name, holder, now],
        )) === 1
      );
    },
    async releaseLease(name: string, holder: string) {
      await exec('DELETE FROM leases WHERE name = ? AND holder = ?', [name, holder]);
    },
    async auditTail() {
      const [r] = await select<RowDataPacket>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1', []);
      return r ? { seq: Number(r.seq), hash: String(r.hash) } : undefined;
    },
    async auditInsert(e: AuditEntry) {
      return (
        (await exec(
          'INSERT IGNORE INTO audit (seq, at, actor, via, kind, env, target, outcome, detail, prev_hash, hash, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          entryToParams(e),
        )) === 1
      );
    },
    async auditList(f: AuditFilter) {
      const w = auditWhere(f);
      const rows = await select<AuditRowShape>(`SELECT * FROM audit ${w.sql} ORDER BY seq DESC LIMIT ?`, [
        ...w.params,
        boundedLimit(f.limit, 50),
      ]);
      return rows.map(rowToEntry);
    },
    async auditPage(afterSeq: number, limit: number) {
      const rows = await select<AuditRowShape>('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?', [
        afterSeq,
        boundedLimit(limit, 1000),
      ]);
      return rows.map(rowToEntry);
    },
    async close() {
      await pool.end();
    },
  };
}
