/** How the lab world looks through CloudStack's response objects (ZoneResponse, HostResponse, UserVmResponse, …). */
import { type LabCluster, type LabHost, type LabVm, type LabWorld, type LabZone, labUuid } from '../world.ts';

const MiB = 1024 * 1024;
const HOST_CPU_MHZ = 2400;

export const podId = (z: LabZone): string => labUuid('pod', z.name);
export const memoryRatio = (c: LabCluster): number => Number(c.details.get('memoryOvercommitRatio') ?? '1');
export const cpuRatio = (c: LabCluster): number => Number(c.details.get('cpuOvercommitRatio') ?? '1');

const running = (w: LabWorld, h: LabHost) => w.vmsOnHost(h).filter((v) => v.state === 'Running');

/** Memory and CPU of one host as CloudStack's capacity checker counts them (allocation = running VMs' offerings). */
export function hostCapacity(w: LabWorld, h: LabHost) {
  const vms = running(w, h);
  return {
    memTotal: Math.round(h.spec.memoryMiB * MiB * memoryRatio(h.cluster)),
    memAllocated: vms.reduce((s, v) => s + v.offering.memoryMiB * MiB, 0),
    memUsed: vms.reduce((s, v) => s + (v.domain?.currentMemoryKiB ?? 0) * 1024, 0),
    cpuTotal: Math.round(h.spec.cpus * HOST_CPU_MHZ * cpuRatio(h.cluster)),
    cpuAllocated: vms.reduce((s, v) => s + v.offering.cpu * v.offering.speedMHz, 0),
  };
}

export const percent = (used: number, total: number): string =>
  total > 0 ? ((used / total) * 100).toFixed(2) : '0.00';

export const zoneView = (z: LabZone) => ({
  id: z.id,
  name: z.name,
  networktype: 'Advanced',
  allocationstate: 'Enabled',
  securitygroupsenabled: false,
});

export const clusterView = (c: LabCluster) => ({
  id: c.id,
  name: c.name,
  zoneid: c.zone.id,
  zonename: c.zone.name,
  podid: podId(c.zone),
  podname: `${c.zone.name}-pod1`,
  hypervisortype: 'KVM',
  clustertype: 'CloudManaged',
  allocationstate: 'Enabled',
  managedstate: 'Managed',
  cpuovercommitratio: c.details.get('cpuOvercommitRatio') ?? '1',
  memoryovercommitratio: c.details.get('memoryOvercommitRatio') ?? '1',
});

/** A host with a lab fault is still "Up": the management server may not have noticed yet, as in production. */
export function hostView(w: LabWorld, h: LabHost) {
  const cap = hostCapacity(w, h);
  return {
    id: h.id,
    name: h.name,
    type: 'Routing',
    state: 'Up',
    resourcestate: 'Enabled',
    hypervisor: 'KVM',
    zoneid: h.cluster.zone.id,
    zonename: h.cluster.zone.name,
    podid: podId(h.cluster.zone),
    clusterid: h.cluster.id,
    clustername: h.cluster.name,
    cpunumber: h.spec.cpus,
    cpuspeed: HOST_CPU_MHZ,
    cpuallocated: `${percent(cap.cpuAllocated, cap.cpuTotal)}%`,
    cpuwithoverprovisioning: String(cap.cpuTotal),
    memorytotal: cap.memTotal,
    memorywithoverprovisioning: String(cap.memTotal),
    memoryallocated: cap.memAllocated,
    memoryallocatedbytes: cap.memAllocated,
    memoryallocatedpercentage: `${percent(cap.memAllocated, cap.memTotal)}%`,
    memoryused: cap.memUsed,
    hypervisorversion: 'QEMU 7.2.22',
    version: w.version,
  };
}

export function vmView(w: LabWorld, vm: LabVm) {
  const zone = vm.host.cluster.zone;
  const view: Record<string, unknown> = {
    id: vm.id,
    name: vm.name,
    displayname: vm.spec.displayName ?? vm.name,
    instancename: vm.instanceName,
    account: 'admin',
    domain: 'ROOT',
    state: vm.state,
    zoneid: zone.id,
    zonename: zone.name,
    serviceofferingid: vm.offering.id,
    serviceofferingname: vm.offering.name,
    cpunumber: vm.offering.cpu,
    cpuspeed: vm.offering.speedMHz,
    memory: vm.offering.memoryMiB,
    ...(vm.spec.memoryMiB ? { details: { memory: String(vm.spec.memoryMiB) } } : {}),
    haenable: false,
    isdynamicallyscalable: false,
    hypervisor: 'KVM',
  };
  // A stopped VM has no host and no live stats in CloudStack's answer.
  if (vm.state === 'Running' && vm.domain) {
    const guest = w.guestMemTotalKiB(vm) ?? 0;
    const statsPeriod = vm.spec.statsPeriod ?? vm.host.spec.statsPeriod;
    Object.assign(view, {
      hostid: vm.host.id,
      hostname: vm.host.name,
      memorykbs: vm.domain.memoryKiB,
      memorytargetkbs: vm.domain.currentMemoryKiB,
      // Synthetic but stable: 40 % of the guest's RAM unused when the balloon reports stats, else 0 like the agent.
      memoryintfreekbs: statsPeriod > 0 ? Math.round(guest * 0.4) : 0,
    });
  }
  return view;
}

export function offeringViews(w: LabWorld) {
  return w.scenario.offerings.map((o) => ({
    id: labUuid('offering', o.name),
    name: o.name,
    displaytext: `${o.cpu} vCPU, ${o.memoryMiB} MiB`,
    cpunumber: o.cpu,
    cpuspeed: o.speedMHz,
    ...(o.customized ? {} : { memory: o.memoryMiB }),
    iscustomized: o.customized,
    storagetype: 'shared',
  }));
}
