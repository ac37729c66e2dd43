/**
 * StateStore over `node:sqlite`: one file in WAL mode with a busy timeout, so a second process (a CLI
 * `request`, a restarted bot) can share it. Every write is one statement; compare-and-set is the WHERE.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { AuditEntry } from '../approvals/types.ts';
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

interface DocRow {
  k: string;
  value: string;
  revision: number;
  updated_ms: number;
}

const toDoc = <T>(r: DocRow): StoredDoc<T> => ({
  value: JSON.parse(r.value) as T,
  revision: Number(r.revision),
  updatedAt: new Date(Number(r.updated_ms)).toISOString(),
});

/** Applies the migrations the file has not seen yet, each in its own transaction. */
function migrate(db: DatabaseSync): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  db.exec('BEGIN IMMEDIATE');
  try {
    const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
    for (let v = (row.v ?? 0) + 1; v <= MIGRATIONS.length; v++) {
      for (const sql of MIGRATIONS[v - 1]!.sqlite) db.exec(sql);
      db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(
        v,
        new Date().toISOString(),
      );
    }
    db.exec('COMMIT');
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}

export function openSqliteStore(file: string, opts: { busyTimeoutMs?: number } = {}): BotStore {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  db.exec(`PRAGMA busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
  if (file !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  migrate(db);
  const run = (sql: string, ...p: SQLInputValue[]) => Number(db.prepare(sql).run(...p).changes);

  return {
    engine: 'sqlite',
    async get<T>(ns: string, key: string) {
      checkKey(ns, key);
      const r = db
        .prepare('SELECT k, value, revision, updated_ms FROM docs WHERE ns = ? AND k = ?')
        .get(ns, key);
      return r ? toDoc<T>(r as unknown as DocRow) : undefined;
    },
    async put<T>(ns: string, key: string, value: T, expectedRevision: number) {
      checkKey(ns, key);
      const json = JSON.stringify(value);
      const changed =
        expectedRevision === 0
          ? run('INSERT OR IGNORE INTO docs VALUES (?, ?, ?, 1, ?)', ns, key, json, Date.now())
          : run(
              'UPDATE docs SET value = ?, revision = revision + 1, updated_ms = ? WHERE ns = ? AND k = ? AND revision = ?',
              json,
              Date.now(),
              ns,
              key,
              expectedRevision,
            );
      return changed === 1 ? expectedRevision + 1 : undefined;
    },
    async list<T>(ns: string, o: { limit?: number; prefix?: string } = {}) {
      const rows = db
        .prepare(
          `SELECT k, value, revision, updated_ms FROM docs WHERE ns = ? AND substr(k, 1, ?) = ?
           ORDER BY updated_ms DESC, k LIMIT ?`,
        )
        .all(ns, (o.prefix ?? '').length, o.prefix ?? '', boundedLimit(o.limit, 1000)) as unknown as DocRow[];
      return rows.map((r) => ({ key: r.k, doc: toDoc<T>(r) }));
    },
    async delete(ns: string, key: string) {
      run('DELETE FROM docs WHERE ns = ? AND k = ?', ns, key);
    },
    async lease(name: string, holder: string, ttlMs: number) {
      const now = Date.now();
      if (run('INSERT OR IGNORE INTO leases VALUES (?, ?, ?)', name, holder, now + ttlMs) === 1) return true;
      return (
        run(
          'UPDATE leases SET holder = ?, expires_ms = ? WHERE name = ? AND (holder = ? OR expires_ms < ?)',
          holder,
          now + ttlMs,
          name,
          holder,
          now,
        ) === 1
      );
    },
    async releaseLease(name: string, holder: string) {
      run('DELETE FROM leases WHERE name = ? AND holder = ?', name, holder);
    },
    async auditTail() {
      const r = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as
        | { seq: number; hash: string }
        | undefined;
      return r ? { seq: Number(r.seq), hash: r.hash } : undefined;
    },
    async auditInsert(e: AuditEntry) {
      return (
        run(
          'INSERT OR IGNORE INTO audit (seq, at, actor, via, kind, env, target, outcome, detail, prev_hash, hash, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          ...entryToParams(e),
        ) === 1
      );
    },
    async auditList(f: AuditFilter) {
      const w = auditWhere(f);
      const rows = db
        .prepare(`SELECT * FROM audit ${w.sql} ORDER BY seq DESC LIMIT ?`)
        .all(...w.params, boundedLimit(f.limit, 50)) as unknown as AuditRowShape[];
      return rows.map(rowToEntry);
    },
    async auditPage(afterSeq: number, limit: number) {
      const rows = db
        .prepare('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?')
        .all(afterSeq, boundedLimit(limit, 1000)) as unknown as AuditRowShape[];
      return rows.map(rowToEntry);
    },
    async close() {
      if (db.isOpen) db.close();
    },
  };
}
