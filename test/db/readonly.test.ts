/** Both locks of the read-only door: the in-process statement guard and the server's READ ONLY session; plus the timeout. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudDbReader, createCloudDbReader, testOnlyInternals } from '../../src/db/reader.ts';
import { assertReadOnlySql, prepareSession } from '../../src/db/readonly.ts';
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

  it.each([
    'SELECT `update`, `into` FROM `delete`',
    'SELECT "a; DROP TABLE x" AS a',
    "SELECT 'it\\'s; DELETE' AS a",
    "SELECT 'it''s; DELETE' AS a",
    'SELECT 1 -- DELETE FROM x; DROP TABLE y',
    'SELECT 1 # DELETE; DROP',
    'SHOW CREATE TABLE configuration',
    'show full processlist',
    'SELECT settings FROM updates_log',
    'SELECT 1;  ',
    '-- why\nSELECT 1',
    '# why\nSELECT 1',
  ])('allows %s (keywords only in quotes, comments, identifiers, or a SHOW)', (sql) => {
    expect(() => assertReadOnlySql(sql)).not.toThrow();
  });

  it.each([
    ['', 'only SELECT, SHOW or WITH may run, not an empty statement'],
    ['  -- only a comment', 'only SELECT, SHOW or WITH may run, not an empty statement'],
    ['explain SELECT 1', 'only SELECT, SHOW or WITH may run, not EXPLAIN'],
    ['(SELECT 1)', 'only SELECT, SHOW or WITH may run, not an empty statement'],
    ['SELECT 1; SELECT 2', 'more than one statement'],
    ['SELECT 1;;', 'more than one statement'],
    ["SELECT 1 /*M! INTO OUTFILE '/tmp/x' */", 'executable comments (/*! … */) are not allowed'],
    ['select * from t for update', 'UPDATE is not allowed in a read-only query'],
    ['SELECT sleep(1) INTO @x', 'INTO is not allowed in a read-only query'],
    ['WITH a AS (SELECT 1) SELECT * FROM a LOCK IN SHARE MODE', 'LOCK is not allowed in a read-only query'],
    ["SELECT 1 /* */ INTO DUMPFILE '/tmp/x'", 'INTO is not allowed in a read-only query'],
    // A comment with no space around it still separates words, as it does on the server.
    ['SELECT sleep(1)/**/INTO/**/@x', 'INTO is not allowed in a read-only query'],
    ["SELECT 'a'INTO @x", 'INTO is not allowed in a read-only query'],
    ["SELECT 1/**/INTO/**/OUTFILE '/tmp/x'", 'INTO is not allowed in a read-only query'],
  ])('refuses %j saying why', (sql, why) => {
    expect(() => assertReadOnlySql(sql)).toThrow(`database door refused a statement: ${why}`);
  });

  it.each([
    'INSERT',
    'UPDATE',
    'DELETE',
    'REPLACE',
    'INTO',
    'LOCK',
    'CALL',
    'SET',
    'DROP',
    'ALTER',
    'CREATE',
    'GRANT',
    'REVOKE',
    'TRUNCATE',
    'RENAME',
    'HANDLER',
    'LOAD',
    'DO',
    'OUTFILE',
    'DUMPFILE',
  ])('refuses %s anywhere in a SELECT', (word) => {
    expect(() => assertReadOnlySql(`SELECT 1 FROM t ${word.toLowerCase()} x`)).toThrow(
      `database door refused a statement: ${word} is not allowed in a read-only query`,
    );
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

  it('prepareSession: READ ONLY, MariaDB statement time in seconds, MySQL variable skipped on MariaDB', async () => {
    const conn = await db.pool.getConnection();
    try {
      const vars = async () =>
        (
          (await conn.query('SELECT @@session.tx_read_only AS ro, @@max_statement_time AS t'))[0] as {
            ro: number;
            t: string | number;
          }[]
        )[0]!;
      expect(await prepareSession(conn, 1499.6)).toBe('mariadb');
      expect(await vars()).toMatchObject({ ro: 1 });
      expect(Number((await vars()).t)).toBe(1.5);
      // Told the server is MariaDB: no probing, same result; told it is MySQL: that variable does not exist here.
      expect(await prepareSession(conn, 0.2, 'mariadb')).toBe('mariadb');
      expect(Number((await vars()).t)).toBe(0.001);
      // Any other server error is a real failure, not "the other server family".
      await expect(prepareSession(conn, Number.NaN)).rejects.toMatchObject({ errno: expect.any(Number) });
      expect(await prepareSession(conn, 2000, 'mysql')).toBe('none');
      expect(Number((await vars()).t)).toBe(0.001);
    } finally {
      conn.release();
    }
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
    // The deadline is the point (SLEEP(5) was cut at 500 ms, not waited out): generous for a loaded machine.
    expect(Date.now() - t0).toBeLessThan(2500);
    await expect(reader.ping()).resolves.toMatchObject({ flavor: 'mariadb' });
  });
});
