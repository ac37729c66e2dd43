/**
 * The lab's optional CloudStack database: a fresh MariaDB/MySQL database loaded with the 4.20.1 schema subset
 * (lab/cloudstack-schema-subset.sql, a copy of shared/fixtures) and seeded from the LabWorld, so the bot's
 * read-only DB door has something real to read. Lab only: it needs an account that may create databases.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { applyCloudStackSchema, seedCloudDatabase } from './db-seed.ts';
import type { LabWorld } from './world.ts';

const SCHEMA = fileURLToPath(new URL('../../lab/cloudstack-schema-subset.sql', import.meta.url));

export interface LabDatabase {
  /** DSN of the seeded database, same credentials as the admin URL. */
  url: string;
  /** Re-seeds from the world (after updateConfiguration through the lab API, say). */
  reseed(): Promise<void>;
  drop(): Promise<void>;
}

export async function createLabDatabase(adminUrl: string, world: LabWorld): Promise<LabDatabase> {
  const name = `cloudops_lab_${randomBytes(5).toString('hex')}`;
  const conn = await mysql.createConnection({ uri: adminUrl });
  try {
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    await applyCloudStackSchema(conn, name, await readFile(SCHEMA, 'utf8'));
    await seedCloudDatabase(conn, world);
  } catch (e) {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``).catch(() => undefined);
    await conn.end();
    throw e;
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    reseed: () => seedCloudDatabase(conn, world),
    async drop() {
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``).catch(() => undefined);
      await conn.end();
    },
  };
}
