/** Storage-node answers (DRBD 9/8.4, crm_mon, corosync, kernel log) parse back to each scenario's pair state. */
import { describe, expect, it } from 'vitest';
import { createHostResponder } from '../../src/lab/host-responder.ts';
import { loadScenario } from '../../src/lab/load-scenario.ts';
import type { StoragePairSpec } from '../../src/lab/scenario.ts';
import { LabWorld } from '../../src/lab/world.ts';
import { parseCorosyncQuorum } from '../../src/parsers/corosync-quorum.ts';
import { parseCrmMonXml } from '../../src/parsers/crm-mon.ts';
import { parseDrbdStatus } from '../../src/parsers/drbd-status.ts';
import { parseProcDrbd } from '../../src/parsers/proc-drbd.ts';
import { layoutsScenario } from './world-fixtures.ts';

const JOURNAL = ['journalctl', '-k', '--no-pager', '-o', 'short-iso', '--since', '-24h'];
const node = (world: LabWorld, pair: StoragePairSpec, n: string) =>
  createHostResponder(world, { kind: 'storage', pair, node: n });

describe.each(['healthy', 'drbd-split-brain', 'storage-node-offline', 'memory-cap'])(
  'scenario %s',
  (name) => {
    it('drbdadm status on each node reads back role, disk and the connection to the peer', async () => {
      const world = new LabWorld(await loadScenario(name));
      for (const pair of world.storagePairs)
        for (const n of pair.nodes) {
          const out = node(world, pair, n)(['drbdadm', 'status']);
          expect(out.code).toBe(0);
          const p = parseDrbdStatus(out.stdout);
          expect(p.warnings).toEqual([]);
          const peer = pair.nodes.find((x) => x !== n)!;
          expect(
            p.resources.map((r) => ({
              name: r.name,
              role: r.role,
              disk: r.disks[0]?.state,
              peer: r.peers[0]?.name,
              connection: r.peers[0]?.connection,
            })),
          ).toEqual(
            pair.drbd.map((r) => ({
              name: r.name,
              role: r.nodes[n]!.role,
              disk: r.nodes[n]!.disk,
              peer,
              connection: r.nodes[n]!.connection,
            })),
          );
        }
    });

    it('crm_mon XML reads back nodes, where each resource runs, and failed actions; stopped stacks answer 102', async () => {
      const world = new LabWorld(await loadScenario(name));
      for (const pair of world.storagePairs) {
        const pm = pair.pacemaker!;
        for (const n of pair.nodes) {
          const out = node(world, pair, n)(['crm_mon', '-1', '--output-as=xml']);
          const parsed = parseCrmMonXml(out.stdout);
          if (pm.nodes.find((x) => x.name === n)?.state === 'offline') {
            expect(out.code).toBe(102);
            expect(parsed.status?.code).toBe(102);
            continue;
          }
          expect(out.code).toBe(0);
          expect(parsed.warnings).toEqual([]);
          expect(parsed.nodes.map((x) => [x.name, x.online, x.standby])).toEqual(
            pm.nodes.map((x) => [x.name, x.state !== 'offline', x.state === 'standby']),
          );
          expect(parsed.quorum.hasQuorum).toBe(pm.quorate);
          for (const r of pm.resources) {
            const shown = parsed.resources.find((x) => x.id === r.id && x.role === r.role);
            expect(shown?.nodes, r.id).toEqual([r.runningOn]);
          }
          // Like Pacemaker, failures recorded on an offline node are not shown (its history is not unpacked).
          const visible = pm.failedActions.filter(
            (f) => pm.nodes.find((x) => x.name === f.node)?.state !== 'offline',
          );
          expect(parsed.failures.map((f) => [f.resource, f.node, f.task, f.exitReason])).toEqual(
            visible.map((f) => [f.resource, f.node, f.operation, f.exitReason]),
          );
        }
      }
    });

    it('corosync-quorumtool and the kernel log agree with the pair', async () => {
      const world = new LabWorld(await loadScenario(name));
      for (const pair of world.storagePairs)
        for (const n of pair.nodes) {
          const r = node(world, pair, n);
          const offline = pair.pacemaker!.nodes.find((x) => x.name === n)?.state === 'offline';
          const q = r(['corosync-quorumtool', '-s']);
          if (offline) expect(q.code).toBe(1);
          else {
            const p = parseCorosyncQuorum(q.stdout);
            expect(p).toMatchObject({ quorate: pair.pacemaker!.quorate, warnings: [] });
            expect(p.nodes.find((x) => x.local)?.name).toBe(n);
          }
          const log = r(JOURNAL).stdout;
          for (const line of pair.kernelLog[n] ?? [])
            expect(log).toMatch(
              new RegExp(
                `^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+0000 ${n} kernel: ${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
                'm',
              ),
            );
        }
    });
  },
);

describe('DRBD 8.4 pair', () => {
  const world = new LabWorld(layoutsScenario());
  const pair = world.storagePairs[0]!;
  it('/proc/drbd reads back cs/ro/ds and sync progress; Connecting is spelled WFConnection', () => {
    const p = parseProcDrbd(node(world, pair, 'nfs81')(['cat', '/proc/drbd']).stdout);
    expect(p.warnings).toEqual([]);
    expect(
      p.resources.map((r) => [
        r.name,
        r.role,
        r.disks[0]?.state,
        r.peers[0]?.connection,
        r.peers[0]?.peerDisk,
        r.peers[0]?.donePercent,
      ]),
    ).toEqual([
      ['drbd0', 'Primary', 'UpToDate', 'SyncSource', 'Inconsistent', 42.5],
      ['drbd1', 'Primary', 'UpToDate', 'WFConnection', 'DUnknown', undefined],
    ]);
  });
  it('drbdadm status shows sync progress; one resource by name; unknown resource refused', () => {
    const r = node(world, pair, 'nfs82');
    const p = parseDrbdStatus(r(['drbdadm', 'status']).stdout);
    expect(p.resources[0]!.peers[0]).toMatchObject({
      replication: 'SyncTarget',
      peerDisk: 'UpToDate',
      donePercent: 42.5,
    });
    expect(
      parseDrbdStatus(r(['drbdadm', 'status', 'r1']).stdout).resources.map((x) => [
        x.name,
        x.peers[0]?.connection,
      ]),
    ).toEqual([['r1', 'StandAlone']]);
    expect(r(['drbdadm', 'status', 'r9'])).toMatchObject({ code: 10, stdout: '' });
  });
  it('a pair without Pacemaker answers crm_mon as a node with no cluster stack', () => {
    expect(node(world, pair, 'nfs81')(['crm_mon', '-1', '--output-as=xml']).code).toBe(102);
  });
});
