/**
 * Judges DRBD state per resource across both nodes of a pair. Pure, so the drbd_status tool and the
 * split-brain runbook reach the same verdict from the same parsed output.
 */

export interface DrbdNodeView {
  node: string;
  role?: string;
  disk?: string;
  /** Connection to the peer as this node sees it. */
  connection?: string;
  peerRole?: string;
  peerDisk?: string;
  donePercent?: number;
  /** Kernel log lines mentioning split brain for this resource. */
  splitBrainLog: string[];
}

export type DrbdVerdict = 'healthy' | 'syncing' | 'split-brain' | 'degraded' | 'unknown';

export interface DrbdResourceAssessment {
  resource: string;
  verdict: DrbdVerdict;
  nodes: DrbdNodeView[];
  /** Short reasons, each an observation. */
  reasons: string[];
  /** Both nodes Primary, or StandAlone with diverged data: writes may be lost on recovery. */
  dataAtRisk: boolean;
}

const SYNCING = new Set(['SyncSource', 'SyncTarget', 'PausedSyncS', 'PausedSyncT', 'WFBitMapS', 'WFBitMapT']);

export function assessDrbdResource(
  resource: string,
  nodes: DrbdNodeView[],
  unreachable: string[],
): DrbdResourceAssessment {
  const reasons: string[] = [];
  const standAlone = nodes.filter((n) => n.connection === 'StandAlone');
  const sbLogs = nodes.filter((n) => n.splitBrainLog.length > 0);
  const primaries = nodes.filter((n) => n.role === 'Primary');
  for (const n of standAlone) reasons.push(`${n.node}: connection StandAlone`);
  for (const n of sbLogs) reasons.push(`${n.node}: kernel log "${n.splitBrainLog[0]}"`);
  if (primaries.length > 1)
    reasons.push(`both nodes are Primary (${primaries.map((p) => p.node).join(', ')})`);
  if (sbLogs.length > 0 || (standAlone.length === nodes.length && nodes.length === 2) || primaries.length > 1)
    return { resource, verdict: 'split-brain', nodes, reasons, dataAtRisk: true };

  const syncing = nodes.filter((n) => SYNCING.has(n.connection ?? '') || n.donePercent !== undefined);
  if (syncing.length) {
    for (const n of syncing)
      reasons.push(
        `${n.node}: ${n.connection}${n.donePercent !== undefined ? ` ${n.donePercent}% done` : ''}`,
      );
    return { resource, verdict: 'syncing', nodes, reasons, dataAtRisk: false };
  }
  for (const u of unreachable) reasons.push(`${u}: not reachable, its DRBD state is unknown`);
  for (const n of nodes) {
    if (n.connection && n.connection !== 'Connected')
      reasons.push(`${n.node}: peer connection ${n.connection}`);
    if (n.disk && n.disk !== 'UpToDate' && n.disk !== 'Diskless') reasons.push(`${n.node}: disk ${n.disk}`);
    if (n.peerDisk && n.peerDisk !== 'UpToDate' && n.peerDisk !== 'Diskless')
      reasons.push(`${n.node}: peer disk ${n.peerDisk}`);
  }
  if (nodes.length === 0) return { resource, verdict: 'unknown', nodes, reasons, dataAtRisk: false };
  return { resource, verdict: reasons.length ? 'degraded' : 'healthy', nodes, reasons, dataAtRisk: false };
}
