/** One contract, two engines: a real SQLite file and a real MariaDB scratch database. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/approvals/audit-log.ts';
import type { BotStore } from '../../src/store/audit-rows.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { openMysqlStore } from '../../src/store/mysql-store.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { createScratchDatabase, describeWithMariaDb, type ScratchDatabase } from '../helpers/mariadb.ts';

interface Engine {
  open(): Promise<BotStore>;
  /** Runs raw SQL behind the store's back (tampering). */
  raw(sql: string, params?: (string | number)[]): Promise<void>;
}

function contract(name: string, setup: () => Promise<Engine & { close(): Promise<void> }>) {
  describe(name, () => {
    let eng: Engine & { close(): Promise<void> };
    let store: BotStore;
    beforeAll(async () => {
      eng = await setup();
      store = await eng.open();
    });
    afterAll(async () => {
      await store?.close();
      await eng?.close();
    });

    it('puts a new document only once, then compare-and-sets by revision', async () => {
      expect(await store.put('request', 'a', { n: 1 }, 0)).toBe(1);
      expect(await store.put('request', 'a', { n: 2 }, 0)).toBeUndefined();
      expect(await store.put('request', 'a', { n: 2 }, 1)).toBe(2);
      expect(await store.put('request', 'a', { n: 3 }, 1)).toBeUndefined();
      const doc = await store.get<{ n: number }>('request', 'a');
      expect(doc?.value).toEqual({ n: 2 });
      expect(doc?.revision).toBe(2);
      expect(await store.get('request', 'missing')).toBeUndefined();
    });

    it('lets exactly one of 50 concurrent writers win a revision', async () => {
      await store.put('cas', 'k', { v: 0 }, 0);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.put('cas', 'k', { v: i }, 1)),
      );
      expect(results.filter((r) => r === 2)).toHaveLength(1);
      expect(results.filter((r) => r === undefined)).toHaveLength(49);
    });

    it('lists newest first, by prefix, and deletes', async () => {
      await store.put('lst', 'x-1', 1, 0);
      await store.put('lst', 'x-2', 2, 0);
      await store.put('lst', 'y-1', 3, 0);
      await store.put('lst', 'x-1', 4, 1);
      const xs = await store.list<number>('lst', { prefix: 'x-' });
      expect(xs.map((r) => r.key).sort()).toEqual(['x-1', 'x-2']);
      expect((await store.list('lst', { limit: 1 })).length).toBe(1);
      await store.delete('lst', 'x-2');
      expect(await store.get('lst', 'x-2')).toBeUndefined();
    });

    it('refuses namespaces and keys that do not fit, instead of truncating them', async () => {
      await expect(store.put('request', 'k'.repeat(192), 1, 0)).rejects.toThrow(/1–191/);
      await expect(store.get('Bad NS', 'k')).rejects.toThrow(/namespace/);
    });

    it('grants a lease to one holder until it expires or is released', async () => {
      expect(await store.lease('watch', 'A', 60_000)).toBe(true);
      expect(await store.lease('watch', 'B', 60_000)).toBe(false);
      expect(await store.lease('watch', 'A', 60_000)).toBe(true);
      await store.releaseLease('watch', 'B');
      expect(await store.lease('watch', 'B', 60_000)).toBe(false);
      await store.releaseLease('watch', 'A');
      expect(await store.lease('watch', 'B', 1)).toBe(true);
      // Lease expiry is measured by the store's clock: letting 1 ms of it pass is the point, not a wait for work.
      await new Promise((r) => setTimeout(r, 5));
      expect(await store.lease('watch', 'A', 60_000)).toBe(true);
    });

    it('records its schema version and reopens without re-running migrations', async () => {
      await store.put('reopen', 'kept', { v: 1 }, 0);
      const again = await eng.open();
      try {
        expect((await again.get('reopen', 'kept'))?.value).toEqual({ v: 1 });
      } finally {
        await again.close();
      }
    });

    it('chains audit entries and detects an edited, deleted or reordered row', async () => {
      const log = createAuditLog(store, { knownSecrets: () => ['s3cr3t-value'] });
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          log.append({
            actor: `U${i}`,
            via: 'slack',
            kind: 'tool_call',
            target: `vm${i}`,
            outcome: 'ok',
            detail: { token: 'x', note: 'has s3cr3t-value inside' },
          }),
        ),
      );
      expect(await log.verify()).toMatchObject({ ok: true, entries: 20, signed: false });
      const [newest] = await log.list({ limit: 1, actor: 'U3' });
      expect(newest?.detail).toEqual({ token: '<redacted>', note: 'has <redacted> inside' });
      expect((await log.list({ target: 'vm7' }))[0]?.actor).toBe('U7');

      await eng.raw("UPDATE audit SET outcome = 'error' WHERE seq = 5");
      expect(await log.verify()).toMatchObject({ ok: false, firstBad: 5, why: 'entry 5 was edited' });
      await eng.raw("UPDATE audit SET outcome = 'ok' WHERE seq = 5");
      expect((await log.verify()).ok).toBe(true);

      await eng.raw('UPDATE audit SET seq = 1000 WHERE seq = 8');
      await eng.raw('UPDATE audit SET seq = 8 WHERE seq = 9');
      await eng.raw('UPDATE audit SET seq = 9 WHERE seq = 1000');
      expect(await log.verify()).toMatchObject({ ok: false, firstBad: 8 });
      await eng.raw('UPDATE audit SET seq = 1000 WHERE seq = 8');
      await eng.raw('UPDATE audit SET seq = 8 WHERE seq = 9');
      await eng.raw('UPDATE audit SET seq = 9 WHERE seq = 1000');
      expect((await log.verify()).ok).toBe(true);

      await eng.raw('DELETE FROM audit WHERE seq = 12');
      expect(await log.verify()).toMatchObject({ ok: false, firstBad: 12, why: 'entry 12 is missing' });
    });
  });
}

contract('SQLite file store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudops-store-'));
  const file = join(dir, 'nested', 'state.db');
  return {
    open: async () => openSqliteStore(file),
    async raw(sql, params = []) {
      const db = new DatabaseSync(file);
      db.exec('PRAGMA busy_timeout = 5000');
      db.prepare(sql).run(...params);
      db.close();
    },
    async close() {
      const db = new DatabaseSync(file);
      const mode = db.prepare('PRAGMA journal_mode').get() as { journal_mode: string };
      const v = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number };
      db.close();
      rmSync(dir, { recursive: true, force: true });
      expect(mode.journal_mode).toBe('wal');
      expect(v.v).toBe(MIGRATIONS.length);
    },
  };
});

describeWithMariaDb('MariaDB store', () => {
  let db: ScratchDatabase;
  contract('contract', async () => {
    db = await createScratchDatabase();
    return {
      open: () => openMysqlStore({ url: db.url }),
      async raw(sql, params = []) {
        await db.pool.query(sql, params);
      },
      async close() {
        const [rows] = await db.pool.query('SELECT MAX(version) AS v FROM schema_version');
        expect((rows as { v: number }[])[0]?.v).toBe(MIGRATIONS.length);
        await db.drop();
      },
    };
  });
});
