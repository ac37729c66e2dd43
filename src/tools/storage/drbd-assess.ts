/**
 * Judges DRBD state per resource across the nodes of a storage pair, every peer connection and peer disk
 * included (DRBD 9 resources may have a third node). Pure, so the drbd_status tool and the split-brain
 * runbook reach the same verdict from the same parsed output; table-tested in test/tools/drbd-assess.test.ts.
 */
import type { DrbdFact } from './drbd-facts.ts';

/** One connection as a node sees it. */
export interface DrbdPeerView {
  peer: string;
  /** Connected, StandAlone, Connecting, WFConnection (8.4), … */
  connection: string;
  /** Established, SyncSource, SyncTarget, PausedSync*, … */
  replication?: string;
  role?: string;
  peerDisk?: string;
  donePercent?: number;
  outOfSyncKiB?: number;
  /** The other node of the storage pair (not a third DRBD 9 node such as a diskless tiebreaker). */
  partner: boolean;
}

export interface DrbdNodeView {
  node: string;
  role?: string;
  disk?: string;
  /** DRBD 9 `quorum:no` = I/O is blocked (or errors) on this node. */
  quorum?: boolean;
  /** 8.4 `cs:Unconfigured`: the device exists but the resource is down on this node. */
  unconfigured?: boolean;
  /** The connection to the pair partner, for the one-line views (table, evidence). */
  connection?: string;
  peerRole?: string;
  peerDisk?: string;
  donePercent?: number;
  peers: DrbdPeerView[];
  /** Kernel log lines mentioning split brain for this resource. */
  splitBrainLog: string[];
}

export type DrbdVerdict =
  | 'healthy'
  | 'syncing'
  | 'split-brain'
  | 'quorum-lost'
  | 'degraded'
  | 'unconfigured'
  | 'unknown';

/** How split brain was recognised: a kernel log line, two Primaries, or the connection states alone. */
export type SplitBasis = 'kernel-log' | 'both-primary' | 'state';

export interface DrbdSync {
  node: string;
  peer: string;
  state: string;
  donePercent?: number;
  outOfSyncKiB?: number;
}

export interface DrbdResourceAssessment {
  resource: string;
  /** 8.4: the block device (drbd0), which 8.4 kernel messages use instead of the resource name. */
  device?: string;
  verdict: DrbdVerdict;
  nodes: DrbdNodeView[];
  /** Observations behind the verdict; rendered in the operator's language by drbd-facts.ts. */
  facts: DrbdFact[];
  splitBasis?: SplitBasis;
  /** Every resync in progress, whatever the verdict. */
  sync: DrbdSync[];
  /** Both sides may hold writes the other lacks: recovery discards one side's. */
  dataAtRisk: boolean;
}

export const SYNCING = new Set([
  'SyncSource',
  'SyncTarget',
  'PausedSyncS',
  'PausedSyncT',
  'WFBitMapS',
  'WFBitMapT',
]);
const WAITING = new Set(['Connecting', 'WFConnection', 'StandAlone', 'Unconnected', 'NetworkFailure']);

const partnerLink = (n: DrbdNodeView): DrbdPeerView | undefined => n.peers.find((p) => p.partner);

export function syncsOf(nodes: DrbdNodeView[]): DrbdSync[] {
  return nodes.flatMap((n) =>
    n.peers
      .filter((p) => SYNCING.has(p.replication ?? '') || SYNCING.has(p.connection))
      .map((p) => ({
        node: n.node,
        peer: p.peer,
        state: p.replication ?? p.connection,
        donePercent: p.donePercent,
        outOfSyncKiB: p.outOfSyncKiB,
      })),
  );
}

/** Split brain from a kernel log line, two unconnected Primaries, or the connection states of both sides. */
export function splitBrainBasis(nodes: DrbdNodeView[], unreachable: string[]): SplitBasis | undefined {
  // A log line is history once both sides are Connected again (the recovery worked): the current state wins,
  // otherwise a resolved split brain would read as one for as long as the log window reaches back.
  const reconnected =
    nodes.length >= 2 &&
    unreachable.length === 0 &&
    nodes.every((n) => partnerLink(n)?.connection === 'Connected');
  if (!reconnected && nodes.some((n) => n.splitBrainLog.length > 0)) return 'kernel-log';
  const primaries = nodes.filter((n) => n.role === 'Primary');
  if (primaries.length > 1 && primaries.every((n) => partnerLink(n)?.connection !== 'Connected'))
    return 'both-primary';
  if (nodes.length !== 2 || unreachable.length > 0) return undefined;
  const [a, b] = nodes as [DrbdNodeView, DrbdNodeView];
  const la = partnerLink(a)?.connection;
  const lb = partnerLink(b)?.connection;
  if (la === 'StandAlone' && lb === 'StandAlone') return 'state';
  // The classic signature without a log line: one side gave up (StandAlone), the other keeps waiting, and
  // both still call their data UpToDate, so both may have taken writes since they parted.
  const oneGaveUp =
    (la === 'StandAlone' && WAITING.has(lb ?? '')) || (lb === 'StandAlone' && WAITING.has(la ?? ''));
  if (oneGaveUp && a.disk === 'UpToDate' && b.disk === 'UpToDate') return 'state';
  return undefined;
}

