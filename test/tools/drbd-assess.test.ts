/**
 * The DRBD verdict, one row per state the real world shows (see test/fixtures/real/SOURCES): every rule of
 * drbd-assess.ts has a row that fails when the rule is removed.
 */
import { describe, expect, it } from 'vitest';
import {
  assessDrbdResource,
  type DrbdNodeView,
  type DrbdPeerView,
  splitBrainBasis,
} from '../../src/tools/storage/drbd-assess.ts';

const peer = (p: Partial<DrbdPeerView> & { peer: string }): DrbdPeerView => ({
  connection: 'Connected',
  peerDisk: 'UpToDate',
  partner: true,
  ...p,
});
function node(
  name: string,
  partner: string,
  o: Partial<DrbdNodeView> = {},
  link: Partial<DrbdPeerView> = {},
) {
  const peers = o.peers ?? [peer({ peer: partner, ...link })];
  const l = peers.find((p) => p.partner);
  return {
    node: name,
    role: 'Secondary',
    disk: 'UpToDate',
    connection: l?.replication && l.replication !== 'Established' ? l.replication : l?.connection,
    splitBrainLog: [],
    ...o,
    peers,
  } satisfies DrbdNodeView;
}
const a = (o?: Partial<DrbdNodeView>, l?: Partial<DrbdPeerView>) =>
  node('nfs01', 'nfs02', { role: 'Primary', ...o }, l);
const b = (o?: Partial<DrbdNodeView>, l?: Partial<DrbdPeerView>) => node('nfs02', 'nfs01', o, l);

