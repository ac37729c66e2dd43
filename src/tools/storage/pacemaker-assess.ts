/**
 * Judges one storage pair's Pacemaker view: which nodes are out (offline, standby, maintenance), which
 * resources run nowhere or failed, how many failed actions are recorded, quorum. Pure; the pacemaker_status
 * tool and the pacemaker runbook share it. Table-tested in test/tools/pacemaker-assess.test.ts.
 */
import type { CrmFailure, CrmNode, CrmResource } from '../../parsers/types.ts';

export type PcmkFact =
  | { kind: 'no-answer' }
  | { kind: 'no-quorum' }
  | { kind: 'node-offline'; node: string }
  | { kind: 'node-standby'; node: string }
  | { kind: 'node-maintenance'; node: string }
  | { kind: 'runs-nowhere'; resource: string }
  | { kind: 'resource-failed'; resource: string; nodes: string[] }
  | { kind: 'failed-action'; resource: string; task: string; node: string; reason: string };

export type PcmkCause =
  | 'no-answer'
  | 'quorum-lost'
  | 'node-offline'
  | 'resource-stopped'
  | 'resource-failed'
  | 'node-standby'
  | 'failed-actions';

export interface ClusterInput {
  reportedBy?: string;
  nodes: CrmNode[];
  resources: CrmResource[];
  failures: CrmFailure[];
  quorate?: boolean;
}

export interface ClusterVerdict {
  /** The most serious cause; undefined when the cluster is healthy. */
  cause?: PcmkCause;
  severity: 'ok' | 'warning' | 'critical';
  facts: PcmkFact[];
  /** Nodes or resources the cause is about. */
  affected: string[];
  /** Nodes that run at least one resource now. */
  runningOn: string[];
}

/** Cluster members only: guest and remote nodes (bundles, pacemaker_remote) are resources, not peers. */
const isMember = (n: CrmNode) => !n.type || n.type === 'member';
const disabled = (r: CrmResource) => r.targetRole?.toLowerCase() === 'stopped';

export function clusterFacts(v: ClusterInput): PcmkFact[] {
  if (!v.reportedBy) return [{ kind: 'no-answer' }];
  const facts: PcmkFact[] = [];
  if (v.quorate === false) facts.push({ kind: 'no-quorum' });
  for (const n of v.nodes.filter(isMember)) {
    if (!n.online) facts.push({ kind: 'node-offline', node: n.name });
    else if (n.standby) facts.push({ kind: 'node-standby', node: n.name });
    else if (n.maintenance) facts.push({ kind: 'node-maintenance', node: n.name });
  }
  // Clone instances share an id: only an id with no active instance anywhere runs nowhere.
  const active = new Set(v.resources.filter((r) => r.active).map((r) => r.id));
  const seen = new Set<string>();
  for (const r of v.resources) {
    if (seen.has(r.id)) continue;
    const instances = v.resources.filter((x) => x.id === r.id);
    const failedOn = instances.filter((x) => x.failed).flatMap((x) => x.nodes);
    if (instances.some((x) => x.failed)) {
      seen.add(r.id);
      facts.push({ kind: 'resource-failed', resource: r.id, nodes: failedOn });
    }
    if (!active.has(r.id) && !instances.every(disabled)) {
      seen.add(r.id);
      facts.push({ kind: 'runs-nowhere', resource: r.id });
    }
  }
  for (const f of v.failures)
    facts.push({
      kind: 'failed-action',
      resource: f.resource,
      task: f.task,
      node: f.node,
      reason: f.exitReason || f.exitStatus,
    });
  return facts;
}

const CAUSE_ORDER: [PcmkCause, PcmkFact['kind'][]][] = [
  ['no-answer', ['no-answer']],
  ['quorum-lost', ['no-quorum']],
  ['node-offline', ['node-offline']],
  ['resource-stopped', ['runs-nowhere']],
  ['resource-failed', ['resource-failed']],
  ['node-standby', ['node-standby', 'node-maintenance']],
  ['failed-actions', ['failed-action']],
];

function subject(f: PcmkFact): string | undefined {
  if ('node' in f && f.kind !== 'failed-action') return f.node;
  if ('resource' in f) return f.resource;
  return undefined;
}

/** A resource whose failed actions were recorded on two or more nodes has failed everywhere it was tried. */
function failedEverywhere(facts: PcmkFact[]): boolean {
  const nodesByResource = new Map<string, Set<string>>();
  for (const f of facts)
    if (f.kind === 'failed-action')
      nodesByResource.set(f.resource, (nodesByResource.get(f.resource) ?? new Set()).add(f.node));
  return [...nodesByResource.values()].some((s) => s.size > 1);
}

export function assessCluster(v: ClusterInput): ClusterVerdict {
  const facts = clusterFacts(v);
  const runningOn = [...new Set(v.resources.filter((r) => r.active).flatMap((r) => r.nodes))];
  const hit = CAUSE_ORDER.find(([, kinds]) => facts.some((f) => kinds.includes(f.kind)));
  if (!hit) return { severity: 'ok', facts, affected: [], runningOn };
  const [cause, kinds] = hit;
  // A resource that runs nowhere is the cause; resources that failed on the way are affected as well.
  const alsoAffected: PcmkFact['kind'][] = cause === 'resource-stopped' ? ['resource-failed'] : [];
  const affected = [
    ...new Set(
      facts
        .filter((f) => kinds.includes(f.kind) || alsoAffected.includes(f.kind))
        .flatMap((f) => subject(f) ?? []),
    ),
  ];
  const critical =
    ['quorum-lost', 'node-offline', 'resource-stopped', 'resource-failed'].includes(cause) ||
    failedEverywhere(facts);
  return { cause, severity: critical ? 'critical' : 'warning', facts, affected, runningOn };
}
