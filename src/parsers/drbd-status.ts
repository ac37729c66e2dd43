/**
 * Parses DRBD 9 `drbdadm status` (also `drbdsetup status --verbose`): per resource the local role and disks,
 * per peer the connection, role, peer disk and resync progress. Connection is "Connected" when not printed.
 */
import { LineComplaints, prepareLines, toInt, toNumber } from './input.ts';
import type { DrbdPeer, DrbdResource, DrbdStatus } from './types.ts';

function fields(s: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const tok of s.trim().split(/\s+/)) {
    const i = tok.indexOf(':');
    if (i > 0) m.set(tok.slice(0, i), tok.slice(i + 1));
  }
  return m;
}

const isKeyValue = (tok: string | undefined): boolean => !!tok && /^[a-z][a-z-]*:/.test(tok);

export function parseDrbdStatus(out: string): DrbdStatus {
  const { lines, warnings } = prepareLines(out, 'drbdadm status');
  const resources: DrbdResource[] = [];
  const junk = new LineComplaints('drbdadm status');
  let res: DrbdResource | undefined;
  let peer: DrbdPeer | undefined;
  for (const line of lines) {
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    const first = line.trim().split(/\s+/)[0];
    if (indent === 0 && first && !isKeyValue(first) && /^[\w.+-]+$/.test(first) && /\srole:/.test(line)) {
      const f = fields(line.slice(first.length));
      res = { name: first, role: f.get('role'), disks: [], peers: [] };
      if (f.has('suspended')) res.suspended = f.get('suspended') !== 'no';
      resources.push(res);
      peer = undefined;
      continue;
    }
    if (!res) {
      junk.add(line);
      continue;
    }
    if (indent >= 6) {
      // --statistics counters; under a peer volume they carry what is left to resync.
      const oos = toInt(fields(line).get('out-of-sync'));
      if (peer && oos !== undefined) peer.outOfSyncKiB = (peer.outOfSyncKiB ?? 0) + oos;
      continue;
    }
    const f = fields(line);
    if (indent === 2 && !isKeyValue(first)) {
      // A peer: "<name> role:Secondary" or "<name> connection:StandAlone".
      peer = { name: first ?? '', connection: f.get('connection') ?? 'Connected', role: f.get('role') };
      res.peers.push(peer);
      applyPeerVolume(peer, f);
      continue;
    }
    if (indent === 2 && (f.has('disk') || f.has('volume'))) {
      res.disks.push({
        volume: toInt(f.get('volume')) ?? res.disks.length,
        state: f.get('disk') ?? 'unknown',
      });
      if (f.has('quorum')) res.quorum = f.get('quorum') !== 'no';
      continue;
    }
    if (indent === 4 && peer) {
      applyPeerVolume(peer, f);
      continue;
    }
    if (indent === 4 && !peer && f.size) continue; // resource options (write-ordering:…)
    junk.add(line);
  }
  junk.flushInto(warnings);
  for (const r of resources)
    if (!r.disks.length) warnings.push(`drbdadm status: resource ${r.name} has no disk line`);
  if (lines.length && !resources.length && !warnings.length)
    warnings.push('drbdadm status: no resource found');
  return { resources, warnings };
}

function applyPeerVolume(peer: DrbdPeer, f: Map<string, string>): void {
  // Older guides print the peer's disk as "disk:" under the peer line; current drbd-utils print "peer-disk:".
  const disk = f.get('peer-disk') ?? f.get('disk');
  if (disk && (!peer.peerDisk || peer.peerDisk === 'UpToDate')) peer.peerDisk = disk;
  const repl = f.get('replication');
  if (repl && (!peer.replication || peer.replication === 'Established')) peer.replication = repl;
  const done = toNumber(f.get('done'));
  if (done !== undefined) peer.donePercent = done;
  if (f.get('peer-client') === 'yes') peer.client = true;
}
