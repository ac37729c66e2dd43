/**
 * Outputs operators posted publicly (test/fixtures/real/SOURCES says where from and how a careful operator
 * reads each): the parse AND the verdict must match that reading.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCorosyncQuorum } from '../../src/parsers/corosync-quorum.ts';
import { parseCrmMonXml } from '../../src/parsers/crm-mon.ts';
import { parseDrbdStatus } from '../../src/parsers/drbd-status.ts';
import { parseProcDrbd } from '../../src/parsers/proc-drbd.ts';
import { degradedKind } from '../../src/runbooks/drbd-plan.ts';
import { assessDrbdResource } from '../../src/tools/storage/drbd-assess.ts';
import { nodeView } from '../../src/tools/storage/drbd-views.ts';
import { assessCluster } from '../../src/tools/storage/pacemaker-assess.ts';

const real = (name: string) => readFileSync(new URL(`../fixtures/real/${name}`, import.meta.url), 'utf8');

/** Verdict of one node's `drbdadm status` output, as the drbd_status tool would reach it. */
function drbd9(name: string) {
  const parsed = parseDrbdStatus(real(name));
  const r = parsed.resources[0]!;
  return { parsed, r, a: assessDrbdResource(r.name, [nodeView('local', undefined, r, '', [r.name])], []) };
}

describe('real DRBD 9 outputs', () => {
  it('three-node SyncTarget (linstor #218): syncing towards m14c19; the diskless Primary is no fault', () => {
    const { parsed, r, a } = drbd9('drbd9-3node-synctarget.txt');
    expect(parsed.warnings).toEqual([]);
    expect(r.peers.map((p) => [p.name, p.role, p.replication, p.peerDisk])).toEqual([
      ['m14c19', 'Secondary', 'SyncTarget', 'UpToDate'],
      ['m14c36', 'Primary', undefined, 'Diskless'],
    ]);
    expect(a.verdict).toBe('syncing');
    expect(a.sync).toEqual([{ node: 'local', peer: 'm14c19', state: 'SyncTarget' }]);
    expect(a.facts).toEqual([]);
  });

  it('the same with --verbose --statistics: quorum, peer-client and out-of-sync per peer are read', () => {
    const { parsed, r, a } = drbd9('drbd9-3node-synctarget-verbose.txt');
    expect(parsed.warnings).toEqual([]);
    expect(r.quorum).toBe(true);
    expect(r.peers.map((p) => [p.name, p.connection, p.outOfSyncKiB, p.client])).toEqual([
      ['m14c19', 'Connected', 0, undefined],
      ['m14c36', 'Connected', 0, true],
    ]);
    expect(a.verdict).toBe('syncing');
    expect(a.sync[0]).toMatchObject({ peer: 'm14c19', state: 'SyncTarget', outOfSyncKiB: 0 });
  });

  it('Inconsistent with no resync running (linstor #203) is degraded, never "syncing" or healthy', () => {
    const { a } = drbd9('drbd9-3node-inconsistent-no-resync.txt');
    expect(a.verdict).toBe('degraded');
    expect(a.facts).toEqual([{ kind: 'inconsistent-idle', node: 'local' }]);
    expect(degradedKind(a)).toBe('disk');
  });

  it.each([
    ['drbd9-quorum-lost-connecting.txt', 'Connecting'],
    ['drbd9-quorum-lost-standalone.txt', 'StandAlone'],
  ])('%s (drbd-reactor #1): quorum lost is the verdict and Diskless is said', (file, conn) => {
    const { r, a } = drbd9(file);
    expect(r).toMatchObject({ quorum: false, disks: [{ state: 'Diskless' }] });
    expect(a.verdict).toBe('quorum-lost');
    expect(a.facts.slice(0, 2)).toEqual([
      { kind: 'quorum-lost', node: 'local' },
      { kind: 'local-diskless', node: 'local' },
    ]);
    expect(a.facts.filter((f) => f.kind === 'connection').map((f) => 'value' in f && f.value)).toEqual([
      conn,
      conn,
    ]);
  });

  it('done:0.08 (crowbar #1238) is a resync with its progress; Connecting + Inconsistent is degraded', () => {
    expect(drbd9('drbd9-resync-done-percent.txt').a).toMatchObject({
      verdict: 'syncing',
      sync: [{ state: 'SyncTarget', donePercent: 0.08 }],
    });
    const waiting = drbd9('drbd9-waiting-for-peer.txt').a;
    expect(waiting.verdict).toBe('degraded');
    expect(degradedKind(waiting)).toBe('peer-missing');
  });
});

