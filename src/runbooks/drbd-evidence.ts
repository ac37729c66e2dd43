/** The evidence lines of a DRBD finding: each node's view of every peer, split-brain kernel lines, dead nodes. */
import type { DrbdNodeView, DrbdResourceAssessment } from '../tools/storage/drbd-assess.ts';
import type { Lang } from '../tools/types.ts';
import { runbookText } from './runbook-text.ts';
import type { Evidence } from './types.ts';

export const DRBD_RUNBOOK = 'drbd-split-brain';

const label = (lang: Lang, key: string) => runbookText(DRBD_RUNBOOK, key, lang);

function nodeValue(n: DrbdNodeView): string {
  const local = `${n.role ?? '?'}, disk ${n.disk ?? '?'}${n.quorum === false ? ', quorum:no' : ''}`;
  const peers = n.peers.map((p) => {
    const link = p.replication && p.replication !== 'Established' ? p.replication : p.connection;
    const done = p.donePercent === undefined ? '' : ` ${p.donePercent}%`;
    const oos = p.outOfSyncKiB ? `, oos ${p.outOfSyncKiB} KiB` : '';
    return `${p.peer}: ${link}${done}${p.peerDisk ? `, peer-disk ${p.peerDisk}` : ''}${oos}`;
  });
  return [local, ...peers].join(' | ');
}

export function drbdEvidence(
  c: { lang: Lang; unreachable: { node: string; error: string }[] },
  r: DrbdResourceAssessment,
): Evidence[] {
  const ev: Evidence[] = r.nodes.map((n) => ({
    label: `${n.node} ${r.resource}${r.device ? ` (/dev/${r.device})` : ''}`,
    value: nodeValue(n),
    source: n.node,
    kind: 'observed',
  }));
  for (const n of r.nodes)
    for (const l of n.splitBrainLog.slice(0, 2))
      ev.push({
        label: `${n.node} ${label(c.lang, 'evidence-kernel-log')}`,
        value: l,
        source: n.node,
        kind: 'observed',
      });
  for (const u of c.unreachable)
    ev.push({
      label: u.node,
      value: `${label(c.lang, 'evidence-unreachable')}: ${u.error}`,
      source: u.node,
      kind: 'observed',
    });
  return ev;
}

/** "nfs11 StandAlone, nfs12 Connecting": each node's link to its partner, as the title must say it. */
export function partnerStates(r: DrbdResourceAssessment): string {
  return r.nodes.map((n) => `${n.node} ${n.connection ?? '?'}`).join(', ');
}

/** Each node's own disk state as observed ("nfs01 UpToDate, nfs02 Outdated"): never assumed UpToDate. */
export function diskStates(r: DrbdResourceAssessment): string {
  return r.nodes.map((n) => `${n.node} ${n.disk ?? '?'}`).join(', ');
}
