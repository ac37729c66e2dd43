/**
 * Parses DRBD 8.x `/proc/drbd` into the DRBD 9 result shape. /proc/drbd has no resource names, so each
 * device is named after its block device (drbd0), which is also how 8.4 kernel messages name it.
 */
import { LineComplaints, prepareLines } from './input.ts';
import type { DrbdResource, DrbdStatus } from './types.ts';

const SYNC_STATES = /^(SyncSource|SyncTarget|PausedSyncS|PausedSyncT|VerifyS|VerifyT)$/;

export function parseProcDrbd(out: string): DrbdStatus {
  const { lines, warnings } = prepareLines(out, '/proc/drbd');
  const result: DrbdStatus = { resources: [], warnings };
  const junk = new LineComplaints('/proc/drbd');
  let cur: DrbdResource | undefined;
  for (const line of lines) {
    if (!line.trim()) continue;
    const version = /^version:\s*(\S+)/.exec(line);
    if (version) {
      result.version = version[1];
      continue;
    }
    if (/^(GIT-hash|srcversion):/.test(line)) continue;
    const dev = /^\s*(\d+):\s+cs:(\S+)(.*)$/.exec(line);
    if (dev) {
      const [, minor = '0', cs = '', rest = ''] = dev;
      // 8.3 prints st: where 8.4 prints ro:.
      const ro = /\b(?:ro|st):(\w+)\/(\w+)/.exec(rest);
      const ds = /\bds:(\w+)\/(\w+)/.exec(rest);
      cur = { name: `drbd${minor}`, minor: Number(minor), role: ro?.[1], disks: [], peers: [] };
      if (cs === 'Unconfigured') {
        cur.unconfigured = true;
        result.resources.push(cur);
        continue;
      }
      if (ds) cur.disks.push({ volume: 0, state: ds[1] ?? '' });
      const sync = SYNC_STATES.test(cs);
      cur.peers.push({
        name: 'peer',
        connection: cs,
        role: ro?.[2],
        peerDisk: ds?.[2],
        ...(sync ? { replication: cs } : {}),
      });
      // The I/O flags word ("r-----"): its first letter is r(unning) or s(uspended).
      const io = /\s([rs])[-a-zA-Z]{3,}\s*$/.exec(rest);
      if (io) cur.suspended = io[1] === 's';
      result.resources.push(cur);
      continue;
    }
    const synced = /sync'ed:\s*([\d.]+)%/.exec(line);
    if (synced && cur?.peers[0]) {
      cur.peers[0].donePercent = Number(synced[1]);
      continue;
    }
    const oos = /^\s+ns:.*\boos:(\d+)/.exec(line);
    if (oos && cur?.peers[0]) {
      cur.peers[0].outOfSyncKiB = Number(oos[1]);
      continue;
    }
    if (/^\s+(ns:|\[|finish:|resync:|act_log:|\d+ )/.test(line) || /^\s+\S+:\S+/.test(line)) continue;
    junk.add(line);
  }
  junk.flushInto(warnings);
  if (lines.length && !result.resources.length) warnings.push('/proc/drbd: no DRBD device found');
  return result;
}
