/** The rows each CloudStack table holds for a LabWorld, as the management server would have written them. */
import { settingInfo } from './settings-catalog.ts';
import { type LabWorld, labUuid } from './world.ts';

export type Row = Record<string, string | number | null>;

/** ConfigKey.Scope bits for a 4.21+ schema, where configuration.scope is a bitmask. */
const SCOPE_BIT: Record<string, number> = {
  Global: 1,
  Zone: 2,
  Cluster: 4,
  StoragePool: 8,
  Domain: 64,
  Account: 128,
};
const CREATED = '2026-01-01 00:00:00';

const zoneRows = (world: LabWorld): Row[] =>
  world.zones.map((z) => ({
    id: z.dbId,
    uuid: z.id,
    name: z.name,
    dns1: '192.0.2.53',
    internal_dns1: '192.0.2.53',
    networktype: 'Advanced',
  }));

const zoneDetailRows = (world: LabWorld): Row[] =>
  world.zones.flatMap((z) => [...z.settings].map(([name, value]) => ({ dc_id: z.dbId, name, value })));

const clusterRows = (world: LabWorld): Row[] =>
  world.clusters.map((c) => ({
    id: c.dbId,
    uuid: c.id,
    name: c.name,
    pod_id: 1,
    data_center_id: c.zone.dbId,
    hypervisor_type: 'KVM',
  }));

const clusterDetailRows = (world: LabWorld): Row[] =>
  world.clusters.flatMap((c) => [...c.details].map(([name, value]) => ({ cluster_id: c.dbId, name, value })));

const hostRows = (world: LabWorld): Row[] =>
  world.hosts.map((h) => ({
    id: h.dbId,
    uuid: h.id,
    name: h.name,
    status: 'Up',
    type: 'Routing',
    private_ip_address: `192.0.2.${10 + h.dbId}`,
    cluster_id: h.cluster.dbId,
    data_center_id: h.cluster.zone.dbId,
    cpus: h.spec.cpus,
    speed: 2000,
    hypervisor_type: 'KVM',
    ram: h.spec.memoryMiB * 1024 * 1024,
    version: world.version,
    dom0_memory: 0,
    last_ping: 0,
  }));

/** Offerings no VM uses still exist in CloudStack; numbered as LabWorld does (100 + index). */
function offeringRows(world: LabWorld): Row[] {
  const offerings = world.scenario.offerings.map(
    (o, i) =>
      world.vms.find((v) => v.offering.name === o.name)?.offering ?? {
        ...o,
        id: labUuid('offering', o.name),
        dbId: 100 + i,
      },
  );
  return offerings.map((o) => ({
    id: o.dbId,
    uuid: o.id,
    name: o.name,
    display_text: o.name,
    cpu: o.cpu,
    speed: o.speedMHz,
    ram_size: o.memoryMiB,
  }));
}

const vmRows = (world: LabWorld): Row[] =>
  world.vms.map((v) => ({
    id: v.dbId,
    uuid: v.id,
    name: v.name,
    display_name: v.name,
    instance_name: v.instanceName,
    state: v.state,
    guest_os_id: 1,
    data_center_id: v.host.cluster.zone.dbId,
    host_id: v.state === 'Running' ? v.host.dbId : null,
    last_host_id: v.host.dbId,
    vnc_password: 'lab',
    created: CREATED,
    type: 'User',
    vm_type: 'User',
    account_id: 2,
    domain_id: 1,
    service_offering_id: v.offering.dbId,
    hypervisor_type: 'KVM',
    power_state: v.state === 'Running' ? 'PowerOn' : 'PowerOff',
  }));

/** VirtualMachineManagerImpl copies the cluster ratios into the VM's details at start, only when > 1. */
const vmRatioRows = (world: LabWorld): Row[] =>
  world.vms
    .filter((v) => v.state === 'Running')
    .flatMap((v) =>
      ['memoryOvercommitRatio', 'cpuOvercommitRatio'].map((name) => ({
        vm_id: v.dbId,
        name,
        value: v.host.cluster.details.get(name) ?? '1',
      })),
    )
    .filter((r) => Number(r.value) > 1);

const configurationRows = (world: LabWorld, bitmaskScope: boolean): Row[] =>
  [...world.globals].map(([name, value]) => {
    const s = settingInfo(name);
    const scope = s?.scope ?? 'Global';
    return {
      category: s?.category ?? 'Advanced',
      instance: 'DEFAULT',
      name,
      value,
      default_value: s?.defaultValue ?? null,
      description: s?.description ?? null,
      scope: bitmaskScope ? (SCOPE_BIT[scope] ?? 1) : scope,
      is_dynamic: s?.isDynamic ? 1 : 0,
      updated: CREATED,
    };
  });

/** How the target schema differs between CloudStack versions. */
export interface SchemaShape {
  tables: Set<string>;
  /** 4.21+: configuration.scope is a bitmask, not a name. */
  bitmask: boolean;
}

/** Every seeded table with its rows, parents before children. */
export function worldRows(world: LabWorld, shape: SchemaShape): [table: string, rows: Row[]][] {
  return [
    ['data_center', zoneRows(world)],
    ['data_center_details', zoneDetailRows(world)],
    ['cluster', clusterRows(world)],
    ['cluster_details', clusterDetailRows(world)],
    ['host', hostRows(world)],
    ['service_offering', offeringRows(world)],
    ['vm_instance', vmRows(world)],
    ['user_vm', world.vms.map((v) => ({ id: v.dbId, display_name: v.name }))],
    [shape.tables.has('vm_instance_details') ? 'vm_instance_details' : 'user_vm_details', vmRatioRows(world)],
    ['configuration', configurationRows(world, shape.bitmask)],
  ];
}
