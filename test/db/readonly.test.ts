/** Both locks of the read-only door: the in-process statement guard and the server's READ ONLY session; plus the timeout. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudDbReader, createCloudDbReader, testOnlyInternals } from '../../src/db/reader.ts';
import { assertReadOnlySql } from '../../src/db/readonly.ts';
import { createSeededDatabase, describeWithMariaDb, type ScratchDatabase } from '../helpers/mariadb.ts';
import { memoryCapWorld } from './lab-world.ts';

describe('assertReadOnlySql', () => {
  it.each([
    'SELECT name, updated FROM configuration WHERE value = ?',
    "select 'please DELETE me' AS note",
    'WITH x AS (SELECT 1 AS a) SELECT a FROM x',
    'SHOW VARIABLES LIKE ?',
    '  /* why */ SELECT 1;',
    "SELECT '-- not a comment; # nor this' AS a",
  ])('allows %s', (sql) => {
    expect(() => assertReadOnlySql(sql)).not.toThrow();
  });

  it.each([
    "INSERT INTO configuration (name) VALUES ('x')",
    "UPDATE configuration SET value = 'x'",
    'DELETE FROM configuration',
    '/* SELECT */ DELETE FROM configuration',
    'WITH x AS (SELECT 1) DELETE FROM configuration',
    "SELECT * FROM configuration INTO OUTFILE '/tmp/x'",
    'SELECT * FROM configuration FOR UPDATE',
    'SELECT 1; DROP TABLE configuration',
    "SELECT 'a#', 1 INTO OUTFILE '/tmp/x'",
    "SELECT 1 /*! INTO OUTFILE '/tmp/x' */",
    'SET SESSION TRANSACTION READ WRITE',
    '',
  ])('refuses %s', (sql) => {
    expect(() => assertReadOnlySql(sql)).toThrow(expect.objectContaining({ code: 'read_only_violation' }));
  });
});

describeWithMariaDb('read-only sessions and statement timeout', () => {
  let db: ScratchDatabase;
  let reader: CloudDbReader;
  const countRows = async () =>
    Number(((await db.pool.query('SELECT COUNT(*) AS n FROM configuration'))[0] as { n: number }[])[0]?.n);
  beforeAll(async () => {
    db = await createSeededDatabase(memoryCapWorld());
    reader = createCloudDbReader({ url: db.url, queryTimeoutMs: 500 });
  });
  afterAll(async () => {
    await reader?.close();
    await db?.drop();
  });

  it('the internal runner refuses an INSERT before it reaches the server', async () => {
    const before = await countRows();
    await expect(
      testOnlyInternals(reader).run("INSERT INTO configuration (instance, name) VALUES ('DEFAULT', 'evil')"),
    ).rejects.toMatchObject({
      code: 'read_only_violation',
      message: expect.stringMatching(/only SELECT, SHOW or WITH/),
    });
    expect(await countRows()).toBe(before);
  });

  it('a reader session is READ ONLY on the server: a raw INSERT fails with ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION', async () => {
    const before = await countRows();
    await expect(
      testOnlyInternals(reader).withSession((c) =>
        c.query("INSERT INTO configuration (instance, name) VALUES ('DEFAULT', 'evil')"),
      ),
    ).rejects.toMatchObject({ code: 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION' });
    await expect(
      testOnlyInternals(reader).withSession((c) => c.query("UPDATE configuration SET value = 'x'")),
    ).rejects.toMatchObject({
      errno: 1792,
    });
    expect(await countRows()).toBe(before);
  });

  it('a slow statement is cut at the timeout with a clear error, and the reader keeps working', async () => {
    const t0 = Date.now();
    await expect(testOnlyInternals(reader).run('SELECT SLEEP(5) AS s')).rejects.toMatchObject({
      code: 'database',
      message: expect.stringMatching(/timed out after 500 ms/),
    });
    expect(Date.now() - t0).toBeLessThan(2500);
    await expect(reader.ping()).resolves.toMatchObject({ flavor: 'mariadb' });
  });
});
