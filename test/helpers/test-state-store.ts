/**
 * A StateStore over node:sqlite (a real file) for the assistant's tests, until the approvals store lands on main;
 * then `openTestStore` should return `openSqliteStore(path)` from src/store and this body goes away.
 */
import { DatabaseSync } from 'node:sqlite';
import type { StateStore, StoredDoc } from '../../src/store/types.ts';

export async function openTestStore(path: string): Promise<StateStore> {
  const db = new DatabaseSync(path);
  db.exec(
    'CREATE TABLE IF NOT EXISTS docs (ns TEXT, k TEXT, value TEXT, revision INTEGER, updated TEXT, PRIMARY KEY (ns, k))',
  );
  const row = (ns: string, key: string) =>
    db.prepare('SELECT value, revision, updated FROM docs WHERE ns = ? AND k = ?').get(ns, key) as
      | { value: string; revision: number; updated: string }
      | undefined;
  return {
    engine: 'sqlite',
    async get<T>(ns: string, key: string): Promise<StoredDoc<T> | undefined> {
      const r = row(ns, key);
      return r ? { value: JSON.parse(r.value) as T, revision: r.revision, updatedAt: r.updated } : undefined;
    },
    async put<T>(ns: string, key: string, value: T, expected: number): Promise<number | undefined> {
      const now = new Date().toISOString();
      if (expected === 0) {
        const r = db
          .prepare('INSERT OR IGNORE INTO docs VALUES (?, ?, ?, 1, ?)')
          .run(ns, key, JSON.stringify(value), now);
        return r.changes === 1 ? 1 : undefined;
      }
      const r = db
        .prepare(
          'UPDATE docs SET value = ?, revision = revision + 1, updated = ? WHERE ns = ? AND k = ? AND revision = ?',
        )
        .run(JSON.stringify(value), now, ns, key, expected);
      return r.changes === 1 ? expected + 1 : undefined;
    },
    async list<T>(ns: string, opts: { limit?: number; prefix?: string } = {}) {
      const rows = db
        .prepare(
          'SELECT k, value, revision, updated FROM docs WHERE ns = ? AND k LIKE ? ORDER BY updated DESC LIMIT ?',
        )
        .all(ns, `${opts.prefix ?? ''}%`, opts.limit ?? 1000) as {
        k: string;
        value: string;
        revision: number;
        updated: string;
      }[];
      return rows.map((r) => ({
        key: r.k,
        doc: { value: JSON.parse(r.value) as T, revision: r.revision, updatedAt: r.updated },
      }));
    },
    async delete(ns: string, key: string) {
      db.prepare('DELETE FROM docs WHERE ns = ? AND k = ?').run(ns, key);
    },
    async lease() {
      return true;
    },
    async releaseLease() {},
    async close() {
      db.close();
    },
  };
}
