/**
 * The facts a DRBD recovery plan is built from, decided without text: which Pacemaker clone manages THIS
 * resource, where NFS is served, which side survives a split brain. Pure; tested in test/runbooks/drbd-plan.test.ts.
 */
import type { CrmResource } from '../parsers/types.ts';
import type { DrbdResourceAssessment } from '../tools/storage/drbd-assess.ts';

const tokens = (s: string): string[] => s.split(/[-_:.]/).filter(Boolean);

/**
 * The Pacemaker resource to unmanage for a DRBD resource: the DRBD-agent clone whose id names it (drbd-r0,
 * p_drbd_r0, ms_drbd_r0…). With one DRBD resource and one DRBD clone they belong together; otherwise unknown.
 */
export function drbdCloneFor(
  resource: string,
  cluster: CrmResource[],
  drbdResourceCount: number,
): string | undefined {
  const drbd = cluster.filter((r) => /drbd/i.test(r.agent ?? ''));
  const ids = [...new Set(drbd.map((r) => r.clone ?? r.id))];
  const named = drbd.find(
    (r) => tokens(r.id).includes(resource) || (r.clone ? tokens(r.clone).includes(resource) : false),
  );
  if (named) return named.clone ?? named.id;
  return ids.length === 1 && drbdResourceCount === 1 ? ids[0] : undefined;
}

/** Where NFS clients write: the node running an active Filesystem or nfsserver resource. */
export function nfsNode(cluster: CrmResource[]): string | undefined {
  return cluster.find(
    (x) => /Filesystem|nfsserver/i.test(x.agent ?? '') && x.active && !x.failed && x.nodes.length,
  )?.nodes[0];
}

export interface SplitPlan {
  survivor?: string;
  victim?: string;
  /** Why the survivor was chosen. */
  reason?: 'nfs' | 'primary';
  /** The survivor's own connection state (it needs a disconnect/connect only when StandAlone). */
  survivorConnection?: string;
}

export function splitPlan(r: DrbdResourceAssessment, cluster: CrmResource[]): SplitPlan {
  const nfs = nfsNode(cluster);
  const nodes = r.nodes.map((n) => n.node);
  const primary = r.nodes.find((n) => n.role === 'Primary' && n.disk === 'UpToDate')?.node;
  const survivor = nfs && nodes.includes(nfs) ? nfs : primary;
  if (!survivor) return {};
  return {
    survivor,
    victim: nodes.find((n) => n !== survivor),
    reason: survivor === nfs ? 'nfs' : 'primary',
    survivorConnection: r.nodes.find((n) => n.node === survivor)?.connection,
  };
}

export type DegradedKind = 'reconnect' | 'peer-down' | 'peer-missing' | 'disk';

/**
 * Which recovery a degraded resource needs: a StandAlone link between two reachable nodes is reconnected; a
 * peer whose resource is down is brought up; an unreachable or silent peer is looked for; else the disk.
 */
export function degradedKind(r: DrbdResourceAssessment): DegradedKind {
  if (r.facts.some((f) => f.kind === 'connection' && f.value === 'StandAlone')) return 'reconnect';
  // The peer answers but its resource is down (stopped, or the node is in Pacemaker standby): not missing.
  if (r.facts.some((f) => f.kind === 'unconfigured')) return 'peer-down';
  if (r.facts.some((f) => f.kind === 'unreachable' || f.kind === 'connection')) return 'peer-missing';
  return 'disk';
}
