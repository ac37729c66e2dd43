/**
 * The storage move through the real approval service (SQLite store, signed lab API): diagnosis → planFromFinding
 * → request → one approval → the executor runs stop/migrate/start per the plan, each step pre-checked and
 * verified; nothing reaches the lab before the approval, and a pre-check that fails at request time or right
 * before a step stops it.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lab } from '../../src/lab/start-lab.ts';
import { startLab } from '../../src/lab/start-lab.ts';
import { labUuid } from '../../src/lab/world.ts';
import { planFromFinding } from '../../src/runbooks/plan-from-finding.ts';
import type { StoragePoolsData } from '../../src/tools/storage/storage-pools.ts';
import { openServiceOnLab, slack } from '../helpers/approvals-lab.ts';

let lab: Lab | undefined;
let service: Awaited<ReturnType<typeof openServiceOnLab>> | undefined;
afterEach(async () => {
  await service?.close();
  await lab?.close();
  service = undefined;
  lab = undefined;
});

async function plan(question: string) {
  lab = await startLab({ scenario: 'storage-move', logger: pino({ level: 'silent' }) });
  service = await openServiceOnLab(lab.configPath);
  const d = await service.diagnose(question, { lang: 'en' });
  return planFromFinding(d.findings.find((f) => f.runbook === 'storage-move')!);
}

const request = (p: Awaited<ReturnType<typeof plan>>) =>
  service!.approvals.create({
    env: lab!.scenario.environment,
    steps: p.steps,
    title: p.title,
    concurrency: p.concurrency,
    requester: slack('UREQ'),
    origin: { env: lab!.scenario.environment },
  });

describe('storage move, approved', () => {
  it('nothing before the approval; after it every volume is on the new pool and the old one is empty', async () => {
    const p = await plan('move the storage of the VMs on nfs-a to the new pair');
    const created = await request(p);
    if (!created.ok) throw new Error(created.message);
    expect(created.request.risk).toBe('mutate');
    expect(created.request.prechecks.every((c) => c.ok)).toBe(true);
    expect(lab!.mutations()).toEqual([]);
    const r = await service!.approvals.approve(created.request.id, slack('UAPP1'));
    expect(r.ok).toBe(true);
    const done = await (r as { execution?: Promise<{ status: string }> }).execution;
    expect(done?.status).toBe('done');
    const nfsB = labUuid('pool', 'nfs-b');
    const vm = (n: string) => lab!.world.vmByName(n)!.id;
    const vol = (n: string) => lab!.world.volumes.find((v) => v.vm.name === n)!.id;
    expect(lab!.mutations().map((m) => [m.command, m.params, m.ok])).toEqual([
      ['migrateVolume', { volumeid: vol('db01'), storageid: nfsB }, true],
      ['stopVirtualMachine', { id: vm('web01') }, true],
      ['migrateVolume', { volumeid: vol('web01'), storageid: nfsB }, true],
      ['startVirtualMachine', { id: vm('web01') }, true],
      ['migrateVolume', { volumeid: vol('web02'), storageid: nfsB }, true],
    ]);
    const after = (await service!.approvals.get(created.request.id))!;
    expect(after.steps.map((s) => s.status)).toEqual([
      'complete',
      'complete',
      'complete',
      'complete',
      'complete',
    ]);
    expect(after.steps[0]!.result).toContain('on primary-nfs-b');
    const pools = (await service!.runTool('storage_pools', {})).data as StoragePoolsData;
    expect(pools.pools.find((x) => x.name === 'primary-nfs-a')!.volumes).toEqual([]);
    expect(lab!.world.vmByName('web01')!.state).toBe('Running');
  }, 120_000);

  it('a target pool without room refuses the request itself; nothing reaches the lab', async () => {
    const p = await plan('move the storage of the VMs on nfs-a to the new pair');
    lab!.world.storagePairs[1]!.pool.otherAllocatedGiB = 10_200;
    const created = await request(p);
    expect(created).toMatchObject({ ok: false, code: 'precheck_failed' });
    expect((created as { message: string }).message).toContain('not enough room');
    expect(lab!.mutations()).toEqual([]);
  });

  it('a pool put in maintenance after the approval cancels the next step before it runs', async () => {
    const p = await plan('move the storage of the VMs on nfs-a to the new pair');
    const created = await request(p);
    if (!created.ok) throw new Error(created.message);
    lab!.world.storagePairs[1]!.pool.state = 'Maintenance';
    const r = await service!.approvals.approve(created.request.id, slack('UAPP1'));
    const done = await (r as { execution?: Promise<{ status: string }> }).execution;
    expect(done?.status).toBe('failed');
    expect(lab!.mutations()).toEqual([]);
    const after = (await service!.approvals.get(created.request.id))!;
    expect(after.steps[0]!.result).toContain('primary-nfs-b is Maintenance, not Up');
  });
});
