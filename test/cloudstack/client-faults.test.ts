import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudStackClient } from '../../src/cloudstack/client.ts';
import { isCloudStackError } from '../../src/cloudstack/errors.ts';
import { signedQuery } from '../../src/cloudstack/http.ts';
import { until } from '../helpers/event-order.ts';
import { API_KEY, type ApiLab, SECRET, startApiLab } from './lab-api.ts';

let lab: ApiLab;
beforeAll(async () => {
  lab = await startApiLab('memory-cap', { slowDelayMs: 1500 });
});
afterAll(() => lab.close());

const since = (n: number) => lab.server.requests().slice(n);

describe('client ↔ lab API: authentication', () => {
  it('a parameter changed after signing gets CloudStack 401', async () => {
    const q = signedQuery({ apiKey: API_KEY, secretKey: SECRET }, 'listVirtualMachines', { name: 'web01' });
    const ok = await fetch(`${lab.server.url}?${q}`);
    expect(ok.status).toBe(200);
    const res = await fetch(`${lab.server.url}?${q.replace('name=web01', 'name=web02')}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      listvirtualmachinesresponse: {
        uuidList: [],
        errorcode: 401,
        errortext: 'unable to verify user credentials and/or request signature',
      },
    });
  });

  it('an expired request gets 401', async () => {
    const q = signedQuery(
      { apiKey: API_KEY, secretKey: SECRET },
      'listZones',
      {},
      new Date(Date.now() - 10 * 60_000),
    );
    expect((await fetch(`${lab.server.url}?${q}`)).status).toBe(401);
  });

  it('a wrong secret is a cloudstack_auth error that never shows the secret or signature', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(c, _e, cb) {
          lines.push(String(c));
          cb();
        },
      }),
    );
    const wrong = 'wrong-secret-value';
    const err = await lab
      .client({ secretKey: wrong, logger })
      .listZones()
      .catch((e: unknown) => e);
    expect(isCloudStackError(err)).toBe(true);
    expect(err).toMatchObject({
      code: 'cloudstack_auth',
      userMessage: 'API key/secret rejected by CloudStack (401)',
    });
    const all = `${(err as Error).message}${JSON.stringify(err)}${lines.join('')}`;
    expect(lines.length).toBeGreaterThan(0);
    expect(all).not.toContain(wrong);
    expect(all).not.toContain('signature=');
  });

  it("the 'bad-signature' fault rejects the right secret too", async () => {
    lab.server.setFault('bad-signature');
    try {
      await expect(lab.client().listZones()).rejects.toMatchObject({ code: 'cloudstack_auth' });
    } finally {
      lab.server.setFault('none');
    }
  });
});

describe('client ↔ lab API: retries', () => {
  it('retries a read on 5xx, then fails with cloudstack_api; never retries a mutation', async () => {
    const api = lab.client();
    const vm = (await api.listVirtualMachines({ name: 'web02' }))[0]!;
    lab.server.setFault('5xx');
    try {
      let n = lab.server.requests().length;
      await expect(api.listZones()).rejects.toMatchObject({
        code: 'cloudstack_api',
        errorcode: 530,
        httpStatus: 530,
      });
      expect(since(n).map((r) => r.command)).toEqual(['listZones', 'listZones', 'listZones']);

      n = lab.server.requests().length;
      await expect(api.stopVirtualMachine(vm.id)).rejects.toMatchObject({
        code: 'cloudstack_api',
        errorcode: 530,
      });
      await expect(
        api.updateConfiguration({ name: 'capacity.check.period', value: '1000' }),
      ).rejects.toMatchObject({ errorcode: 530 });
      await expect(api.request('listZones', {}, { read: false })).rejects.toMatchObject({ errorcode: 530 });
      expect(since(n).map((r) => `${r.method} ${r.command}`)).toEqual([
        'POST stopVirtualMachine',
        'POST updateConfiguration',
        'POST listZones',
      ]);
    } finally {
      lab.server.setFault('none');
    }
    expect(lab.world.vmByName('web02')?.state).toBe('Running');
  });

  it("times out on the 'slow' fault, retrying reads only", async () => {
    lab.server.setFault('slow');
    try {
      const api = lab.client({ timeoutMs: 200, retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 } });
      const n = lab.server.requests().length;
      const err = await api.listZones().catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'timeout' });
      expect((err as Error).message).toMatch(/listZones within 200 ms \(after 2 tries\)/);
      await expect(api.rebootVirtualMachine(lab.world.vmByName('web01')!.id)).rejects.toMatchObject({
        code: 'timeout',
      });
      // The server logs a request when it answers, 1.5 s later: wait for the three entries, not for a time.
      await until(() => since(n).length >= 3);
      expect(since(n).map((r) => r.command)).toEqual(['listZones', 'listZones', 'rebootVirtualMachine']);
    } finally {
      lab.server.setFault('none');
    }
  });

  it('reports an unreachable endpoint as host_unreachable', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const { port } = srv.address() as AddressInfo;
    await new Promise((r) => srv.close(r));
    const api = createCloudStackClient({
      url: `http://127.0.0.1:${port}/client/api`,
      apiKey: 'k',
      secretKey: 's',
      retry: { maxAttempts: 2, baseDelayMs: 5 },
    });
    await expect(api.listZones()).rejects.toMatchObject({
      code: 'host_unreachable',
      userMessage: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('waits for Retry-After on 429 before trying a read again', async () => {
    const hits: number[] = [];
    const srv = createServer((_req, res) => {
      hits.push(Date.now());
      if (hits.length === 1) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            listzonesresponse: {
              uuidList: [],
              errorcode: 429,
              cserrorcode: 9999,
              errortext: 'too many requests',
            },
          }),
        );
      } else {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ listzonesresponse: { count: 1, zone: [{ id: 'z', name: 'z' }] } }));
      }
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const { port } = srv.address() as AddressInfo;
      const api = createCloudStackClient({
        url: `http://127.0.0.1:${port}/client/api`,
        apiKey: 'k',
        secretKey: 's',
        retry: { baseDelayMs: 5 },
      });
      expect(await api.listZones()).toEqual([{ id: 'z', name: 'z' }]);
      expect(hits).toHaveLength(2);
      expect(hits[1]! - hits[0]!).toBeGreaterThanOrEqual(950);
    } finally {
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
    }
  });
});
