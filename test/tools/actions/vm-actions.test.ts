/** VM actions against the lab over signed HTTP: the world changes, verification passes, and prechecks catch a world that moved. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateVm } from '../../../src/tools/actions/migrate-vm.ts';
import { rebootVm } from '../../../src/tools/actions/reboot-vm.ts';
import { scaleVm } from '../../../src/tools/actions/scale-vm.ts';
import { startVm } from '../../../src/tools/actions/start-vm.ts';
import { stopVm } from '../../../src/tools/actions/stop-vm.ts';
import { type ActionLab, startActionLab } from '../../helpers/action-lab.ts';

let a: ActionLab;
beforeEach(async () => {
  a = await startActionLab('memory-cap');
});
afterEach(async () => {
  await a.close();
});

const vm = (name: string) => a.lab.world.vmByName(name)!;

describe('stop_vm / start_vm', () => {
  it('stops gracefully, verifies Stopped, and the lab saw exactly one stopVirtualMachine without forced', async () => {
    const r = await a.act(stopVm, { vm: 'web02', expectedHost: 'kvm01' });
    expect(r.pre).toMatchObject({ ok: true });
    expect(r.pre.text).toContain('DRBD pair nfs-a Connected/UpToDate');
    expect(r.post).toMatchObject({ ok: true });
    expect(vm('web02').state).toBe('Stopped');
    expect(a.mutations()).toEqual([
      { via: 'api', command: 'stopVirtualMachine', params: { id: vm('web02').id }, ok: true },
    ]);
  });

  it('passes forced=true only when asked', async () => {
    await a.act(stopVm, { vm: 'web02', forced: true });
    expect(a.mutations()).toEqual([
      { via: 'api', command: 'stopVirtualMachine', params: { id: vm('web02').id, forced: 'true' }, ok: true },
    ]);
    expect(stopVm.describe!(stopVm.input.parse({ vm: 'web02', forced: true }), 'en')).toContain('FORCE');
    expect(stopVm.describe!(stopVm.input.parse({ vm: 'web02' }), 'ja')).toContain('正常シャットダウン');
  });

  it('precheck fails and nothing is called when the VM is not where the plan assumed', async () => {
    const r = await a.act(stopVm, { vm: 'web02', expectedHost: 'kvm02' });
    expect(r.pre.ok).toBe(false);
    expect(r.pre.text).toContain('web02 runs on kvm01, the plan assumed kvm02');
    expect(r.data).toBeUndefined();
    expect(a.mutations()).toEqual([]);
  });

  it('precheck fails for a VM that is already stopped', async () => {
    const r = await a.act(stopVm, { vm: 'batch01' });
    expect(r.pre).toMatchObject({ ok: false });
    expect(r.pre.text).toContain('batch01 is Stopped, the plan assumed Running');
  });

  it('starts a stopped VM on a chosen host and verifies it runs there', async () => {
    const r = await a.act(startVm, { vm: 'batch01', host: 'kvm01', expectedState: 'Stopped' });
    expect(r.post).toMatchObject({ ok: true });
    expect(vm('batch01')).toMatchObject({ state: 'Running' });
    expect(vm('batch01').host.name).toBe('kvm01');
    const host = a.lab.world.hostByName('kvm01')!;
    expect(a.mutations()).toEqual([
      {
        via: 'api',
        command: 'startVirtualMachine',
        params: { id: vm('batch01').id, hostid: host.id },
        ok: true,
      },
    ]);
  });

  it('start precheck fails when the plan assumed Stopped but the VM runs', async () => {
    const r = await a.act(startVm, { vm: 'web01', expectedState: 'Stopped' });
    expect(r.pre).toMatchObject({ ok: false });
    expect(a.mutations()).toEqual([]);
  });
});

describe('reboot_vm', () => {
  it('graceful keeps the domain memory; forced (stop+start) re-sizes it from the changed setting', async () => {
    a.lab.world.setSetting('vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor', 'false');
    const before = vm('web01').domain!.currentMemoryKiB;
    expect(before).toBe(3 * 1024 * 1024);
    await a.act(rebootVm, { vm: 'web01' });
    expect(vm('web01').domain!.currentMemoryKiB).toBe(before);
    const r = await a.act(rebootVm, { vm: 'web01', forced: true });
    expect(r.post).toMatchObject({ ok: true });
    expect(vm('web01').domain!.currentMemoryKiB).toBe(6 * 1024 * 1024);
    const id = vm('web01').id;
    expect(a.mutations()).toEqual([
      { via: 'api', command: 'rebootVirtualMachine', params: { id }, ok: true },
      { via: 'api', command: 'rebootVirtualMachine', params: { id, forced: 'true' }, ok: true },
    ]);
  });
});

describe('migrate_vm', () => {
  it('without a host picks the suitable one from findHostsForMigration, says why, and verifies', async () => {
    const r = await a.act(migrateVm, { vm: 'web01', expectedHost: 'kvm01' });
    expect(r.pre.ok).toBe(true);
    expect(r.data).toMatchObject({ from: 'kvm01', to: 'kvm02' });
    expect((r.data as { reason: string }).reason).toMatch(
      /kvm02: suitable, no storage motion, [\d.]+ GiB free/,
    );
    expect(r.post).toMatchObject({ ok: true });
    expect(vm('web01').host.name).toBe('kvm02');
    expect(vm('web01').state).toBe('Running');
    expect(a.mutations()).toEqual([
      {
        via: 'api',
        command: 'migrateVirtualMachine',
        params: { virtualmachineid: vm('web01').id, hostid: a.lab.world.hostByName('kvm02')!.id },
        ok: true,
      },
    ]);
  });

  it('precheck fails when the VM moved since the plan', async () => {
    a.lab.world.migrateVm(vm('web01'), a.lab.world.hostByName('kvm02')!);
    const r = await a.act(migrateVm, { vm: 'web01', host: 'kvm01', expectedHost: 'kvm01' });
    expect(r.pre.ok).toBe(false);
    expect(r.pre.text).toContain('web01 runs on kvm02, the plan assumed kvm01');
    expect(a.mutations()).toEqual([]);
  });
});

describe('scale_vm', () => {
  it('refuses a running fixed-offering VM, then scales it once stopped and verifies the offering', async () => {
    const refused = await a.act(scaleVm, { vm: 'db01', offering: 'm6g', expectedOffering: 'm4g' });
    expect(refused.pre).toMatchObject({ ok: false });
    expect(refused.pre.text).toContain('stop it first');
    await a.act(stopVm, { vm: 'db01' });
    const r = await a.act(scaleVm, { vm: 'db01', offering: 'm6g', expectedOffering: 'm4g' });
    expect(r.post).toMatchObject({ ok: true });
    expect(vm('db01').offering.name).toBe('m6g');
    expect(a.mutations().map((m) => m.command)).toEqual(['stopVirtualMachine', 'scaleVirtualMachine']);
  });

  it('precheck fails when the offering is not what the plan assumed', async () => {
    await a.act(stopVm, { vm: 'db01' });
    const r = await a.act(scaleVm, { vm: 'db01', offering: 'm6g', expectedOffering: 'm6g' });
    expect(r.pre.text).toContain('db01 has offering m4g, the plan assumed m6g');
  });
});

describe('verification without run data (the executor resuming after a restart)', () => {
  it('judges from the input alone, and says so when it cannot', async () => {
    await a.act(stopVm, { vm: 'web02' });
    expect(
      await stopVm.verify!(stopVm.input.parse({ vm: 'web02' }), undefined as never, a.ctx),
    ).toMatchObject({ ok: true });
    expect(
      await startVm.verify!(startVm.input.parse({ vm: 'web02' }), undefined as never, a.ctx),
    ).toMatchObject({ ok: false });
    await a.act(migrateVm, { vm: 'web01', expectedHost: 'kvm01' });
    const resumed = migrateVm.input.parse({ vm: 'web01', expectedHost: 'kvm01' });
    expect(await migrateVm.verify!(resumed, undefined as never, a.ctx)).toMatchObject({ ok: true });
    expect(
      await migrateVm.verify!(migrateVm.input.parse({ vm: 'web01' }), undefined as never, a.ctx),
    ).toEqual({
      ok: false,
      text: 'web01 (i-2-31-VM) Running on kvm02: the target chosen at run time is unknown',
    });
  });
});
