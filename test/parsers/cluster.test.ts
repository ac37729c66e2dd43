/** crm_mon XML (Pacemaker 2.1 regression outputs) and corosync-quorumtool -s on the shared fixtures. */
import { describe, expect, it } from 'vitest';
import { parseCorosyncQuorum } from '../../src/parsers/corosync-quorum.ts';
import { parseCrmMonXml } from '../../src/parsers/crm-mon.ts';
import { fixtureSections, readFixture } from '../helpers/fixtures.ts';

describe('parseCrmMonXml', () => {
  const failed = parseCrmMonXml(readFixture('crm_mon-2.1-xml-failed-resources.xml'));
  it('reads nodes, DC and quorum', () => {
    expect(failed.warnings).toEqual([]);
    expect(failed.dc).toBe('cluster02');
    expect(failed.quorum).toEqual({ hasQuorum: true });
    expect(failed.nodes.map((n) => [n.name, n.online, n.resourcesRunning, n.type])).toEqual([
      ['cluster01', true, 5, 'member'],
      ['cluster02', true, 5, 'member'],
      ['httpd-bundle-0', true, 1, 'remote'],
      ['httpd-bundle-1', true, 1, 'remote'],
    ]);
  });
  it('flattens clones, bundles and groups and keeps where each instance runs', () => {
    expect(failed.resources).toHaveLength(16);
    expect(
      failed.resources.filter((r) => r.clone === 'ping-clone').map((r) => [r.role, r.active, r.nodes]),
    ).toEqual([
      ['Started', true, ['cluster01']],
      ['Stopped', false, []],
    ]);
    expect(failed.resources.filter((r) => r.failed).map((r) => [r.id, r.group ?? r.bundle, r.nodes])).toEqual(
      [
        ['httpd', 'httpd-bundle', ['httpd-bundle-1']],
        ['dummy-2', 'partially-active-group', ['cluster02']],
      ],
    );
    expect(failed.resources.find((r) => r.id === 'Fencing')).toMatchObject({
      agent: 'stonith:fence_xvm',
      role: 'Started',
      managed: true,
      nodes: ['cluster01'],
    });
  });
  it('reads failed actions with the resource taken out of op_key', () => {
    expect(failed.failures).toEqual([
      {
        resource: 'dummy-2',
        node: 'cluster02',
        task: 'monitor',
        exitReason: '',
        exitStatus: 'unimplemented feature',
        lastRc: 3,
        at: undefined,
        opKey: 'dummy-2_monitor_0',
      },
    ]);
    const x = parseCrmMonXml(
      '<pacemaker-result><nodes/><failures><failure op_key="my_fs_migrate_to_0" node="a" exitstatus="error" exitreason="boom" exitcode="1" last-rc-change="2026-11-24 02:41:07Z"/></failures></pacemaker-result>',
    );
    expect(x.failures[0]).toMatchObject({
      resource: 'my_fs',
      task: 'migrate_to',
      at: '2026-11-24 02:41:07Z',
      exitReason: 'boom',
    });
  });
  it('reads an offline node and unmanaged resources', () => {
    const r = parseCrmMonXml(readFixture('crm_mon-2.1-xml-node-offline.xml'));
    expect(r.nodes.map((n) => [n.name, n.online])).toEqual([
      ['cluster01', true],
      ['cluster02', false],
    ]);
    expect(r.resources.every((x) => !x.managed)).toBe(true);
  });
  it('a node whose stack is down answers status 102 with its errors', () => {
    const r = parseCrmMonXml(
      '<pacemaker-result api-version="2.25" request="crm_mon -1 --output-as=xml">\n  <status code="102" message="Not connected">\n    <errors>\n      <error>crm_mon: Connection to cluster failed: Connection refused</error>\n    </errors>\n  </status>\n</pacemaker-result>\n',
    );
    expect(r.status).toEqual({
      code: 102,
      message: 'Not connected',
      errors: ['crm_mon: Connection to cluster failed: Connection refused'],
    });
    expect(r.nodes).toEqual([]);
    expect(r.warnings.join()).toContain('102 Not connected');
  });
});

describe('parseCorosyncQuorum', () => {
  const s = fixtureSections('corosync-quorumtool-s.txt');
  it('2Node quorate cluster with a Qdevice column', () => {
    const r = parseCorosyncQuorum(s[0]!.body);
    expect(r).toMatchObject({
      quorate: true,
      expectedVotes: 2,
      totalVotes: 2,
      quorum: 1,
      flags: ['2Node', 'Quorate'],
      activityBlocked: false,
      warnings: [],
    });
    expect(r.nodes).toEqual([
      { nodeId: 1084783375, votes: 1, qdevice: 'NR', name: 'stefanotorresi-hana01', local: true },
      { nodeId: 1084783376, votes: 1, qdevice: 'A,V,NMW', name: 'stefanotorresi-hana02', local: false },
      { nodeId: 0, votes: 1, name: 'Qdevice', local: false },
    ]);
  });
  it('qdevice cluster with trailing blanks after values', () => {
    expect(parseCorosyncQuorum(s[1]!.body)).toMatchObject({
      quorate: true,
      expectedVotes: 3,
      quorum: 2,
      flags: ['Quorate', 'Qdevice'],
    });
  });
  it('LAB partition without quorum: Activity blocked, no flags', () => {
    const r = parseCorosyncQuorum(s[5]!.body);
    expect(r).toMatchObject({
      quorate: false,
      expectedVotes: 2,
      totalVotes: 1,
      quorum: 2,
      activityBlocked: true,
      flags: [],
      warnings: [],
    });
    expect(r.nodes).toEqual([{ nodeId: 1, votes: 1, name: 'nfs-a', local: true }]);
  });
  it('ring status lines mixed in are reported, the quorum figures still read', () => {
    const r = parseCorosyncQuorum(s[2]!.body);
    expect(r).toMatchObject({ quorate: true, nodes: [{ name: 'c1', local: true }, { name: 'c2' }] });
    expect(r.warnings.join()).toContain('Printing ring status');
  });
});
