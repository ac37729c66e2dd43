/** The storage states the lab learned for the real-world incidents parse back as the real tools print them. */
import { describe, expect, it } from 'vitest';
import { createHostResponder } from '../../src/lab/host-responder.ts';
import { loadScenario } from '../../src/lab/load-scenario.ts';
import { LabWorld } from '../../src/lab/world.ts';
import { parseCrmMonXml } from '../../src/parsers/crm-mon.ts';
import { parseDrbdStatus } from '../../src/parsers/drbd-status.ts';
import { parseDrbdadmDump } from '../../src/parsers/drbdadm-dump.ts';
import { parseProcDrbd } from '../../src/parsers/proc-drbd.ts';
import { pacemakerMaintenanceScenario } from './world-fixtures.ts';

async function lab(name: string, node: string) {
  const world = new LabWorld(await loadScenario(name));
  const pair = world.storagePairs[0]!;
  return { world, pair, run: createHostResponder(world, { kind: 'storage', pair, node }) };
}

describe('lab storage states', () => {
  it('DRBD 9 three nodes: quorum:no and every peer (the tiebreaker too) are printed', async () => {
    const { run } = await lab('drbd9-quorum-lost', 'nfs61');
    const r = parseDrbdStatus(run(['drbdadm', 'status']).stdout);
    expect(r.warnings).toEqual([]);
    expect(r.resources[0]).toMatchObject({ name: 'r0', quorum: false, role: 'Primary' });
    expect(r.resources[0]!.peers.map((p) => [p.name, p.connection])).toEqual([
      ['nfs62', 'Connecting'],
      ['tb61', 'Connecting'],
    ]);
  });

  it('DRBD 9 resync on the second peer shows replication and done:', async () => {
    const { run } = await lab('drbd9-resync-third-node', 'nfs71');
    const peers = parseDrbdStatus(run(['drbdadm', 'status']).stdout).resources[0]!.peers;
    expect(peers.map((p) => [p.name, p.replication ?? p.connection, p.peerDisk, p.donePercent])).toEqual([
      ['nfs72', 'Connected', 'UpToDate', undefined],
      ['dr71', 'SyncSource', 'Inconsistent', 90.91],
    ]);
  });

  it('a resource down on a node (standby) is absent from its drbdadm status', async () => {
    const { run } = await lab('pacemaker-standby', 'nfs82');
    expect(run(['drbdadm', 'status'])).toMatchObject({ code: 0, stdout: '' });
  });

  it('DRBD 8.4: drbdadm dump names the minors; /proc/drbd prints WFConnection and oos', async () => {
    const { run } = await lab('drbd-split-second-resource', 'nfs51');
    const dump = parseDrbdadmDump(run(['drbdadm', 'dump']).stdout);
    expect(dump.warnings).toEqual([]);
    expect([...dump.minors]).toEqual([
      [0, 'r0'],
      [1, 'r1'],
    ]);
    const proc = parseProcDrbd(run(['cat', '/proc/drbd']).stdout);
    expect(proc.resources.map((r) => [r.minor, r.peers[0]?.connection, r.peers[0]?.outOfSyncKiB])).toEqual([
      [0, 'Connected', 0],
      [1, 'StandAlone', 0],
    ]);
  });

  it('8.4 Unconfigured minor renders as cs:Unconfigured', async () => {
    const scenario = await loadScenario('drbd84-split-no-log');
    scenario.storagePairs[0]!.drbd[0]!.nodes.nfs42!.connection = 'Unconfigured';
    const world = new LabWorld(scenario);
    const run = createHostResponder(world, { kind: 'storage', pair: world.storagePairs[0]!, node: 'nfs42' });
    expect(parseProcDrbd(run(['cat', '/proc/drbd']).stdout).resources[0]).toMatchObject({
      minor: 0,
      unconfigured: true,
    });
  });

  it('crm_mon: a node in maintenance keeps its resources (unmanaged); a disabled resource carries target_role', async () => {
    const scenario = await pacemakerMaintenanceScenario();
    const world = new LabWorld(scenario);
    const run = createHostResponder(world, { kind: 'storage', pair: world.storagePairs[0]!, node: 'nfs82' });
    const m = parseCrmMonXml(run(['crm_mon', '-1', '--output-as=xml']).stdout);
    expect(m.warnings).toEqual([]);
    expect(m.nodes.find((n) => n.name === 'nfs81')).toMatchObject({ online: true, maintenance: true });
    expect(m.resources.find((r) => r.id === 'fs-nfs')).toMatchObject({
      active: true,
      managed: false,
      nodes: ['nfs81'],
    });
    expect(m.resources.find((r) => r.id === 'old-vip')).toMatchObject({
      active: false,
      targetRole: 'Stopped',
    });
  });
});
