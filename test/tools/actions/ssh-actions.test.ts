/** Restarts and the DRBD split-brain recovery over real SSH to the lab hosts: declared argv only, world changed, verified. */
import { afterEach, describe, expect, it } from 'vitest';
import { noArgs } from '../../../src/ssh/arg-patterns.ts';
import { defineCommand } from '../../../src/ssh/commands.ts';
import { drbdSplitBrainRecover } from '../../../src/tools/actions/drbd-recover.ts';
import { restartHostService } from '../../../src/tools/actions/restart-host-service.ts';
import { restartManagementServer } from '../../../src/tools/actions/restart-management-server.ts';
import { stopVm } from '../../../src/tools/actions/stop-vm.ts';
import { ToolRegistry } from '../../../src/tools/registry.ts';
import { type ActionLab, startActionLab } from '../../helpers/action-lab.ts';

let a: ActionLab | undefined;
afterEach(async () => {
  await a?.close();
  a = undefined;
});

describe('service restarts', () => {
  it('restarts cloudstack-management with sudo -n, verifies the unit and the API', async () => {
    a = await startActionLab('memory-cap');
    const r = await a.act(restartManagementServer, {});
    expect(r.pre).toMatchObject({ ok: true, text: 'cloudstack-management on mgmt01 is active' });
    expect(r.post?.ok).toBe(true);
    expect(r.post?.text).toContain('API answers');
    expect(a.lab.world.unitRestarts.get('mgmt01/cloudstack-management')).toBe(1);
    expect(a.mutations()).toEqual([
      {
        via: 'ssh',
        command: 'systemctl restart cloudstack-management',
        params: { host: 'mgmt01' },
        ok: true,
      },
    ]);
    expect(a.runs.map((x) => x.what)).toContain('sudo -n systemctl restart cloudstack-management');
  });

  it('restarts libvirtd on a KVM host; a unit that fails to come back fails the run and the verification', async () => {
    a = await startActionLab('memory-cap');
    const ok = await a.act(restartHostService, { host: 'kvm01', unit: 'libvirtd' });
    expect(ok.post).toMatchObject({ ok: true, text: 'libvirtd on kvm01 is active' });
    a.lab.world.failingUnits.add('kvm02/cloudstack-agent');
    const input = restartHostService.input.parse({ host: 'kvm02', unit: 'cloudstack-agent' });
    await expect(restartHostService.run(input, a.ctx)).rejects.toThrow();
    expect(
      await restartHostService.verify!(input, { host: 'kvm02', unit: 'cloudstack-agent', state: '' }, a.ctx),
    ).toEqual({
      ok: false,
      text: 'cloudstack-agent on kvm02 is failed',
    });
    expect(a.mutations().map((m) => `${m.params.host} ${m.command} ${m.ok}`)).toEqual([
      'kvm01 systemctl restart libvirtd true',
      'kvm02 systemctl restart cloudstack-agent false',
    ]);
  });

  it('accepts only the declared units and the right host roles', async () => {
    a = await startActionLab('memory-cap');
    expect(restartHostService.input.safeParse({ host: 'kvm01', unit: 'sshd' }).success).toBe(false);
    expect(restartHostService.input.safeParse({ host: 'kvm01', unit: 'libvirtd; reboot' }).success).toBe(
      false,
    );
    const wrongRole = await a.act(restartHostService, { host: 'mgmt01', unit: 'libvirtd' });
    expect(wrongRole.pre.ok).toBe(false);
    expect(wrongRole.pre.text).toContain('could not check: unknown host "mgmt01"');
    expect(a.mutations()).toEqual([]);
  });
});