/** Everything short of split brain that keeps a resource from full redundancy. */
export function degradationFacts(nodes: DrbdNodeView[], unreachable: string[]): DrbdFact[] {
  const facts: DrbdFact[] = unreachable.map((node) => ({ kind: 'unreachable', node }));
  for (const n of nodes) {
    const syncing = n.peers.some((p) => SYNCING.has(p.replication ?? '') || SYNCING.has(p.connection));
    if (n.disk === 'Diskless') facts.push({ kind: 'local-diskless', node: n.node });
    else if (n.disk === 'Inconsistent' && !syncing) facts.push({ kind: 'inconsistent-idle', node: n.node });
    else if (n.disk && !['UpToDate', 'Inconsistent', 'Diskless'].includes(n.disk))
      facts.push({ kind: 'local-disk', node: n.node, value: n.disk });
    for (const p of n.peers) {
      if (p.connection !== 'Connected' && !SYNCING.has(p.connection))
        facts.push({ kind: 'connection', node: n.node, peer: p.peer, value: p.connection });
      else if (p.peerDisk === 'Diskless' && p.partner)
        facts.push({ kind: 'peer-diskless', node: n.node, peer: p.peer });
      else if (
        p.peerDisk &&
        !['UpToDate', 'Diskless', 'Inconsistent'].includes(p.peerDisk) &&
        !SYNCING.has(p.replication ?? '')
      )
        facts.push({ kind: 'peer-disk', node: n.node, peer: p.peer, value: p.peerDisk });
    }
  }
  return facts;
}

export function assessDrbdResource(
  resource: string,
  nodes: DrbdNodeView[],
  unreachable: string[],
  opts: {
    device?: string;
    /** Pair nodes that answered but do not list the resource: it is down there (DRBD 9 omits it). */
    downOn?: string[];
  } = {},
): DrbdResourceAssessment {
  const { device, downOn = [] } = opts;
  const base = { resource, nodes, sync: syncsOf(nodes), ...(device ? { device } : {}) };
  const down = [...nodes.filter((n) => n.unconfigured).map((n) => n.node), ...downOn];
  const downFacts: DrbdFact[] = down.map((node) => ({ kind: 'unconfigured', node }));
  if (nodes.every((n) => n.unconfigured) && down.length)
    return { ...base, verdict: 'unconfigured', facts: downFacts, dataAtRisk: false };
  if (nodes.length === 0)
    return {
      ...base,
      verdict: 'unknown',
      facts: unreachable.map((node) => ({ kind: 'unreachable', node })),
      dataAtRisk: false,
    };
  const facts: DrbdFact[] = [...downFacts];
  const basis = splitBrainBasis(nodes, unreachable);
  if (basis) {
    for (const n of nodes)
      for (const p of n.peers.filter((x) => x.partner))
        facts.push({ kind: 'connection', node: n.node, peer: p.peer, value: p.connection });
    for (const n of nodes.filter((x) => x.splitBrainLog.length))
      facts.push({ kind: 'kernel-log', node: n.node, value: n.splitBrainLog[0] ?? '' });
    const primaries = nodes.filter((n) => n.role === 'Primary');
    if (primaries.length > 1)
      facts.push({ kind: 'both-primary', node: primaries.map((p) => p.node).join(', ') });
    return { ...base, verdict: 'split-brain', facts, splitBasis: basis, dataAtRisk: true };
  }
  const noQuorum = nodes.filter((n) => n.quorum === false);
  for (const n of noQuorum) facts.push({ kind: 'quorum-lost', node: n.node });
  facts.push(...degradationFacts(nodes, unreachable));
  if (noQuorum.length) return { ...base, verdict: 'quorum-lost', facts, dataAtRisk: false };
  if (facts.length) return { ...base, verdict: 'degraded', facts, dataAtRisk: false };
  if (base.sync.length) return { ...base, verdict: 'syncing', facts, dataAtRisk: false };
  return { ...base, verdict: 'healthy', facts, dataAtRisk: false };
}
