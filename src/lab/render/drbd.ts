/**
 * DRBD state of one storage node: DRBD 9 `drbdadm status` (format of the drbdadm-status-drbd9-* fixtures)
 * and 8.4 `/proc/drbd` (proc-drbd-8.4-healthy.txt), both from the pair's per-node resource states.
 */
import type { DrbdNodeState, StoragePairSpec } from '../scenario.ts';

type Resource = StoragePairSpec['drbd'][number];
const SYNC = new Set(['SyncSource', 'SyncTarget']);

function peerOf(pair: StoragePairSpec, node: string): string {
  return pair.nodes[0] === node ? pair.nodes[1] : pair.nodes[0];
}

/** DRBD 9 has no WFConnection: a node waiting for its peer says Connecting. */
const conn9 = (c: DrbdNodeState['connection']) => (c === 'WFConnection' ? 'Connecting' : c);

/** One peer block of `drbdadm status`: a connection line, or role + peer-disk (+ replication and done:). */
function peerLines(
  peer: string,
  c: string,
  them: { role?: string; disk?: string } | undefined,
  syncPercent?: number,
): string[] {
  if (c === 'StandAlone' || c === 'Connecting') return [`  ${peer} connection:${c}`];
  if (SYNC.has(c)) {
    const done = syncPercent === undefined ? '' : ` done:${syncPercent.toFixed(2)}`;
    return [
      `  ${peer} role:${them?.role ?? 'Unknown'}`,
      `    replication:${c} peer-disk:${them?.disk ?? 'DUnknown'}${done}`,
    ];
  }
  return [`  ${peer} role:${them?.role ?? 'Unknown'}`, `    peer-disk:${them?.disk ?? 'DUnknown'}`];
}

export function renderDrbdadmStatus(pair: StoragePairSpec, node: string, resources: Resource[]): string {
  const peer = peerOf(pair, node);
  const out: string[] = [];
  for (const r of resources) {
    const me = r.nodes[node];
    // A resource that is down on this node is not listed by `drbdadm status`.
    if (!me || me.connection === 'Unconfigured') continue;
    out.push(`${r.name} role:${me.role}`, `  disk:${me.disk}${me.quorum === false ? ' quorum:no' : ''}`);
    out.push(...peerLines(peer, conn9(me.connection), r.nodes[peer], me.syncPercent));
    for (const x of me.peers) out.push(...peerLines(x.name, x.connection, x, x.syncPercent));
    out.push('');
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** `drbdadm dump` of the pair's resources as drbd-utils prints an 8.4-style configuration. */
export function renderDrbdadmDump(pair: StoragePairSpec): string {
  const out = ['# /etc/drbd.conf', 'global {', '    usage-count no;', '}', '', 'common {', '}', ''];
  for (const r of pair.drbd) {
    out.push(`# resource ${r.name} on ${pair.nodes[0]}: not ignored, not stacked`);
    out.push(`# defined at /etc/drbd.d/${r.name}.res:1`, `resource ${r.name} {`);
    pair.nodes.forEach((n, i) => {
      out.push(`    on ${n} {`);
      out.push(`        device           /dev/drbd${r.minor} minor ${r.minor};`);
      out.push(`        disk             /dev/vg0/${r.name};`);
      out.push(`        meta-disk        internal;`);
      out.push(`        address          ipv4 10.0.0.${i + 1}:${7788 + r.minor};`, '    }');
    });
    out.push('}', '');
  }
  return `${out.join('\n')}\n`;
}

/** 8.4 has no Connecting: a node waiting for its peer says WFConnection. */
const conn84 = (c: DrbdNodeState['connection']) => (c === 'Connecting' ? 'WFConnection' : c);

export function renderProcDrbd(pair: StoragePairSpec, node: string): string {
  if (pair.drbdVersion === 9)
    // DRBD 9 keeps only the version banner in /proc/drbd; status moved to drbdadm/drbdsetup.
    return 'version: 9.2.12 (api:2/proto:86-122)\nGIT-hash: 7bfb4fe5c5a8ec9c8bba0b03fd8a9fb6ee2cbb75 build by @buildd, 2024-11-05 10:02:11\nTransports (api:21): tcp (9.2.12)\n';
  const peer = peerOf(pair, node);
  const lines = ['version: 8.4.11 (api:1/proto:86-101)', 'srcversion: 2C8B1F6E3B6E7F7AF2C4B9A'];
  for (const r of pair.drbd) {
    const me = r.nodes[node];
    if (!me) continue;
    const them = r.nodes[peer];
    if (me.connection === 'Unconfigured') {
      lines.push(` ${r.minor}: cs:Unconfigured`);
      continue;
    }
    const c = conn84(me.connection);
    const connected = c === 'Connected' || SYNC.has(c);
    const peerRole = connected ? (them?.role ?? 'Unknown') : 'Unknown';
    const peerDisk = connected ? (them?.disk ?? 'DUnknown') : 'DUnknown';
    lines.push(
      ` ${r.minor}: cs:${c} ro:${me.role}/${peerRole} ds:${me.disk}/${peerDisk} ${c === 'StandAlone' ? ' ' : 'C'} r-----`,
    );
    const left =
      SYNC.has(c) && me.syncPercent !== undefined ? Math.round(511_992 * (1 - me.syncPercent / 100)) : 0;
    lines.push(
      `    ns:1048576 nr:0 dw:1048576 dr:2048 al:16 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:${me.outOfSyncKiB ?? left}`,
    );
    if (SYNC.has(c) && me.syncPercent !== undefined) {
      const filled = Math.floor(me.syncPercent / 5);
      const bar = `${'='.repeat(Math.max(0, filled - 1))}>${'.'.repeat(20 - Math.max(1, filled))}`;
      lines.push(
        `\t[${bar}] sync'ed: ${me.syncPercent.toFixed(1)}% (${Math.round(511_992 * (1 - me.syncPercent / 100))}/511992)K`,
      );
      lines.push('\tfinish: 0:00:08 speed: 19,848 (19,848) K/sec');
    }
  }
  return `${lines.join('\n')}\n`;
}
