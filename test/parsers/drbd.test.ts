/** DRBD 9 `drbdadm status` and 8.4 `/proc/drbd` on the public outputs in shared/fixtures. */
import { describe, expect, it } from 'vitest';
import { parseDrbdStatus } from '../../src/parsers/drbd-status.ts';
import { parseProcDrbd } from '../../src/parsers/proc-drbd.ts';
import { fixtureSections } from '../helpers/fixtures.ts';

const healthy = fixtureSections('drbdadm-status-drbd9-healthy.txt');
const split = fixtureSections('drbdadm-status-drbd9-splitbrain-standalone.txt');
const syncing = fixtureSections('drbdadm-status-drbd9-syncing.txt');

describe('parseDrbdStatus', () => {
  it('every fixture section parses without warnings into at least one resource', () => {
    for (const s of [...healthy, ...split, ...syncing]) {
      const r = parseDrbdStatus(s.body);
      expect(r.warnings, s.header).toEqual([]);
      expect(r.resources.length, s.header).toBeGreaterThan(0);
    }
  });
  it('healthy two-node pair: roles, disks, peer-disk', () => {
    expect(parseDrbdStatus(healthy[0]!.body).resources).toEqual([
      {
        name: 'wwwdata',
        role: 'Primary',
        disks: [{ volume: 0, state: 'UpToDate' }],
        peers: [{ name: 'pcmk-1', connection: 'Connected', role: 'Secondary', peerDisk: 'UpToDate' }],
      },
    ]);
  });
  it('accepts the older "disk:" under a peer and a Connecting peer', () => {
    const r = parseDrbdStatus(healthy[2]!.body).resources[0]!;
    expect(r.peers.map((p) => [p.name, p.connection, p.peerDisk])).toEqual([
      ['nina', 'Connected', 'UpToDate'],
      ['nino', 'Connected', 'UpToDate'],
      ['nono', 'Connecting', undefined],
    ]);
  });
  it('split brain: StandAlone peers on both sides, Outdated victim with quorum:no', () => {
    expect(split.slice(0, 2).map((s) => parseDrbdStatus(s.body).resources[0]!.peers[0]!.connection)).toEqual([
      'StandAlone',
      'StandAlone',
    ]);
    const victim = parseDrbdStatus(split[4]!.body).resources[0]!;
    expect(victim).toMatchObject({
      role: 'Secondary',
      disks: [{ volume: 0, state: 'Outdated' }],
      quorum: false,
    });
    expect(victim.peers.map((p) => p.connection)).toEqual(['Connected', 'StandAlone']);
  });
  it('syncing: replication state and done:%', () => {
    expect(parseDrbdStatus(syncing[1]!.body).resources[0]!.peers[0]).toMatchObject({
      replication: 'SyncTarget',
      peerDisk: 'UpToDate',
      donePercent: 0.08,
    });
    expect(parseDrbdStatus(syncing[2]!.body).resources[0]!.peers[1]).toMatchObject({
      name: 'm13c23',
      replication: 'SyncSource',
      peerDisk: 'Inconsistent',
      donePercent: 72.42,
    });
  });
  it('drbdsetup --verbose --statistics: skips counters, keeps states', () => {
    const r = parseDrbdStatus(syncing[4]!.body).resources[0]!;
    expect(r).toMatchObject({
      name: 'one-vm-9120-disk-0',
      role: 'Secondary',
      suspended: false,
      disks: [{ volume: 0, state: 'Inconsistent' }],
    });
    expect(r.peers.map((p) => [p.name, p.connection, p.replication, p.peerDisk])).toEqual([
      ['m14c19', 'Connected', 'SyncTarget', 'UpToDate'],
      ['m14c36', 'Connected', 'Established', 'Diskless'],
    ]);
  });
  it('multi-volume resources list each volume', () => {
    const r = parseDrbdStatus(
      'r1 role:Primary\n  volume:0 disk:UpToDate\n  volume:1 disk:Inconsistent\n  b role:Secondary\n    volume:0 peer-disk:UpToDate\n    volume:1 peer-disk:Inconsistent\n\n',
    );
    expect(r.resources[0]!.disks).toEqual([
      { volume: 0, state: 'UpToDate' },
      { volume: 1, state: 'Inconsistent' },
    ]);
    expect(r.resources[0]!.peers[0]!.peerDisk).toBe('Inconsistent');
  });
});

describe('parseProcDrbd', () => {
  it('reads the 8.4 healthy fixture into the DRBD 9 shape, devices named drbdN', () => {
    const r = parseProcDrbd(fixtureSections('proc-drbd-8.4-healthy.txt')[0]!.body);
    expect(r.warnings).toEqual([]);
    expect(r.version).toBe('8.4.0');
    expect(
      r.resources.map((x) => [
        x.name,
        x.minor,
        x.role,
        x.disks[0]?.state,
        x.peers[0]?.connection,
        x.peers[0]?.role,
        x.peers[0]?.peerDisk,
      ]),
    ).toEqual([
      ['drbd0', 0, 'Secondary', 'UpToDate', 'Connected', 'Secondary', 'UpToDate'],
      ['drbd1', 1, 'Primary', 'UpToDate', 'Connected', 'Secondary', 'UpToDate'],
      ['drbd2', 2, 'Secondary', 'UpToDate', 'Connected', 'Primary', 'UpToDate'],
    ]);
  });
  it('reads sync progress, StandAlone and suspended I/O', () => {
    const out = [
      'version: 8.4.11 (api:1/proto:86-101)',
      ' 0: cs:SyncSource ro:Primary/Secondary ds:UpToDate/Inconsistent C r-----',
      '    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:351072',
      "\t[=====>..............] sync'ed: 31.4% (351072/511992)K",
      '\tfinish: 0:00:08 speed: 19,848 (19,848) K/sec',
      ' 1: cs:StandAlone ro:Primary/Unknown ds:UpToDate/DUnknown   s-----',
      ' 2: cs:Unconfigured',
      '',
    ].join('\n');
    const r = parseProcDrbd(out);
    expect(r.warnings).toEqual([]);
    expect(r.resources[0]!.peers[0]).toMatchObject({
      connection: 'SyncSource',
      replication: 'SyncSource',
      donePercent: 31.4,
    });
    expect(r.resources[1]).toMatchObject({
      suspended: true,
      peers: [{ connection: 'StandAlone', peerDisk: 'DUnknown' }],
    });
    expect(r.resources[2]).toMatchObject({ name: 'drbd2', peers: [] });
  });
});
