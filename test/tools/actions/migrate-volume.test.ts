/**
 * migrate_volume against the lab over signed HTTP: the volume moves and listVolumes proves it, and every
 * pre-check refusal (unknown volume, same pool, pool not Up, not enough room, running KVM VM, unhealthy pair)
 * stops the step before anything reaches the cloud.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyControl } from '../../../src/lab/control.ts';
import { labUuid } from '../../../src/lab/world.ts';
import { migrateVolume } from '../../../src/tools/actions/migrate-volume.ts';
import { type ActionLab, startActionLab } from '../../helpers/action-lab.ts';

let a: ActionLab;
beforeEach(async () => {
  a = await startActionLab('storage-move');
});
afterEach(async () => {
  await a.close();
});

const vol = (vm: string) => a.lab.world.volumes.find((v) => v.vm.name === vm)!;
const pair = (name: string) => a.lab.world.storagePairs.find((p) => p.name === name)!;

describe('migrate_volume', () => {
  it('moves a stopped VM volume, says the room numbers, and the lab saw exactly one migrateVolume', async () => {
    const v = vol('web02');
    const r = await a.act(migrateVolume, {
      volume: v.name,
      pool: 'primary-nfs-b',
      expectedPool: 'primary-nfs-a',
      vm: 'web02',
    });
    expect(r.pre.ok, r.pre.text).toBe(true);
    expect(r.pre.text).toContain(
      'primary-nfs-b: 10 TiB total − 20 GiB allocated = 10.0 TiB free, volume 20 GiB',
    );
    expect(r.pre.text).toContain('DRBD pair nfs-b Connected/UpToDate');
    expect(r.post).toMatchObject({ ok: true });
    expect(r.post!.text).toContain('on primary-nfs-b');
    expect(v.pair).toBe('nfs-b');
    expect(a.mutations()).toEqual([
      {
        via: 'api',
        command: 'migrateVolume',
        params: { volumeid: v.id, storageid: labUuid('pool', 'nfs-b') },
        ok: true,
      },
    ]);
    expect(
      migrateVolume.describe!(
        migrateVolume.input.parse({ volume: v.name, pool: 'primary-nfs-b', vm: 'web02' }),
        'ja',
      ),
    ).toContain('プライマリストレージ primary-nfs-b へ移行');
  });

  it.each([
    ['an unknown volume', { volume: 'ROOT-999', pool: 'primary-nfs-b' }, 'no volume "ROOT-999"'],
    ['the pool it is already on', { volume: 'web02', pool: 'primary-nfs-a' }, 'is already on primary-nfs-a'],
    [
      'an unknown pool',
      { volume: 'web02', pool: 'primary-nfs-z' },
      'no primary storage pool "primary-nfs-z"',
    ],
  ])('refuses %s before calling anything', async (_what, raw, says) => {
    const input = { ...raw, volume: raw.volume === 'web02' ? vol('web02').name : raw.volume };
    const r = await a.act(migrateVolume, input);
    expect(r.pre.ok).toBe(false);
    expect(r.pre.text).toContain(says);
    expect(a.mutations()).toEqual([]);
  });

  it('refuses a target pool that is not Up', async () => {
    pair('nfs-b').pool.state = 'Maintenance';
    const r = await a.act(migrateVolume, { volume: vol('web02').name, pool: 'primary-nfs-b' });
    expect(r.pre).toMatchObject({ ok: false });
    expect(r.pre.text).toContain('primary-nfs-b is Maintenance, not Up');
    expect(a.mutations()).toEqual([]);
  });

  it('refuses a target pool without room for the volume and says the numbers', async () => {
    pair('nfs-b').pool.otherAllocatedGiB = 10210; // + app01's 20 GiB = 10230 of 10240 GiB
    const r = await a.act(migrateVolume, { volume: vol('web02').name, pool: 'primary-nfs-b' });
    expect(r.pre.ok).toBe(false);
    expect(r.pre.text).toContain(
      'not enough room: primary-nfs-b: 10 TiB total − 10.0 TiB allocated = 10 GiB free, volume 20 GiB',
    );
    expect(a.mutations()).toEqual([]);
  });

  it('refuses when the DRBD pair behind the target pool is not healthy', async () => {
    applyControl(a.lab.world, { action: 'drbd-standalone', pair: 'nfs-b', resource: 'r0' });
    const r = await a.act(migrateVolume, { volume: vol('web02').name, pool: 'primary-nfs-b' });
    expect(r.pre.ok).toBe(false);
    expect(r.pre.text).toContain('DRBD pair nfs-b is not healthy');
    expect(a.mutations()).toEqual([]);
  });

  it('run refuses a running KVM VM before calling the API; the lab itself refuses it too (a failed job)', async () => {
    const v = vol('web01');
    const input = migrateVolume.input.parse({ volume: v.name, pool: 'primary-nfs-b', afterStop: true });
    expect((await migrateVolume.precheck!(input, a.ctx)).text).toContain(
      'an earlier step of the plan stops it',
    );
    await expect(migrateVolume.run(input, a.ctx)).rejects.toThrow('web01 is still Running on KVM');
    expect(a.mutations()).toEqual([]);
    await expect(a.ctx.api.migrateVolume(v.id, labUuid('pool', 'nfs-b'), true)).rejects.toThrow(
      'KVM does not support volume live migration',
    );
    expect(a.mutations()).toEqual([
      {
        via: 'api',
        command: 'migrateVolume',
        params: { volumeid: v.id, storageid: labUuid('pool', 'nfs-b'), livemigrate: 'true' },
        ok: true,
      },
    ]);
    expect(v.pair).toBe('nfs-a');
    const post = await migrateVolume.verify!(input, undefined as never, a.ctx);
    expect(post).toMatchObject({ ok: false });
    expect(post.text).toContain('expected on primary-nfs-b');
  });

  it('refuses the volume of a running KVM VM and says to stop it first', async () => {
    const r = await a.act(migrateVolume, { volume: vol('web01').name, pool: 'primary-nfs-b' });
    expect(r.pre.ok).toBe(false);
    expect(r.pre.text).toContain('web01 is Running on KVM');
    expect(r.pre.text).toContain('stop web01 first (stop_vm)');
    expect(a.mutations()).toEqual([]);
  });
});
