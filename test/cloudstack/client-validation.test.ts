/** CloudStack answers are validated where they enter: extra fields and numeric strings pass, a malformed answer is a clear CloudStackError. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudStackClient, createCloudStackClient } from '../../src/cloudstack/client.ts';
import { isCloudStackError } from '../../src/cloudstack/errors.ts';

/** command → the inner object this server answers with (wrapped in `<command>response`). */
const answers = new Map<string, unknown>();
let srv: Server;
let api: CloudStackClient;

beforeAll(async () => {
  srv = createServer((req, res) => {
    const command = new URL(req.url ?? '/', 'http://x').searchParams.get('command') ?? '';
    const done = (body: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    if (req.method === 'POST') {
      let raw = '';
      req.on('data', (c) => (raw += String(c)));
      req.on('end', () => {
        const cmd = new URLSearchParams(raw).get('command') ?? '';
        done(JSON.stringify({ [`${cmd.toLowerCase()}response`]: answers.get(cmd) ?? {} }));
      });
      return;
    }
    done(JSON.stringify({ [`${command.toLowerCase()}response`]: answers.get(command) ?? {} }));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  api = createCloudStackClient({
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/client/api`,
    apiKey: 'k',
    secretKey: 's',
    retry: { maxAttempts: 1 },
    pollIntervalMs: 5,
    maxPollIntervalMs: 5,
  });
});
afterAll(async () => {
  srv.closeAllConnections();
  await new Promise((r) => srv.close(r));
});

const failure = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(isCloudStackError(e)).toBe(true);
  return e as Error & { code: string; command: string };
};

describe('response validation at the client boundary', () => {
  it('accepts extra fields and numbers sent as strings (CloudStack versions differ)', async () => {
    answers.set('listHosts', {
      count: '1',
      host: [{ id: 'h1', name: 'kvm01', memorytotal: '137438953472', newfield420: { x: 1 }, state: 'Up' }],
    });
    const [h] = await api.listHosts();
    expect(h).toMatchObject({ id: 'h1', name: 'kvm01', memorytotal: 137438953472, newfield420: { x: 1 } });
  });

  it('names the command and the field of a malformed list item', async () => {
    answers.set('listHosts', {
      count: 2,
      host: [
        { id: 'h1', name: 'kvm01' },
        { id: 'h2', memorytotal: {} },
      ],
    });
    const e = await failure(api.listHosts());
    expect(e.code).toBe('cloudstack_api');
    expect(e.command).toBe('listHosts');
    expect(e.message).toMatch(
      /^CloudStack listHosts returned an unexpected response \(host\.1\.name: .*host\.1\.memorytotal: /,
    );
  });

  it('refuses a list key that is not an array and a VM without a state', async () => {
    answers.set('listZones', { count: 1, zone: { id: 'z', name: 'z' } });
    expect((await failure(api.listZones())).message).toMatch(/listZones .*\(zone: /);
    answers.set('listVirtualMachines', { count: 1, virtualmachine: [{ id: 'v', name: 'web01' }] });
    expect((await failure(api.listVirtualMachines())).message).toMatch(/virtualmachine\.0\.state: /);
  });

  it('an empty list answer ({}) is an empty list, not an error', async () => {
    answers.set('listStoragePools', {});
    expect(await api.listStoragePools()).toEqual([]);
  });

  it('async jobs: no job id, an unknown status and a result without the VM are errors', async () => {
    answers.set('stopVirtualMachine', { id: 'v' });
    expect((await failure(api.stopVirtualMachine('v'))).message).toMatch(
      /stopVirtualMachine returned an unexpected response \(jobid: /,
    );
    answers.set('stopVirtualMachine', { jobid: 'j1' });
    answers.set('queryAsyncJobResult', { jobid: 'j1', jobstatus: 'done' });
    expect((await failure(api.stopVirtualMachine('v'))).command).toBe('queryAsyncJobResult');
    answers.set('queryAsyncJobResult', { jobid: 'j1', jobstatus: 1, jobresult: { something: 'else' } });
    expect((await failure(api.stopVirtualMachine('v'))).message).toMatch(
      /stopVirtualMachine returned an unexpected response \(virtualmachine: /,
    );
    answers.set('queryAsyncJobResult', {
      jobid: 'j1',
      jobstatus: 1,
      jobresult: { virtualmachine: { id: 'v', name: 'web01', state: 'Stopped', memory: '6144' } },
    });
    expect(await api.stopVirtualMachine('v')).toMatchObject({ state: 'Stopped', memory: 6144 });
  });

  it('a cancelled job (status 3) fails at once instead of polling to the deadline', async () => {
    answers.set('startVirtualMachine', { jobid: 'j2' });
    answers.set('queryAsyncJobResult', { jobid: 'j2', jobstatus: 3 });
    expect((await failure(api.startVirtualMachine('v'))).message).toBe(
      'CloudStack job j2 (startVirtualMachine) failed: cancelled',
    );
  });

  it('updateConfiguration without the configuration it changed is an error', async () => {
    answers.set('updateConfiguration', { success: true });
    expect((await failure(api.updateConfiguration({ name: 'a.b', value: '1' }))).message).toMatch(
      /updateConfiguration returned an unexpected response \(configuration: /,
    );
  });
});
