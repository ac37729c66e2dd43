import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilitiesSchema, virtualMachineSchema } from '../../src/cloudstack/schemas.ts';
import { MIN_MEMORY_KEY } from '../../src/tools/memory/cluster-memory-settings.ts';
import { type ApiLab, startApiLab } from './lab-api.ts';

const GiB = 1024 ** 3;
let lab: ApiLab;
beforeAll(async () => {
  lab = await startApiLab('memory-cap-one-cluster');
});
afterAll(() => lab.close());

describe('client ↔ lab API: reads', () => {
  it('lists zones, clusters and hosts with overcommitted memory totals', async () => {
    const api = lab.client();
    const [zones, clusters, hosts] = await Promise.all([
      api.listZones(),
      api.listClusters(),
      api.listHosts({ details: 'capacity' }),
    ]);
    expect(zones.map((z) => z.name)).toEqual(['jp-west-1']);
    expect(clusters.map((c) => [c.name, c.memoryovercommitratio])).toEqual([
      ['cl-osaka-a', '2'],
      ['cl-osaka-b', '2'],
    ]);
    const kvm21 = hosts.find((h) => h.name === 'kvm21')!;
    expect(kvm21.state).toBe('Up');
    expect(kvm21.clustername).toBe('cl-osaka-b');
    expect(kvm21.memorytotal).toBe(64 * GiB * 2);
    // web21 + web22 (6 GiB) + api21 (8 GiB) are running.
    expect(kvm21.memoryallocated).toBe(20 * GiB);
    const reqs = lab.server.requests().filter((r) => r.command === 'listHosts');
    expect(reqs.at(-1)).toMatchObject({ ok: true, method: 'GET' });
  });

  it('reports the CloudStack version as listCapabilities does', async () => {
    const r = await lab.client().request('listCapabilities', {}, { schema: capabilitiesSchema });
    expect(r.capability?.cloudstackversion).toBe('4.20.1.0');
  });

  it('shows the capped VM: memorykbs below the offering', async () => {
    const [vm] = await lab.client().listVirtualMachines({ name: 'web21' });
    expect(vm).toMatchObject({
      name: 'web21',
      state: 'Running',
      memory: 6144,
      hostname: 'kvm21',
      memorykbs: 3145728,
      memorytargetkbs: 3145728,
    });
    const [ok] = await lab.client().listVirtualMachines({ name: 'web11' });
    expect(ok?.memorykbs).toBe(6144 * 1024);
  });

  it('paginates until count with a small page size', async () => {
    const api = lab.client();
    const before = lab.server.requests().length;
    const vms = await api.list(
      'listVirtualMachines',
      { pagesize: 2, listall: true },
      'virtualmachine',
      virtualMachineSchema,
    );
    expect(vms.map((v) => v.name).sort()).toEqual(['api21', 'web11', 'web12', 'web21', 'web22']);
    // 5 items by 2: pages 1..3, and no 4th request since count is reached.
    expect(lab.server.requests().length - before).toBe(3);
  });

  it('returns one page when the caller asks for a page', async () => {
    const vms = await lab
      .client()
      .list('listVirtualMachines', { page: 2, pagesize: 2 }, 'virtualmachine', virtualMachineSchema);
    expect(vms).toHaveLength(2);
  });

  it('lists configurations globally and with the effective value per cluster', async () => {
    const api = lab.client();
    const clusters = await api.listClusters();
    const b = clusters.find((c) => c.name === 'cl-osaka-b')!;
    const a = clusters.find((c) => c.name === 'cl-osaka-a')!;
    const [global] = (await api.listConfigurations({ name: MIN_MEMORY_KEY })).filter(
      (r) => r.name === MIN_MEMORY_KEY,
    );
    expect(global).toMatchObject({ value: 'false', defaultvalue: 'true', isdynamic: true });
    const inB = (await api.listConfigurations({ name: MIN_MEMORY_KEY, clusterid: b.id })).find(
      (r) => r.name === MIN_MEMORY_KEY,
    );
    expect(inB).toMatchObject({ value: 'true', scope: 'cluster' });
    const inA = (await api.listConfigurations({ name: MIN_MEMORY_KEY, clusterid: a.id })).find(
      (r) => r.name === MIN_MEMORY_KEY,
    );
    expect(inA?.value).toBe('false');
    const ratio = (await api.listConfigurations({ name: 'mem.overprovisioning.factor', clusterid: b.id }))[0];
    expect(ratio).toMatchObject({ name: 'mem.overprovisioning.factor', value: '2' });
    // A zone id lists only zone-scoped keys.
    const zoneRows = await api.listConfigurations({ zoneid: b.zoneid });
    expect(zoneRows.map((r) => r.name)).toEqual(['enable.dynamic.scale.vm']);
    const hits = await api.listConfigurations({ keyword: 'overprovisioning' });
    expect(hits.map((r) => r.name)).toContain(MIN_MEMORY_KEY);
  });

  it('lists memory capacity per cluster, offerings and storage pools', async () => {
    const api = lab.client();
    const b = (await api.listClusters({ name: 'cl-osaka-b' }))[0]!;
    const [mem] = await api.listCapacity({ clusterid: b.id, type: 0 });
    expect(mem).toMatchObject({
      type: 0,
      clusterid: b.id,
      capacitytotal: 128 * GiB,
      capacityused: 20 * GiB,
      percentused: '15.63',
    });
    const offerings = await api.listServiceOfferings();
    expect(offerings.map((o) => [o.name, o.memory])).toEqual([
      ['m6g', 6144],
      ['m8g', 8192],
    ]);
    expect(await api.listStoragePools()).toEqual([]);
  });

  it('surfaces 431 for a missing parameter and 432 for an unknown command', async () => {
    const api = lab.client();
    await expect(api.request('updateConfiguration', { value: 'x' })).rejects.toMatchObject({
      code: 'cloudstack_api',
      errorcode: 431,
      errortext: 'Unable to execute API command updateconfiguration due to missing parameter name',
    });
    await expect(api.request('listNothing', {})).rejects.toMatchObject({
      code: 'cloudstack_api',
      errorcode: 432,
      httpStatus: 432,
    });
    await expect(api.listHosts({ clusterid: 'no-such-id' })).rejects.toMatchObject({
      errorcode: 431,
      cserrorcode: 4350,
    });
  });
});
