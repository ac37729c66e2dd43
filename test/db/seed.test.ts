/** The schema subset loads into a scratch DB and the lab seeder mirrors a LabWorld into it, idempotently. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { seedCloudDatabase, splitSqlStatements } from '../../src/lab/db-seed.ts';
import { readFixture } from '../helpers/fixtures.ts';
import {
  createScratchDatabase,
  describeWithMariaDb,
  loadCloudStackSchema,
  type ScratchDatabase,
  withRootConnection,
} from '../helpers/mariadb.ts';
import { memoryCapWorld } from './lab-world.ts';

it('splits the schema file into its CREATE TABLE statements, ignoring comments and quoted semicolons', () => {
  const stmts = splitSqlStatements(readFixture('cloudstack-schema-subset.sql'));
  expect(stmts.map((s) => /^CREATE TABLE `(\w+)`/.exec(s)?.[1])).toEqual([
    'configuration',
    'cluster_details',
    'data_center_details',
    'vm_instance',
    'user_vm',
    'service_offering',
    'disk_offering',
    'host',
    'storage_pool',
    'user_vm_details',
  ]);
  expect(splitSqlStatements("SELECT 'a;b' -- c;d\n; /* x; */ SELECT `e;f`;")).toEqual([
    "SELECT 'a;b'",
    'SELECT `e;f`',
  ]);
});

describeWithMariaDb('lab DB seeder', () => {
  // Each test gets its own database with the schema loaded, so none depends on another having run first.
  let db: ScratchDatabase;
  beforeEach(async () => {
    db = await createScratchDatabase();
    await withRootConnection(db, (c) => loadCloudStackSchema(c, db.name));
  });
  afterEach(async () => {
    await db?.drop();
  });

  const count = async (sql: string) => Number(((await db.pool.query(sql))[0] as { n: number }[])[0]?.n);

  it('loads the 4.20.1 schema subset with the cluster/data_center stand-ins', async () => {
    const [rows] = await db.pool.query(
      'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY t',
      [db.name],
    );
    expect((rows as { t: string }[]).map((r) => r.t)).toEqual(
      [
        'cluster',
        'cluster_details',
        'configuration',
        'data_center',
        'data_center_details',
        'disk_offering',
        'host',
        'service_offering',
        'storage_pool',
        'user_vm',
        'user_vm_details',
        'vm_instance',
      ].sort(),
    );
  });

  it('seeds memory-cap: zones, clusters with ratios, hosts in bytes, offerings, VMs, per-VM ratio details, globals', async () => {
    const world = memoryCapWorld();
    await withRootConnection(db, (c) => seedCloudDatabase(c, world));
    expect(await count('SELECT COUNT(*) AS n FROM data_center')).toBe(1);
    const [cd] = await db.pool.query(
      'SELECT c.name, d.name AS k, d.value FROM cluster_details d JOIN cluster c ON c.id = d.cluster_id ORDER BY k',
    );
    expect(cd).toEqual([
      { name: 'cl-tokyo-a', k: 'cpuOvercommitRatio', value: '1' },
      { name: 'cl-tokyo-a', k: 'memoryOvercommitRatio', value: '2' },
    ]);
    const [hosts] = await db.pool.query('SELECT name, type, ram FROM host ORDER BY name');
    expect(hosts).toEqual([
      { name: 'kvm01', type: 'Routing', ram: 65536 * 1024 * 1024 },
      { name: 'kvm02', type: 'Routing', ram: 65536 * 1024 * 1024 },
    ]);
    const web01 = world.vmByName('web01');
    const [vm] = await db.pool.query('SELECT uuid, instance_name, state FROM vm_instance WHERE name = ?', [
      'web01',
    ]);
    expect(vm).toEqual([{ uuid: web01?.id, instance_name: web01?.instanceName, state: 'Running' }]);
    // Five running VMs get the cluster's memory ratio copied; the stopped batch01 does not.
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM user_vm_details WHERE name = 'memoryOvercommitRatio' AND value = '2'",
      ),
    ).toBe(5);
    const [cfg] = await db.pool.query(
      "SELECT value, default_value, scope FROM configuration WHERE name = 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor'",
    );
    expect(cfg).toEqual([{ value: 'true', default_value: 'true', scope: 'Cluster' }]);
  });

  it('re-seeding replaces rather than duplicates, and reflects a changed setting', async () => {
    const world = memoryCapWorld();
    world.setSetting('enable.dynamic.scale.vm', 'true', { zone: world.zones[0] });
    await withRootConnection(db, (c) => seedCloudDatabase(c, world));
    await withRootConnection(db, (c) => seedCloudDatabase(c, world));
    expect(await count('SELECT COUNT(*) AS n FROM vm_instance')).toBe(6);
    expect(await count('SELECT COUNT(*) AS n FROM configuration')).toBe(world.globals.size);
    const [zd] = await db.pool.query('SELECT name, value FROM data_center_details');
    expect(zd).toEqual([{ name: 'enable.dynamic.scale.vm', value: 'true' }]);
  });
});