describe('real DRBD 8.4 /proc/drbd (trinity #651): one side StandAlone, the peer waiting and Inconsistent', () => {
  const c1 = parseProcDrbd(real('proc-drbd-8.4-standalone-primary.txt'));
  const c2 = parseProcDrbd(real('proc-drbd-8.4-wfconnection-inconsistent.txt'));

  it('parses minor, roles, disks and the out-of-sync amount', () => {
    expect(c1.warnings).toEqual([]);
    expect(c1.resources[0]).toMatchObject({
      name: 'drbd1',
      minor: 1,
      role: 'Primary',
      disks: [{ state: 'UpToDate' }],
      peers: [{ connection: 'StandAlone', peerDisk: 'Inconsistent', outOfSyncKiB: 40448716 }],
    });
    expect(c2.resources[0]!.peers[0]).toMatchObject({ connection: 'WFConnection', outOfSyncKiB: 40448704 });
  });

  it('is replication stopped with one usable side: reconnect, not split brain and not "peer missing"', () => {
    const a = assessDrbdResource(
      'ha_disk',
      [
        nodeView('controller-1', 'controller-2', c1.resources[0]!, '', ['ha_disk', 'drbd1']),
        nodeView('controller-2', 'controller-1', c2.resources[0]!, '', ['ha_disk', 'drbd1']),
      ],
      [],
    );
    expect(a.verdict).toBe('degraded');
    expect(a.facts).toContainEqual({
      kind: 'connection',
      node: 'controller-1',
      peer: 'controller-2',
      value: 'StandAlone',
    });
    expect(a.facts).toContainEqual({ kind: 'inconsistent-idle', node: 'controller-2' });
    expect(degradedKind(a)).toBe('reconnect');
  });
});

describe('real crm_mon XML (Pacemaker regression outputs)', () => {
  const judge = (file: string) => {
    const m = parseCrmMonXml(real(file));
    expect(m.warnings).toEqual([]);
    return {
      m,
      v: assessCluster({
        reportedBy: m.dc,
        nodes: m.nodes,
        resources: m.resources,
        failures: m.failures,
        quorate: m.quorum.hasQuorum,
      }),
    };
  };

  it('partially active: runs-nowhere is critical and named, disabled dummy-3 is not, the failed action counts', () => {
    const { m, v } = judge('crm_mon-partially-active.xml');
    expect(m.resources.find((r) => r.id === 'dummy-3')?.targetRole).toBe('Stopped');
    expect(m.failures).toEqual([
      expect.objectContaining({
        resource: 'dummy-2',
        task: 'monitor',
        node: 'cluster02',
        exitStatus: 'Unimplemented',
      }),
    ]);
    expect(v.cause).toBe('resource-stopped');
    expect(v.severity).toBe('critical');
    expect(v.affected.sort()).toEqual(['dummy-2', 'dummy-4', 'httpd', 'smart-mon']);
    expect(v.facts.some((f) => 'resource' in f && f.resource === 'dummy-3')).toBe(false);
    expect(v.facts.filter((f) => f.kind === 'failed-action')).toHaveLength(1);
    // Guest nodes of bundles are resources, never "cluster node offline".
    expect(v.facts.some((f) => f.kind === 'node-offline')).toBe(false);
  });

  it('node in maintenance: said as maintenance (not offline); the stopped bundle replica is what is critical', () => {
    const { v } = judge('crm_mon-node-maintenance.xml');
    expect(v.facts).toContainEqual({ kind: 'node-maintenance', node: 'cluster02' });
    expect(v.facts.some((f) => f.kind === 'node-offline')).toBe(false);
    expect(v.cause).toBe('resource-stopped');
    expect(v.affected).toEqual([
      'httpd-bundle-ip-192.168.122.133',
      'httpd-bundle-docker-2',
      'httpd-bundle-2',
    ]);
    expect(v.facts.some((f) => 'resource' in f && f.resource.startsWith('inactive-'))).toBe(false);
  });
});

describe('real corosync-quorumtool -s', () => {
  it('qdevice column (ha_cluster_exporter #170): quorate, members nfs01/nfs02 and the qdevice vote', () => {
    const q = parseCorosyncQuorum(real('corosync-quorumtool-qdevice-nfs.txt'));
    expect(q.warnings).toEqual([]);
    expect(q).toMatchObject({
      quorate: true,
      expectedVotes: 3,
      totalVotes: 3,
      quorum: 2,
      activityBlocked: false,
    });
    expect(q.nodes.filter((n) => n.nodeId > 0).map((n) => [n.name, n.local])).toEqual([
      ['nfs01', true],
      ['nfs02', false],
    ]);
  });

  it('two_node cluster (supportutils #37): quorate with the 2Node flag', () => {
    const q = parseCorosyncQuorum(real('corosync-quorumtool-2node.txt'));
    expect(q.warnings).toEqual([]);
    expect(q).toMatchObject({ quorate: true, expectedVotes: 2, quorum: 1 });
    expect(q.flags).toContain('2Node');
    expect(q.nodes.map((n) => n.name)).toEqual(['c1', 'c2']);
  });
});
