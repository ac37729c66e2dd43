/**
 * The audit key lives outside the store. Without one the bot says so at start-up and refuses mutation
 * requests while reads keep working; a key file others can read, or a short key, stops the start; the key
 * itself never appears in a log line, an error or an audit row (the canary sweep checks every output).
 */
import { chmod, readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { createOpsService, type WiredOpsService } from '../../src/core/create-ops-service.ts';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';
import type { BotStore } from '../../src/store/audit-rows.ts';
import { POLICY, slack } from '../helpers/approvals-lab.ts';
import { describeOnBothStores } from '../helpers/both-stores.ts';
import { plantLabSecrets } from '../helpers/canaries.ts';

let lab: Lab | undefined;
let service: WiredOpsService | undefined;
let store: BotStore | undefined;
afterEach(async () => {
  await service?.close();
  await store?.close();
  await lab?.close();
  service = lab = store = undefined;
});

function logSink() {
  const lines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _e, cb) {
        lines.push(String(chunk));
        cb();
      },
    }),
  );
  return { logger, text: () => lines.join('') };
}

async function openLab(opts: { keyFile?: boolean } = {}) {
  lab = await startLab({ scenario: 'healthy', logger: pino({ level: 'silent' }) });
  await plantLabSecrets(lab.configPath);
  const loaded = await loadConfig(lab.configPath, {});
  loaded.config.approvals = { ...POLICY, approvers: { ...POLICY.approvers } };
  if (opts.keyFile === false) delete loaded.config.auditKeyFile;
  return loaded;
}

describeOnBothStores('the audit key', (backend) => {
  it('without a key: start-up says what is missing, mutations are refused, reads still work', {
    timeout: 30_000,
  }, async () => {
    const loaded = await openLab({ keyFile: false });
    const log = logSink();
    store = await backend().open();
    service = await createOpsService({ loaded, logger: log.logger, store, env: {} });
    expect(log.text()).toMatch(/no audit key: set CLOUDOPS_AUDIT_KEY or auditKeyFile/);
    const r = await service.approvals.create({
      env: 'lab',
      steps: [{ tool: 'stop_vm', input: { vm: 'web01' } }],
      requester: slack('UREQ'),
      origin: { env: 'lab' },
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'not_allowed',
      message: expect.stringMatching(/mutations are refused/),
    });
    const read = await service.runTool('capacity', {}, { actor: slack('UREQ') });
    expect(read.status).toBe('ok');
    expect(lab!.mutations()).toEqual([]);
    expect(await service.audit.verify()).toMatchObject({
      ok: true,
      signed: false,
      note: expect.stringMatching(/no audit key/),
    });
  });

  it('a request made with the key cannot be approved by a replica started without one', {
    timeout: 30_000,
  }, async () => {
    const loaded = await openLab();
    store = await backend().open();
    const signer = await createOpsService({ loaded, logger: pino({ level: 'silent' }), store, env: {} });
    const r = await signer.approvals.create({
      env: 'lab',
      steps: [{ tool: 'stop_vm', input: { vm: 'web01' } }],
      requester: slack('UREQ'),
      origin: { env: 'lab' },
    });
    await signer.close();
    if (!r.ok) throw new Error(r.message);
    const keyless = structuredClone(loaded);
    delete keyless.config.auditKeyFile;
    service = await createOpsService({ loaded: keyless, logger: pino({ level: 'silent' }), store, env: {} });
    expect(await service.approvals.approve(r.request.id, slack('UAPP1'))).toMatchObject({
      ok: false,
      code: 'not_allowed',
      message: expect.stringMatching(/no audit key/),
    });
    expect(lab!.mutations()).toEqual([]);
  });

  it('with the lab key file: requests are signed and the key shows nowhere', {
    timeout: 30_000,
  }, async () => {
    const loaded = await openLab();
    const key = (await readFile(loaded.config.auditKeyFile!, 'utf8')).trim();
    const log = logSink();
    store = await backend().open();
    service = await createOpsService({ loaded, logger: log.logger, store, env: {} });
    const r = await service.approvals.create({
      env: 'lab',
      steps: [{ tool: 'stop_vm', input: { vm: 'web01' } }],
      requester: slack('UREQ'),
      origin: { env: 'lab' },
    });
    if (!r.ok) throw new Error(r.message);
    const stored = await store.get<{ sig?: string }>('request', r.request.id);
    expect(stored?.value.sig).toMatch(/^[0-9a-f]{64}$/);
    const rows = JSON.stringify(await service.audit.list({ limit: 100 }));
    expect(rows).not.toContain(key);
    expect(log.text()).not.toContain(key);
  });
});

it('a key file group or others can read, or a short key, stops the start and never echoes the key', {
  timeout: 30_000,
}, async () => {
  const loaded = await openLab();
  const file = loaded.config.auditKeyFile!;
  const key = (await readFile(file, 'utf8')).trim();
  await chmod(file, 0o644);
  const err = await createOpsService({ loaded, logger: pino({ level: 'silent' }), env: {} }).catch(
    (e: Error) => e,
  );
  expect(String(err)).toMatch(/auditKeyFile .*group or others can read it \(mode 644\); chmod 600 it/);
  expect(String(err)).not.toContain(key);
  await chmod(file, 0o600);
  const short = await createOpsService({
    loaded,
    logger: pino({ level: 'silent' }),
    env: { CLOUDOPS_AUDIT_KEY: 'too-short' },
  }).catch((e: Error) => e);
  expect(String(short)).toMatch(/CLOUDOPS_AUDIT_KEY: the audit key must be 32/);
  expect(String(short)).not.toContain('too-short');
});
