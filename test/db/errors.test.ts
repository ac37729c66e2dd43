/** Connection failures become OpsError('database') that name the target but never the password. */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isOpsError } from '../../src/core/errors.ts';
import { createCloudDbReader } from '../../src/db/reader.ts';
import { describeWithMariaDb, MYSQL_URL } from '../helpers/mariadb.ts';

const SECRET = 'hunter2-Sup3rSecret';

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
}

describe('unreachable database', () => {
  it('maps ECONNREFUSED to a short database error without the password', async () => {
    const port = await closedPort();
    const reader = createCloudDbReader({ url: `mysql://cloud@127.0.0.1:${port}/cloud`, password: SECRET });
    const e = await failure(reader.ping());
    await reader.close();
    expect(isOpsError(e) && e.code).toBe('database');
    expect((e as Error).message).toBe(`database error: connection refused (cloud@127.0.0.1:${port}/cloud)`);
    expect(JSON.stringify(e)).not.toContain(SECRET);
  });

  it('rejects a non-mysql URL as a config error', () => {
    expect(() => createCloudDbReader({ url: 'http://db/cloud' })).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
  });
});

describeWithMariaDb('bad credentials', () => {
  it('maps access denied to a database error without the password, even when it sits in the URL', async () => {
    const u = new URL(MYSQL_URL);
    u.username = 'cloudops_nobody';
    u.password = SECRET;
    const reader = createCloudDbReader({ url: u.toString() });
    const e = await failure(reader.configurationScopes(['mem.overprovisioning.factor']));
    await reader.close();
    expect(isOpsError(e) && e.code).toBe('database');
    expect((e as Error).message).toMatch(
      /^database error: access denied \(check the user and passwordEnv\) \(cloudops_nobody@/,
    );
    expect(`${(e as Error).message} ${String((e as Error).cause)}`).not.toContain(SECRET);
  });
});
