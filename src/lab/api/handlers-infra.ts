/** The lab's read-only inventory commands: zones, clusters, hosts, offerings, capacity (storage pools: handlers-storage.ts). */
import { clusterArg, like, paged, zoneArg } from './args.ts';
import type { Handler } from './context.ts';
import { LAB_ACCOUNT_ID, LAB_DOMAIN_ID } from './handlers-config.ts';
import { clusterView, hostCapacity, hostView, offeringViews, percent, podId, zoneView } from './views.ts';

export const listZones: Handler = (cmd, a, { world }) => {
  const zones = world.zones.filter((z) => (!a.id || z.id === a.id) && (!a.name || z.name === a.name));
  return paged(cmd, a, 'zone', zones.map(zoneView));
};

export const listClusters: Handler = (cmd, a, { world }) => {
  const zone = a.zoneid ? zoneArg(world, cmd, a.zoneid) : undefined;
  const clusters = world.clusters.filter(
    (c) => (!a.id || c.id === a.id) && (!a.name || c.name === a.name) && (!zone || c.zone === zone),
  );
  return paged(cmd, a, 'cluster', clusters.map(clusterView));
};

export const listHosts: Handler = (cmd, a, { world }) => {
  const zone = a.zoneid ? zoneArg(world, cmd, a.zoneid) : undefined;
  const cluster = a.clusterid ? clusterArg(world, cmd, a.clusterid) : undefined;
  const hosts = world.hosts.filter(
    (h) =>
      (!a.id || h.id === a.id) &&
      (!a.name || like(h.name, a.name)) &&
      (!a.keyword || like(h.name, a.keyword)) &&
      (!zone || h.cluster.zone === zone) &&
      (!cluster || h.cluster === cluster) &&
      (!a.type || a.type.toLowerCase() === 'routing') &&
      (!a.state || a.state.toLowerCase() === 'up'),
  );
  return paged(
    cmd,
    a,
    'host',
    hosts.map((h) => hostView(world, h)),
  );
};

export const listServiceOfferings: Handler = (cmd, a, { world }) => {
  const offerings = offeringViews(world).filter(
    (o) =>
      (!a.id || o.id === a.id) && (!a.name || o.name === a.name) && (!a.keyword || like(o.name, a.keyword)),
  );
  return paged(cmd, a, 'serviceoffering', offerings);
};

/** Type 0 (memory) and 1 (CPU): per cluster with clusterid, else one row per zone, as CloudStack aggregates. */
export const listCapacity: Handler = (cmd, a, { world }) => {
  const zone = a.zoneid ? zoneArg(world, cmd, a.zoneid) : undefined;
  const cluster = a.clusterid ? clusterArg(world, cmd, a.clusterid) : undefined;
  const groups = cluster
    ? [{ zone: cluster.zone, cluster, hosts: world.hosts.filter((h) => h.cluster === cluster) }]
    : world.zones
        .filter((z) => !zone || z === zone)
        .map((z) => ({
          zone: z,
          cluster: undefined,
          hosts: world.hosts.filter((h) => h.cluster.zone === z),
        }));
  const rows: Record<string, unknown>[] = [];
  for (const g of groups) {
    const caps = g.hosts.map((h) => hostCapacity(world, h));
    const sum = (f: (c: (typeof caps)[number]) => number) => caps.reduce((s, c) => s + f(c), 0);
    const byType = [
      { type: 0, name: 'MEMORY', total: sum((c) => c.memTotal), used: sum((c) => c.memAllocated) },
      { type: 1, name: 'CPU', total: sum((c) => c.cpuTotal), used: sum((c) => c.cpuAllocated) },
    ];
    for (const t of byType) {
      if (a.type !== undefined && Number(a.type) !== t.type) continue;
      rows.push({
        type: t.type,
        name: t.name,
        zoneid: g.zone.id,
        zonename: g.zone.name,
        podid: podId(g.zone),
        ...(g.cluster ? { clusterid: g.cluster.id, clustername: g.cluster.name } : {}),
        capacityallocated: t.used,
        capacityused: t.used,
        capacitytotal: t.total,
        percentused: percent(t.used, t.total),
      });
    }
  }
  return paged(cmd, a, 'capacity', rows);
};

/** CloudStack reports four-part versions ("4.18.1.0"); the bot reads it to know which memory sizing applies. */
export const listCapabilities: Handler = (_cmd, _a, { world }) => ({
  capability: {
    cloudstackversion: world.version.split('.').length === 3 ? `${world.version}.0` : world.version,
    securitygroupsenabled: false,
    dynamicrolesenabled: true,
    kvmsnapshotenabled: false,
    allowuserviewdestroyedvm: false,
    apilimitinterval: 1,
    apilimitmax: 0,
  },
});

/** The lab has one domain (ROOT) and one account (admin), the scope ids of domain/account settings. */
export const listDomains: Handler = (cmd, a, _ctx) => {
  const root = { id: LAB_DOMAIN_ID, name: 'ROOT', path: 'ROOT', level: 0, haschild: false };
  return paged(
    cmd,
    a,
    'domain',
    [root].filter((d) => (!a.id || d.id === a.id) && (!a.name || d.name === a.name)),
  );
};

export const listAccounts: Handler = (cmd, a, _ctx) => {
  const admin = {
    id: LAB_ACCOUNT_ID,
    name: 'admin',
    accounttype: 1,
    roletype: 'Admin',
    domainid: LAB_DOMAIN_ID,
    domain: 'ROOT',
    state: 'enabled',
  };
  return paged(
    cmd,
    a,
    'account',
    [admin].filter((x) => (!a.id || x.id === a.id) && (!a.name || x.name === a.name)),
  );
};
