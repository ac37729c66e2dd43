/**
 * Turns one node's parsed DRBD output into the per-node view the verdict judges: every peer, which peer is
 * the pair partner, split-brain kernel lines; and gives 8.4 minors their resource names. Pure.
 */
import type { DrbdResource } from '../../parsers/types.ts';
import type { DrbdNodeView, DrbdPeerView } from './drbd-assess.ts';

/** Names in a kernel line, split on anything a resource or device name cannot contain (linear, no regex scan). */
function mentions(line: string, names: string[]): boolean {
  const tokens = new Set(line.split(/[^\w.+-]/));
  return names.some((n) => tokens.has(n));
}

/** Kernel lines reporting split brain for a resource, by its name or (8.4) its block device. */
export function splitBrainLines(log: string, names: string[]): string[] {
  return log
    .split('\n')
    .filter((l) => /split-brain/i.test(l) && mentions(l, names))
    .map((l) => l.trim());
}

export function nodeView(
  node: string,
  partner: string | undefined,
  r: DrbdResource,
  log: string,
  logNames: string[],
): DrbdNodeView {
  const peers: DrbdPeerView[] = r.peers.map((p) => {
    // 8.4 has exactly one, unnamed peer: the partner. DRBD 9 names peers by their DRBD host names.
    // DRBD names peers by `uname -n`, which may be the FQDN of the inventory name (nfs02.dc1.example).
    const isPartner =
      r.peers.length === 1 || (!!partner && (p.name === partner || p.name.startsWith(`${partner}.`)));
    return {
      peer: isPartner && partner ? partner : p.name,
      connection: p.connection ?? 'Connected',
      replication: p.replication,
      role: p.role,
      peerDisk: p.peerDisk,
      donePercent: p.donePercent,
      outOfSyncKiB: p.outOfSyncKiB,
      partner: isPartner,
    };
  });
  const link = peers.find((p) => p.partner) ?? peers[0];
  return {
    node,
    role: r.role,
    disk: r.disks[0]?.state,
    ...(r.quorum !== undefined ? { quorum: r.quorum } : {}),
    ...(r.unconfigured ? { unconfigured: true } : {}),
    connection: link?.replication && link.replication !== 'Established' ? link.replication : link?.connection,
    peerRole: link?.role,
    peerDisk: link?.peerDisk,
    donePercent: link?.donePercent,
    peers,
    splitBrainLog: splitBrainLines(log, logNames),
  };
}

/**
 * 8.4 minor → resource name: from `drbdadm dump` when it answered, else by pairing the minors in ascending
 * order with the configured `drbdResources` in declared order (said in a warning, as it is an assumption).
 */
export function minorNames(
  minors: number[],
  fromDump: Map<number, string> | undefined,
  declared: string[],
): { names: Map<number, string>; warning?: string } {
  if (fromDump?.size) return { names: fromDump };
  const sorted = [...new Set(minors)].sort((a, b) => a - b);
  if (declared.length && declared.length === sorted.length)
    return {
      names: new Map(sorted.map((m, i) => [m, declared[i] ?? `drbd${m}`])),
      warning: `drbdadm dump gave no resource names; assumed minors ${sorted.join(', ')} are ${declared.join(', ')} (drbdResources order)`,
    };
  return {
    names: new Map(),
    warning: declared.length
      ? `drbdadm dump gave no resource names and ${sorted.length} minor(s) do not match the ${declared.length} configured drbdResources: showing device names`
      : undefined,
  };
}