describe('lab hosts', () => {
  it('refuse a mutating command run without sudo -n, and record the refusal', async () => {
    a = await startActionLab('memory-cap');
    const bare = defineCommand({
      id: 'bare.restart',
      description: 'test',
      program: 'systemctl',
      schema: noArgs,
      args: () => ['restart', 'libvirtd'],
    });
    const host = a.ctx.env.hosts.find((h) => h.name === 'kvm01')!;
    await expect(a.ctx.ssh.run(host, bare, {})).rejects.toThrow();
    expect(a.lab.world.unitRestarts.size).toBe(0);
    expect(a.mutations()).toEqual([
      { via: 'ssh', command: 'systemctl restart libvirtd', params: { host: 'kvm01' }, ok: false },
    ]);
  });
});

describe('drbd_split_brain_recover', () => {
  const input = {
    pair: 'nfs-b',
    resource: 'r0',
    victim: 'nfs12',
    survivor: 'nfs11',
    pacemakerResource: 'drbd-r0',
  };

  it('names the victim and survivor, discards the victim, reconnects both, verifies Connected/UpToDate', async () => {
    a = await startActionLab('drbd-split-brain');
    expect(drbdSplitBrainRecover.risk).toBe('destructive');
    const parsed = drbdSplitBrainRecover.input.parse(input);
    expect(drbdSplitBrainRecover.describe!(parsed, 'en')).toContain(
      'DISCARD every change made on nfs12 (victim)',
    );
    expect(drbdSplitBrainRecover.describe!(parsed, 'ja')).toContain('nfs11（生存側）');
    const r = await a.act(drbdSplitBrainRecover, input);
    expect(r.pre.ok).toBe(true);
    expect(r.post).toMatchObject({ ok: true });
    const res = a.lab.world.storagePairs[0]!.drbd[0]!;
    expect(res.nodes.nfs11).toMatchObject({ connection: 'Connected', disk: 'UpToDate', role: 'Primary' });
    expect(res.nodes.nfs12).toMatchObject({ connection: 'Connected', disk: 'UpToDate', role: 'Secondary' });
    expect(a.mutations().map((m) => `${m.params.host}: ${m.command}`)).toEqual([
      'nfs11: pcs resource unmanage drbd-r0',
      'nfs12: drbdadm disconnect r0',
      'nfs12: drbdadm secondary r0',
      'nfs12: drbdadm connect --discard-my-data r0',
      'nfs11: drbdadm disconnect r0',
      'nfs11: drbdadm connect r0',
      'nfs11: pcs resource manage drbd-r0',
    ]);
  });

  it('precheck refuses the Primary as victim, and a resource that is not split', async () => {
    a = await startActionLab('drbd-split-brain');
    const swapped = await a.act(drbdSplitBrainRecover, { ...input, victim: 'nfs11', survivor: 'nfs12' });
    expect(swapped.pre.ok).toBe(false);
    expect(swapped.pre.text).toContain('nfs11 is the Primary');
    expect(swapped.pre.text).toContain('nfs12 disk is Outdated');
    await a.act(drbdSplitBrainRecover, input);
    const again = await a.act(drbdSplitBrainRecover, input);
    expect(again.pre).toMatchObject({ ok: false });
    expect(again.pre.text).toContain('no split brain to recover');
    expect(drbdSplitBrainRecover.input.safeParse({ ...input, survivor: 'nfs12' }).success).toBe(false);
  });

  it('a VM action is refused while the DRBD pair holding its storage is split', async () => {
    a = await startActionLab('drbd-split-brain');
    const r = await a.act(stopVm, { vm: 'web31' });
    expect(r.pre.ok).toBe(false);
    expect(r.pre.text).toContain('DRBD pair nfs-b is not healthy');
    expect(a.mutations()).toEqual([]);
  });

  it('the registry still refuses to run it: approval_required, nothing reaches a host', async () => {
    a = await startActionLab('drbd-split-brain');
    const { ctx } = a;
    const env = await new ToolRegistry([drbdSplitBrainRecover]).run('drbd_split_brain_recover', input, ctx);
    expect(env.status).toBe('approval_required');
    expect(a.mutations()).toEqual([]);
  });
});
