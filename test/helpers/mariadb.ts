/**
 * MariaDB plumbing for SQL tests: probe the server once, skip loudly (or fail in CI) when it is absent,
 * and give each test file its own scratch database holding the CloudStack schema subset.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Connection, Pool } from 'mysql2/promise';
import mysql from 'mysql2/promise';
import { describe, it, TestRunner } from 'vitest';
import { applyCloudStackSchema, seedCloudDatabase } from '../../src/lab/db-seed.ts';
import type { LabWorld } from '../../src/lab/world.ts';
import { fixturePath } from './fixtures.ts';

export const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const REQUIRED = process.env.CLOUDOPS_REQUIRE_MARIADB === '1';

/** The URL without its password, for messages. */
const shownUrl = (() => {
  const u = new URL(MYSQL_URL);
  u.password = '';
  return u.toString();
})();

async function probeMariaDb(): Promise<{ available: boolean; reason?: string }> {
  try {
    const conn = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 1500 });
    await conn.query('SELECT 1');
    await conn.end();
    return { available: true };
  } catch (e) {
    return { available: false, reason: (e as { code?: string }).code ?? String(e) };
  }
}

export const mariadb = await probeMariaDb();

type Task = { type: string; tasks?: Task[] };
const countTests = (tasks: readonly Task[]): number =>
  tasks.reduce((n, t) => n + (t.type === 'test' ? 1 : countTests(t.tasks ?? [])), 0);

/** `describe` that needs MariaDB: runs when it answers, else skips with a banner, or fails under CLOUDOPS_REQUIRE_MARIADB=1. */
export function describeWithMariaDb(name: string, fn: () => void): void {
  if (mariadb.available) {
    describe(name, fn);
    return;
  }
  const why = `MariaDB not reachable at ${shownUrl} (${mariadb.reason})`;
  if (REQUIRED) {
    describe(name, () => {
      it('needs MariaDB (CLOUDOPS_REQUIRE_MARIADB=1)', () => {
        throw new Error(
          `${why}; start it: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd`,
        );
      });
    });
    return;
  }
  describe.skip(name, () => {
    fn();
    const n = countTests(TestRunner.getCurrentSuite().tasks as Task[]);
    const line = '!'.repeat(78);
    console.warn(
      `\n${line}\n  ${why}: ${n} SQL tests SKIPPED in "${name}"\n  (set CLOUDOPS_REQUIRE_MARIADB=1 to make this a failure)\n${line}\n`,
    );
  });
}

export interface ScratchDatabase {
  name: string;
  /** MYSQL_URL pointing at the scratch database (same credentials). */
  url: string;
  /** Root pool on the scratch database: for loading and seeding, never for the code under test. */
  pool: Pool;
  drop(): Promise<void>;
}

export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `cloudops_test_${randomBytes(6).toString('hex')}`;
  const admin = await mysql.createConnection({ uri: MYSQL_URL });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await admin.end();
  const u = new URL(MYSQL_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const pool = mysql.createPool({ uri: url, connectionLimit: 2, dateStrings: true });
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end().catch(() => undefined);
      const c = await mysql.createConnection({ uri: MYSQL_URL });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

/** Executes the shared 4.20.1 schema subset (plus the lab's cluster/data_center stand-ins) into `dbName`. */
export async function loadCloudStackSchema(conn: Connection, dbName: string): Promise<void> {
  await applyCloudStackSchema(
    conn,
    dbName,
    readFileSync(fixturePath('cloudstack-schema-subset.sql'), 'utf8'),
  );
}

/** Runs `fn` on one root connection of the scratch pool (session settings like USE stick to it). */
export async function withRootConnection<T>(
  db: ScratchDatabase,
  fn: (c: Connection) => Promise<T>,
): Promise<T> {
  const c = await db.pool.getConnection();
  try {
    return await fn(c);
  } finally {
    c.release();
  }
}

/** A scratch database with the CloudStack schema subset loaded and `world` seeded into it. */
export async function createSeededDatabase(world: LabWorld): Promise<ScratchDatabase> {
  const db = await createScratchDatabase();
  try {
    await withRootConnection(db, async (c) => {
      await loadCloudStackSchema(c, db.name);
      await seedCloudDatabase(c, world);
    });
  } catch (e) {
    await db.drop();
    throw e;
  }
  return db;
}
