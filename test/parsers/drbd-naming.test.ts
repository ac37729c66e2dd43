/** DRBD 8.4 naming: minors to resource names (drbdadm dump, else config order), Unconfigured, kernel lines. */
import { describe, expect, it } from 'vitest';
import { parseDrbdStatus } from '../../src/parsers/drbd-status.ts';
import { parseDrbdadmDump } from '../../src/parsers/drbdadm-dump.ts';
import { parseProcDrbd } from '../../src/parsers/proc-drbd.ts';
import { minorNames, nodeView, splitBrainLines } from '../../src/tools/storage/drbd-views.ts';

const DUMP = `# /etc/drbd.conf
common {
}

# resource r0 on nfs51: not ignored, not stacked
resource r0 {
    on nfs51 {
        device           /dev/drbd0 minor 0;
        disk             /dev/vg0/r0;
    }
}

resource "data_1" {
    device minor 7;
    on nfs51 {
        disk /dev/vg0/data;
    }
}

resource legacy {
    on nfs51 {
        device /dev/drbd3;
    }
}
`;

describe('parseDrbdadmDump', () => {
  it('maps every minor to its resource, in both device spellings', () => {
    const d = parseDrbdadmDump(DUMP);
    expect(d.warnings).toEqual([]);
    expect(d.resources).toEqual(['r0', 'data_1', 'legacy']);
    expect([...d.minors]).toEqual([
      [0, 'r0'],
      [7, 'data_1'],
      [3, 'legacy'],
    ]);
  });
  it('says so when there is no resource section; never throws on garbage', () => {
    expect(parseDrbdadmDump('drbdadm: command not found\n').warnings).toEqual([
      'drbdadm dump: no resource section found',
    ]);
    expect(parseDrbdadmDump('').minors.size).toBe(0);
  });
});

describe('minorNames', () => {
  it('prefers drbdadm dump', () => {
    expect(
      minorNames(
        [0, 1],
        new Map([
          [1, 'r1'],
          [0, 'r0'],
        ]),
        ['x', 'y'],
      ).names.get(1),
    ).toBe('r1');
  });
  it('else pairs ascending minors with drbdResources as declared, and warns that it assumed', () => {
    const m = minorNames([4, 1], undefined, ['r0', 'r1']);
    expect([...m.names]).toEqual([
      [1, 'r0'],
      [4, 'r1'],
    ]);
    expect(m.warning).toMatch(/assumed minors 1, 4 are r0, r1/);
  });
  it('keeps device names when the counts do not match', () => {
    const m = minorNames([0, 1, 2], undefined, ['r0']);
    expect(m.names.size).toBe(0);
    expect(m.warning).toMatch(/do not match/);
  });
});

describe('/proc/drbd Unconfigured and kernel lines', () => {
  it('an Unconfigured minor is marked, not a healthy resource', () => {
    const p = parseProcDrbd(
      'version: 8.4.11 (api:1/proto:86-101)\n 0: cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate C r-----\n 2: cs:Unconfigured\n',
    );
    expect(p.resources.map((r) => [r.name, r.unconfigured ?? false])).toEqual([
      ['drbd0', false],
      ['drbd2', true],
    ]);
  });
  it('split-brain lines match the resource or its 8.4 device by whole name (r1 is not r10)', () => {
    const log = [
      'kernel: block drbd1: Split-Brain detected but unresolved, dropping connection!',
      'kernel: drbd r10 nfs52: Split-Brain detected but unresolved, dropping connection!',
      'kernel: drbd r1: conn( NetworkFailure -> StandAlone )',
    ].join('\n');
    expect(splitBrainLines(log, ['r1', 'drbd1'])).toEqual([
      'kernel: block drbd1: Split-Brain detected but unresolved, dropping connection!',
    ]);
    expect(splitBrainLines(log, ['r1'])).toEqual([]);
  });
});

describe('nodeView', () => {
  it('finds the pair partner among several peers by name or FQDN; other peers are not the partner', () => {
    const r = parseDrbdStatus(
      'r0 role:Primary\n  disk:UpToDate\n  nfs02.dc1.example role:Secondary\n    peer-disk:UpToDate\n  tb01 role:Secondary\n    peer-disk:Diskless\n',
    ).resources[0]!;
    const v = nodeView('nfs01', 'nfs02', r, '', ['r0']);
    expect(v.peers.map((p) => [p.peer, p.partner])).toEqual([
      ['nfs02', true],
      ['tb01', false],
    ]);
    expect(v).toMatchObject({ connection: 'Connected', peerDisk: 'UpToDate' });
  });
});
