/** The live-migration target choice: suitable, no storage motion, enough memory; a full target is refused before any call. */
import { afterEach, describe, expect, it } from 'vitest';
import type { HostForMigration } from '../../../src/cloudstack/types.ts';
import { scenarioSchema } from '../../../src/lab/scenario.ts';
import { migrateVm } from '../../../src/tools/actions/migrate-vm.ts';
import { chooseMigrationTarget } from '../../../src/tools/actions/migration-target.ts';
import { type ActionLab, startActionLab } from '../../helpers/action-lab.ts';

const GiB = 1024 ** 3;
const host = (name: string, freeGiB: number, extra: Partial<HostForMigration> = {}): HostForMigration => ({
  id: name,
  name,
  memorytotal: 64 * GiB,
  memoryallocated: (64 - freeGiB) * GiB,
  suitableformigration: true,
  requiresStorageMotion: false,
  ...extra,
});

describe('chooseMigrationTarget', () => {
  it('picks the suitable host with the most free memory and says why', () => {
    const c = chooseMigrationTarget(
      [host('a', 10), host('b', 30), host('c', 50, { requiresStorageMotion: true })],
      6144,
      undefined,
      'en',
    );
    expect(c).toMatchObject({ ok: true, host: { name: 'b' } });
    expect(c.reason).toBe(
      'b: suitable, no storage motion, 30.0 GiB free of 64.0 GiB (VM needs 6.0 GiB); most free memory of 2 candidates',
    );
  });

  it('refuses a named host that is full, needs storage motion, or is not offered', () => {
    const hs = [
      host('full', 2),
      host('far', 40, { requiresStorageMotion: true }),
      host('no', 40, { suitableformigration: false }),
    ];
    expect(chooseMigrationTarget(hs, 6144, 'full', 'en')).toEqual({
      ok: false,
      reason: 'full: only 2.0 GiB free, needs 6.0 GiB',
    });
    expect(chooseMigrationTarget(hs, 6144, 'far', 'en')).toEqual({
      ok: false,
      reason: 'far: needs storage motion',
    });
    expect(chooseMigrationTarget(hs, 6144, 'no', 'ja')).toEqual({
      ok: false,
      reason: 'no: 移行先として不適（CloudStack 判定）',
    });
    expect(chooseMigrationTarget(hs, 6144, 'x', 'en').reason).toContain(
      'x is not among the hosts CloudStack offers',
    );
    expect(chooseMigrationTarget(hs, 6144, undefined, 'en')).toMatchObject({ ok: false });
  });
});

describe('migrate_vm to a full host', () => {
  let a: ActionLab | undefined;
  afterEach(async () => {
    await a?.close();
  });

  it('precheck fails (target has not the memory) and the lab sees no migration', async () => {
    a = await startActionLab(
      scenarioSchema.parse({
        name: 'full-target',
        description: 'the only other host of the cluster is full',
        offerings: [{ name: 'm8g', memoryMiB: 8192 }],
        zones: [
          {
            name: 'z1',
            clusters: [
              {
                name: 'c1',
                hosts: [
                  { name: 'big', memoryMiB: 65536, vms: [{ name: 'app1', offering: 'm8g' }] },
                  { name: 'small', memoryMiB: 12288, vms: [{ name: 'app2', offering: 'm8g' }] },
                ],
              },
            ],
          },
        ],
      }),
    );
    const r = await a.act(migrateVm, { vm: 'app1', host: 'small', expectedHost: 'big' });
    expect(r.pre.ok).toBe(false);
    expect(r.pre.text).toContain('small: only 4.0 GiB free, needs 8.0 GiB');
    await expect(migrateVm.run(migrateVm.input.parse({ vm: 'app1', host: 'small' }), a.ctx)).rejects.toThrow(
      'only 4.0 GiB free',
    );
    expect(a.mutations()).toEqual([]);
    expect(a.lab.world.vmByName('app1')!.host.name).toBe('big');
  });
});