type Row = [string, DrbdNodeView[], string[], string, string | undefined];
const rows: Row[] = [
  ['connected, both UpToDate', [a(), b()], [], 'healthy', undefined],
  [
    'kernel log says Split-Brain (states alone would not)',
    [
      a(
        { splitBrainLog: ['drbd r0 nfs02: Split-Brain detected but unresolved, dropping connection!'] },
        { connection: 'Connecting' },
      ),
      b({}, { connection: 'Connecting' }),
    ],
    [],
    'split-brain',
    'kernel-log',
  ],
  [
    'an old Split-Brain log line after both sides reconnected is history, not a split brain',
    [a({ splitBrainLog: ['drbd r0 nfs02: Split-Brain detected but unresolved, dropping connection!'] }), b()],
    [],
    'healthy',
    undefined,
  ],
  [
    'both StandAlone, no log line',
    [
      a({ disk: 'UpToDate' }, { connection: 'StandAlone' }),
      b({ disk: 'Outdated' }, { connection: 'StandAlone' }),
    ],
    [],
    'split-brain',
    'state',
  ],
  [
    'classic signature: one StandAlone, peer Connecting, both UpToDate, both reachable',
    [a({}, { connection: 'StandAlone' }), b({}, { connection: 'Connecting' })],
    [],
    'split-brain',
    'state',
  ],
  [
    '8.4 spelling: StandAlone + WFConnection, both UpToDate',
    [a({}, { connection: 'StandAlone' }), b({}, { connection: 'WFConnection' })],
    [],
    'split-brain',
    'state',
  ],
  [
    'two Primaries that are not connected',
    [a({}, { connection: 'Connecting' }), b({ role: 'Primary' }, { connection: 'Connecting' })],
    [],
    'split-brain',
    'both-primary',
  ],
  [
    'StandAlone + WFConnection but the peer is Inconsistent: only one usable side (trinity #651)',
    [a({}, { connection: 'StandAlone' }), b({ disk: 'Inconsistent' }, { connection: 'WFConnection' })],
    [],
    'degraded',
    undefined,
  ],
  [
    'one StandAlone while the other node is unreachable: not provable split brain',
    [a({}, { connection: 'StandAlone' })],
    ['nfs02'],
    'degraded',
    undefined,
  ],
  [
    'peer node down: Connecting, peer unreachable',
    [a({}, { connection: 'Connecting' })],
    ['nfs02'],
    'degraded',
    undefined,
  ],
  ['quorum:no on one node', [a({ quorum: false }), b()], [], 'quorum-lost', undefined],
  ['local disk Diskless on a pair node', [a(), b({ disk: 'Diskless' }, {})], [], 'degraded', undefined],
  [
    'pair partner seen Diskless from the other side',
    [a({}, { peerDisk: 'Diskless' })],
    [],
    'degraded',
    undefined,
  ],
  [
    'resync towards the partner with progress',
    [
      a({}, { replication: 'SyncSource', peerDisk: 'Inconsistent', donePercent: 42.5 }),
      b({ disk: 'Inconsistent' }, { replication: 'SyncTarget', donePercent: 42.5 }),
    ],
    [],
    'syncing',
    undefined,
  ],
  [
    'three nodes: partner fine, the SECOND peer resyncing at 90.91% (issue 12.1)',
    [
      a({
        peers: [
          peer({ peer: 'nfs02' }),
          peer({
            peer: 'dr01',
            partner: false,
            replication: 'SyncSource',
            peerDisk: 'Inconsistent',
            donePercent: 90.91,
          }),
        ],
      }),
      b({ peers: [peer({ peer: 'nfs01' }), peer({ peer: 'dr01', partner: false })] }),
    ],
    [],
    'syncing',
    undefined,
  ],
  [
    'three nodes: partner fine, the second peer StandAlone',
    [
      a({
        peers: [
          peer({ peer: 'nfs02' }),
          peer({ peer: 'dr01', partner: false, connection: 'StandAlone', peerDisk: undefined }),
        ],
      }),
      b(),
    ],
    [],
    'degraded',
    undefined,
  ],
  [
    'three nodes: a diskless tiebreaker is no fault',
    [
      a({ peers: [peer({ peer: 'nfs02' }), peer({ peer: 'tb01', partner: false, peerDisk: 'Diskless' })] }),
      b({ peers: [peer({ peer: 'nfs01' }), peer({ peer: 'tb01', partner: false, peerDisk: 'Diskless' })] }),
    ],
    [],
    'healthy',
    undefined,
  ],
  ['Inconsistent without any resync', [a(), b({ disk: 'Inconsistent' })], [], 'degraded', undefined],
  [
    'Unconfigured on both nodes (8.4)',
    [a({ unconfigured: true, peers: [] }), b({ unconfigured: true, peers: [] })],
    [],
    'unconfigured',
    undefined,
  ],
  ['no node answered', [], ['nfs01', 'nfs02'], 'unknown', undefined],
  // The classic signature with the other waiting states, and with the sides the other way round.
  [
    'StandAlone + NetworkFailure (8.4, link just dropped), both UpToDate',
    [a({}, { connection: 'StandAlone' }), b({}, { connection: 'NetworkFailure' })],
    [],
    'split-brain',
    'state',
  ],
  [
    'StandAlone + Unconnected, both UpToDate',
    [a({}, { connection: 'StandAlone' }), b({}, { connection: 'Unconnected' })],
    [],
    'split-brain',
    'state',
  ],
  [
    'the Secondary gave up (StandAlone) while the Primary keeps Connecting, both UpToDate',
    [a({}, { connection: 'Connecting' }), b({}, { connection: 'StandAlone' })],
    [],
    'split-brain',
    'state',
  ],
  [
    'StandAlone + Connected (one side still thinks it is connected): not the signature',
    [a({}, { connection: 'StandAlone' }), b({}, { connection: 'Connected' })],
    [],
    'degraded',
    undefined,
  ],
  [
    'an old Split-Brain log line while a third node is unreachable cannot be proven history',
    [a({ splitBrainLog: ['drbd r0 nfs02: Split-Brain detected but unresolved, dropping connection!'] }), b()],
    ['dr01'],
    'split-brain',
    'kernel-log',
  ],
  [
    'one Primary whose link is down is not two Primaries',
    [a({}, { connection: 'Connecting' }), b({ disk: 'Outdated' }, { connection: 'Connecting' })],
    [],
    'degraded',
    undefined,
  ],
  [
    'resync paused behind another resource (resync-after): PausedSyncT',
    [
      a({}, { replication: 'PausedSyncS', peerDisk: 'Inconsistent' }),
      b({ disk: 'Inconsistent' }, { replication: 'PausedSyncT' }),
    ],
    [],
    'syncing',
    undefined,
  ],
  [
    'bitmap exchange before a resync: WFBitMapS / WFBitMapT',
    [
      a({}, { replication: 'WFBitMapS', peerDisk: 'Inconsistent' }),
      b({ disk: 'Inconsistent' }, { replication: 'WFBitMapT' }),
    ],
    [],
    'syncing',
    undefined,
  ],
  [
    'local disk Failed (I/O error, detached)',
    [a({ disk: 'Failed' }), b({}, { peerDisk: 'Failed' })],
    [],
    'degraded',
    undefined,
  ],
  [
    'peer disk Outdated on a Connected link',
    [a({}, { peerDisk: 'Outdated' }), b({ disk: 'Outdated' })],
    [],
    'degraded',
    undefined,
  ],
  [
    'down on one node (8.4 Unconfigured there)',
    [a({}, { connection: 'Connecting' }), b({ unconfigured: true, peers: [] })],
    [],
    'degraded',
    undefined,
  ],
  ['quorum lost on both nodes', [a({ quorum: false }), b({ quorum: false })], [], 'quorum-lost', undefined],
  [
    'the Secondary StandAlone while the Primary still shows Connected: not the signature',
    [a({}, { connection: 'Connected' }), b({}, { connection: 'StandAlone' })],
    [],
    'degraded',
    undefined,
  ],
  [
    'the side that gave up is Outdated: only one usable side, not split brain',
    [a({ disk: 'Outdated' }, { connection: 'StandAlone' }), b({}, { connection: 'Connecting' })],
    [],
    'degraded',
    undefined,
  ],
  [
    'a Split-Brain log line while one side still shows Connected and the other lost the link',
    [
      a({ splitBrainLog: ['drbd r0 nfs02: Split-Brain detected but unresolved, dropping connection!'] }),
      b({}, { connection: 'Connecting' }),
    ],
    [],
    'split-brain',
    'kernel-log',
  ],
  [
    'dual-primary (allow-two-primaries, live migration) and Connected: healthy',
    [a(), b({ role: 'Primary' })],
    [],
    'healthy',
    undefined,
  ],
  [
    'two Primaries, one link still Connected: not yet provable',
    [a(), b({ role: 'Primary' }, { connection: 'Connecting' })],
    [],
    'degraded',
    undefined,
  ],
  [
    'down on the first node (8.4 Unconfigured there)',
    [a({ unconfigured: true, peers: [] }), b({}, { connection: 'Connecting' })],
    [],
    'degraded',
    undefined,
  ],
  [
    'three nodes: nfs02 resyncs from nfs01 while its link to dr01 idles',
    [
      a({
        peers: [
          peer({ peer: 'nfs02', replication: 'SyncSource', peerDisk: 'Inconsistent' }),
          peer({ peer: 'dr01', partner: false }),
        ],
      }),
      b({
        disk: 'Inconsistent',
        peers: [
          peer({ peer: 'nfs01', replication: 'SyncTarget' }),
          peer({ peer: 'dr01', partner: false, replication: 'Established' }),
        ],
      }),
    ],
    [],
    'syncing',
    undefined,
  ],
];

