/** The named queries of the read-only DB door against a seeded 4.20.1 schema in a scratch MariaDB database. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CloudDbReader, createCloudDbReader } from '../../src/db/reader.ts';
import {
  createSeededDatabase,
  describeWithMariaDb,
  type ScratchDatabase,
  withRootConnection,
} from '../helpers/mariadb.ts';
import { memoryCapWorld } from './lab-world.ts';

const KEY = 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor';

describeWithMariaDb('CloudDbReader named queries', () => {
  let db: ScratchDatabase;
  let reader: CloudDbReader;
  const world = memoryCapWorld();
  beforeAll(async () => {
    // The fix applied to one cluster only: the cluster override must show next to the global default.
    world.setSetting(KEY, 'false', { cluster: world.clusters[0] });
    db = await createSeededDatabase(world);
    reader = createCloudDbReader({ url: db.url, queryTimeoutMs: 5000 });
  });
  afterAll(async () => {
    await reader?.close();
    await db?.drop();
  });

  it('detects the 4.20 schema level', async () => {
    const f = await reader.schemaFeatures();
    expect(f.vmDetailsTable).toBe('user_vm_details');
    expect(f.scopeIsBitmask).toBe(false);
  });

  it('configurationScopes: global row plus the cluster overrides, memoryOvercommitRatio under its cluster_details name', async () => {
    const [vmMin, memFactor, unknown] = await reader.configurationScopes([
      KEY,
      'mem.overprovisioning.factor',
      'no.such.key',
    ]);
    expect(vmMin?.global).toMatchObject({
      name: KEY,
      value: 'true',
      defaultValue: 'true',
      scopes: ['Cluster'],
      isDynamic: true,
      category: 'Advanced',
    });
    expect(vmMin?.global?.description).toMatch(/minimum memory/);
    expect(vmMin?.global?.updated).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(vmMin?.overrides).toEqual([
      {
        scope: 'cluster',
        scopeId: world.clusters[0]?.dbId,
        scopeUuid: world.clusters[0]?.id,
        scopeName: 'cl-tokyo-a',
        detailName: KEY,
        value: 'false',
      },
    ]);
    expect(memFactor?.global).toMatchObject({ value: '1.0', defaultValue: '1.0' });
    expect(memFactor?.overrides).toEqual([
      {
        scope: 'cluster',
        scopeId: 1,
        scopeUuid: world.clusters[0]?.id,
        scopeName: 'cl-tokyo-a',
        detailName: 'memoryOvercommitRatio',
        value: '2',
      },
    ]);
    expect(unknown).toEqual({ name: 'no.such.key', global: null, overrides: [] });
  });

  it('configurationScopes rejects bad input before touching the server', async () => {
    await expect(reader.configurationScopes([''])).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(reader.configurationScopes([])).resolves.toEqual([]);
  });

  it('runningVmMemory: the five running VMs with offering RAM and ratio 2, not the stopped one', async () => {
    const rows = await reader.runningVmMemory();
    expect(rows.map((r) => r.vmName).sort()).toEqual(['app01', 'db01', 'web01', 'web02', 'web03']);
    const web01 = rows.find((r) => r.vmName === 'web01');
    expect(web01).toEqual({
      instanceName: world.vmByName('web01')?.instanceName,
      vmUuid: world.vmByName('web01')?.id,
      vmName: 'web01',
      displayName: 'web01',
      hostName: 'kvm01',
      hostUuid: world.hostByName('kvm01')?.id,
      clusterName: 'cl-tokyo-a',
      clusterUuid: world.clusters[0]?.id,
      offeringName: 'm6g',
      offeringRamMiB: 6144,
      customMemoryMiB: null,
      memoryOvercommitRatio: 2,
      clusterMemoryOvercommitRatio: 2,
    });
    expect(
      rows
        .filter((r) => r.offeringRamMiB === 6144)
        .map((r) => r.vmName)
        .sort(),
    ).toEqual(['web01', 'web02', 'web03']);
  });

  it('searchConfiguration matches names and descriptions, taking % and _ literally', async () => {
    const hits = await reader.searchConfiguration('overprovisioning');
    expect(hits.map((h) => h.name)).toEqual(
      expect.arrayContaining(['mem.overprovisioning.factor', 'cpu.overprovisioning.factor', KEY]),
    );
    // Unescaped, "%" would match every row and "_" any character.
    await expect(reader.searchConfiguration('%')).resolves.toEqual([]);
    await expect(reader.searchConfiguration('mem_overprovisioning')).resolves.toEqual([]);
    await withRootConnection(db, (c) =>
      c.query(
        "INSERT INTO configuration (instance, name, value, description) VALUES ('DEFAULT', 'lab.odd_key', '50%', 'fill 100% of it')",
      ),
    );
    expect((await reader.searchConfiguration('odd_key')).map((h) => h.name)).toEqual(['lab.odd_key']);
    expect((await reader.searchConfiguration('100%')).map((h) => h.name)).toEqual(['lab.odd_key']);
  });

  it('serviceOfferings and ping', async () => {
    const offerings = await reader.serviceOfferings();
    expect(offerings.map((o) => [o.name, o.ramSizeMiB, o.cpu, o.customized])).toEqual([
      ['m4g', 4096, 2, false],
      ['m6g', 6144, 2, false],
    ]);
    const p = await reader.ping();
    expect(p.flavor).toBe('mariadb');
    expect(p.serverVersion).toMatch(/^\d+\.\d+/);
  });
});
