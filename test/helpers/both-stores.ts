/**
 * Runs a describe block once over a SQLite file and once over a MariaDB scratch database, so approval and
 * audit guarantees are proven on both engines the bot ships with.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import type { BotStore } from '../../src/store/audit-rows.ts';
import { openMysqlStore } from '../../src/store/mysql-store.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { createScratchDatabase, describeWithMariaDb, type ScratchDatabase } from './mariadb.ts';

export interface StoreUnderTest {
  engine: 'sqlite' | 'mysql';
  /** The `store:` config block of the last opened store (for the CLI). */
  config(): { engine: 'sqlite'; path: string } | { engine: 'mysql'; url: string };
  /** A fresh, empty store for one test (closed by the caller). */
  open(): Promise<BotStore>;
  /** Runs raw SQL against the engine, as someone with write access to the store could (rows for SELECT). */
  sql(statement: string, params?: (string | number)[]): Promise<unknown>;
}

export function describeOnBothStores(name: string, fn: (s: () => StoreUnderTest) => void): void {
  describe(`${name} (SQLite)`, () => {
    let dir: string;
    let files = 0;
    let current: string | undefined;
    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'cloudops-store-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    fn(() => ({
      engine: 'sqlite',
      config: () => ({ engine: 'sqlite', path: current! }),
      async open() {
        current = path.join(dir, `state-${++files}.db`);
        return openSqliteStore(current);
      },
      async sql(statement, params = []) {
        const { DatabaseSync } = await import('node:sqlite');
        const db = new DatabaseSync(current!);
        try {
          const st = db.prepare(statement);
          return /^\s*select/i.test(statement) ? st.all(...params) : st.run(...params);
        } finally {
          db.close();
        }
      },
    }));
  });
  describeWithMariaDb(`${name} (MariaDB)`, () => {
    let db: ScratchDatabase | undefined;
    const dbs: ScratchDatabase[] = [];
    afterAll(async () => {
      for (const d of dbs) await d.drop();
    });
    fn(() => ({
      engine: 'mysql',
      config: () => ({ engine: 'mysql', url: db!.url }),
      async open() {
        db = await createScratchDatabase();
        dbs.push(db);
        return openMysqlStore({ url: db.url });
      },
      async sql(statement, params = []) {
        return (await db!.pool.query(statement, params))[0];
      },
    }));
  });
}