describe('assessDrbdResource', () => {
  it.each(rows)('%s', (_name, nodes, unreachable, verdict, basis) => {
    const r = assessDrbdResource('r0', nodes, unreachable);
    expect(r.verdict).toBe(verdict);
    expect(r.splitBasis).toBe(basis);
    expect(r.dataAtRisk).toBe(verdict === 'split-brain');
  });

  it('a resync keeps its progress and out-of-sync amount even when something else degrades the resource', () => {
    const r = assessDrbdResource(
      'r0',
      [
        a({
          peers: [
            peer({ peer: 'nfs02', connection: 'StandAlone', peerDisk: undefined }),
            peer({
              peer: 'dr01',
              partner: false,
              replication: 'SyncSource',
              donePercent: 12,
              outOfSyncKiB: 4096,
            }),
          ],
        }),
        b({ disk: 'Outdated' }, { connection: 'Connecting' }),
      ],
      [],
    );
    expect(r.verdict).toBe('degraded');
    expect(r.sync).toEqual([
      { node: 'nfs01', peer: 'dr01', state: 'SyncSource', donePercent: 12, outOfSyncKiB: 4096 },
    ]);
  });

  it('names what it saw: quorum loss and Diskless are facts, not just a verdict', () => {
    const r = assessDrbdResource(
      'r0',
      [a({ quorum: false, disk: 'Diskless' }, { connection: 'Connecting' })],
      ['nfs02'],
    );
    expect(r.facts).toEqual([
      { kind: 'quorum-lost', node: 'nfs01' },
      { kind: 'unreachable', node: 'nfs02' },
      { kind: 'local-diskless', node: 'nfs01' },
      { kind: 'connection', node: 'nfs01', peer: 'nfs02', value: 'Connecting' },
    ]);
  });

  it('a resource the nodes answer for but do not list (DRBD 9 leaves a down resource out) is down there', () => {
    const bothDown = assessDrbdResource('r0', [], [], { downOn: ['nfs01', 'nfs02'] });
    expect(bothDown).toMatchObject({ verdict: 'unconfigured', dataAtRisk: false });
    expect(bothDown.facts).toEqual([
      { kind: 'unconfigured', node: 'nfs01' },
      { kind: 'unconfigured', node: 'nfs02' },
    ]);
    const oneDown = assessDrbdResource('r0', [a({}, { connection: 'Connecting' })], [], {
      downOn: ['nfs02'],
    });
    expect(oneDown.verdict).toBe('degraded');
    expect(oneDown.facts).toContainEqual({ kind: 'unconfigured', node: 'nfs02' });
    expect(assessDrbdResource('r0', [], ['nfs01', 'nfs02']).facts).toEqual([
      { kind: 'unreachable', node: 'nfs01' },
      { kind: 'unreachable', node: 'nfs02' },
    ]);
  });

  it('8.4 resources keep their device name for the kernel log', () => {
    expect(assessDrbdResource('r0', [a(), b()], [], { device: 'drbd0' }).device).toBe('drbd0');
    expect(assessDrbdResource('r0', [a(), b()], [])).not.toHaveProperty('device');
  });

  it('a split brain names the links, the log line and both Primaries', () => {
    const r = assessDrbdResource(
      'r0',
      [
        a(
          { splitBrainLog: ['drbd r0: Split-Brain detected, dropping connection!', 'second line'] },
          { connection: 'StandAlone' },
        ),
        b({ role: 'Primary' }, { connection: 'StandAlone' }),
      ],
      [],
    );
    expect(r.facts).toEqual([
      { kind: 'connection', node: 'nfs01', peer: 'nfs02', value: 'StandAlone' },
      { kind: 'connection', node: 'nfs02', peer: 'nfs01', value: 'StandAlone' },
      { kind: 'kernel-log', node: 'nfs01', value: 'drbd r0: Split-Brain detected, dropping connection!' },
      { kind: 'both-primary', node: 'nfs01, nfs02' },
    ]);
  });

  it('split brain facts are about the pair link only, and name two Primaries only when there are two', () => {
    const r = assessDrbdResource(
      'r0',
      [
        a({
          peers: [peer({ peer: 'nfs02', connection: 'StandAlone' }), peer({ peer: 'dr01', partner: false })],
        }),
        b({}, { connection: 'StandAlone' }),
      ],
      [],
    );
    expect(r).toMatchObject({ verdict: 'split-brain', splitBasis: 'state' });
    expect(r.facts).toEqual([
      { kind: 'connection', node: 'nfs01', peer: 'nfs02', value: 'StandAlone' },
      { kind: 'connection', node: 'nfs02', peer: 'nfs01', value: 'StandAlone' },
    ]);
  });

  it('degradation facts say which disk and which link', () => {
    const r = assessDrbdResource(
      'r0',
      [
        a({ disk: 'Failed' }, { peerDisk: 'Outdated' }),
        b({ disk: 'Outdated' }, { connection: 'Connecting' }),
      ],
      [],
    );
    expect(r.facts).toEqual([
      { kind: 'local-disk', node: 'nfs01', value: 'Failed' },
      { kind: 'peer-disk', node: 'nfs01', peer: 'nfs02', value: 'Outdated' },
      { kind: 'local-disk', node: 'nfs02', value: 'Outdated' },
      { kind: 'connection', node: 'nfs02', peer: 'nfs01', value: 'Connecting' },
    ]);
    // The idle Inconsistent disk is told once, by its own node, not again as the peer's view of it.
    const idle = assessDrbdResource(
      'r0',
      [a({}, { peerDisk: 'Inconsistent' }), b({ disk: 'Inconsistent' })],
      [],
    );
    expect(idle.facts).toEqual([{ kind: 'inconsistent-idle', node: 'nfs02' }]);
    expect(assessDrbdResource('r0', [a({}, { peerDisk: 'Diskless' })], []).facts).toEqual([
      { kind: 'peer-diskless', node: 'nfs01', peer: 'nfs02' },
    ]);
    // During the bitmap exchange the peer disk is not yet Inconsistent: no fault of its own.
    const bitmap = assessDrbdResource('r0', [a({}, { replication: 'WFBitMapS', peerDisk: 'Outdated' })], []);
    expect(bitmap.facts).toEqual([]);
    expect(
      assessDrbdResource(
        'r0',
        [a({ unconfigured: true, peers: [] }), b({ unconfigured: true, peers: [] })],
        [],
      ).facts,
    ).toEqual([
      { kind: 'unconfigured', node: 'nfs01' },
      { kind: 'unconfigured', node: 'nfs02' },
    ]);
  });

  it('the classic signature needs both disks UpToDate and both nodes seen', () => {
    expect(
      splitBrainBasis([a({}, { connection: 'StandAlone' }), b({}, { connection: 'Connecting' })], []),
    ).toBe('state');
    expect(
      splitBrainBasis(
        [a({}, { connection: 'StandAlone' }), b({ disk: 'Outdated' }, { connection: 'Connecting' })],
        [],
      ),
    ).toBeUndefined();
    expect(
      splitBrainBasis([a({}, { connection: 'StandAlone' }), b({}, { connection: 'Connected' })], []),
    ).toBeUndefined();
  });
});
