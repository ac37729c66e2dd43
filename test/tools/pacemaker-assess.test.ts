/** The Pacemaker verdict, one row per cluster state seen in real crm_mon output (and the lab's standby). */
import { describe, expect, it } from 'vitest';
import type { CrmFailure, CrmNode, CrmResource } from '../../src/parsers/types.ts';
import { assessCluster, type ClusterInput } from '../../src/tools/storage/pacemaker-assess.ts';

const n = (name: string, o: Partial<CrmNode> = {}): CrmNode => ({
  name,
  online: true,
  standby: false,
  maintenance: false,
  unclean: false,
  resourcesRunning: 0,
  type: 'member',
  ...o,
});
const r = (id: string, on: string | undefined, o: Partial<CrmResource> = {}): CrmResource => ({
  id,
  agent: 'ocf:heartbeat:Filesystem',
  role: on ? 'Started' : 'Stopped',
  active: !!on,
  failed: false,
  managed: true,
  nodes: on ? [on] : [],
  ...o,
});
const fail = (resource: string, node: string, task = 'start'): CrmFailure => ({
  resource,
  node,
  task,
  exitReason: "Couldn't mount device",
  exitStatus: 'error',
});
const cluster = (o: Partial<ClusterInput>): ClusterInput => ({
  reportedBy: 'nfs01',
  nodes: [n('nfs01'), n('nfs02')],
  resources: [r('fs-nfs', 'nfs01'), r('vip-nfs', 'nfs01')],
  failures: [],
  quorate: true,
  ...o,
});

type Row = [string, ClusterInput, string | undefined, string, string[]];
const rows: Row[] = [
  ['healthy', cluster({}), undefined, 'ok', []],
  [
    'peer OFFLINE',
    cluster({ nodes: [n('nfs01'), n('nfs02', { online: false })] }),
    'node-offline',
    'critical',
    ['nfs02'],
  ],
  [
    'peer in standby, everything runs on nfs01: reduced redundancy, not an outage',
    cluster({ nodes: [n('nfs01'), n('nfs02', { standby: true })] }),
    'node-standby',
    'warning',
    ['nfs02'],
  ],
  [
    'peer in maintenance',
    cluster({ nodes: [n('nfs01'), n('nfs02', { maintenance: true })] }),
    'node-standby',
    'warning',
    ['nfs02'],
  ],
  [
    'standby plus failed actions recorded on both nodes for one resource: raised to critical',
    cluster({
      nodes: [n('nfs01'), n('nfs02', { standby: true })],
      failures: [fail('vip-nfs', 'nfs01', 'monitor'), fail('vip-nfs', 'nfs02', 'monitor')],
    }),
    'node-standby',
    'critical',
    ['nfs02'],
  ],
  [
    'start failed on every node, now runs nowhere',
    cluster({
      resources: [r('fs-nfs', undefined), r('vip-nfs', 'nfs01')],
      failures: [fail('fs-nfs', 'nfs01'), fail('fs-nfs', 'nfs02')],
    }),
    'resource-stopped',
    'critical',
    ['fs-nfs'],
  ],
  [
    'a disabled resource (target-role Stopped) is not a fault',
    cluster({ resources: [r('fs-nfs', 'nfs01'), r('old-vip', undefined, { targetRole: 'Stopped' })] }),
    undefined,
    'ok',
    [],
  ],
  [
    'one clone instance stopped while another runs is not "runs nowhere"',
    cluster({
      resources: [
        r('drbd-r0', 'nfs01', { clone: 'drbd-r0-clone', role: 'Promoted' }),
        r('drbd-r0', undefined, { clone: 'drbd-r0-clone' }),
      ],
    }),
    undefined,
    'ok',
    [],
  ],
  [
    'resource FAILED where it runs',
    cluster({ resources: [r('fs-nfs', 'nfs01', { failed: true })] }),
    'resource-failed',
    'critical',
    ['fs-nfs'],
  ],
  [
    'only history: a failed action of a resource that runs again',
    cluster({ failures: [fail('vip-nfs', 'nfs02', 'monitor')] }),
    'failed-actions',
    'warning',
    ['vip-nfs'],
  ],
  ['no quorum', cluster({ quorate: false }), 'quorum-lost', 'critical', []],
  [
    'a bundle guest node offline is not a cluster member down',
    cluster({ nodes: [n('nfs01'), n('nfs02'), n('httpd-bundle-2', { online: false, type: 'remote' })] }),
    undefined,
    'ok',
    [],
  ],
  [
    'a node that is offline while in standby is offline (the worse state)',
    cluster({ nodes: [n('nfs01'), n('nfs02', { online: false, standby: true, maintenance: true })] }),
    'node-offline',
    'critical',
    ['nfs02'],
  ],
  [
    'a node in standby and maintenance is one out-of-service node',
    cluster({ nodes: [n('nfs01'), n('nfs02', { standby: true, maintenance: true })] }),
    'node-standby',
    'warning',
    ['nfs02'],
  ],
  [
    'a remote node in standby is no member out',
    cluster({ nodes: [n('nfs01'), n('nfs02'), n('guest1', { standby: true, type: 'remote' })] }),
    undefined,
    'ok',
    [],
  ],
  [
    'a disabled resource spelled target-role=stopped (lower case) is not a fault either',
    cluster({ resources: [r('fs-nfs', 'nfs01'), r('old-vip', undefined, { targetRole: 'stopped' })] }),
    undefined,
    'ok',
    [],
  ],
  [
    'runs nowhere after failing: the failed resource is affected too',
    cluster({
      resources: [r('fs-nfs', undefined, { failed: true, nodes: ['nfs02'] }), r('vip-nfs', undefined)],
    }),
    'resource-stopped',
    'critical',
    ['fs-nfs', 'vip-nfs'],
  ],
  [
    'failed on both nodes in its history though it runs again: critical',
    cluster({ failures: [fail('vip-nfs', 'nfs01', 'monitor'), fail('vip-nfs', 'nfs02', 'monitor')] }),
    'failed-actions',
    'critical',
    ['vip-nfs'],
  ],
  [
    'two resources failed once each, on different nodes: history, a warning',
    cluster({ failures: [fail('vip-nfs', 'nfs01', 'monitor'), fail('fs-nfs', 'nfs02', 'monitor')] }),
    'failed-actions',
    'warning',
    ['vip-nfs', 'fs-nfs'],
  ],
  [
    'the same resource failed twice on one node: still history, a warning',
    cluster({ failures: [fail('vip-nfs', 'nfs02', 'monitor'), fail('vip-nfs', 'nfs02', 'start')] }),
    'failed-actions',
    'warning',
    ['vip-nfs'],
  ],
  [
    'one resource runs nowhere and another FAILED where it runs: both are affected',
    cluster({ resources: [r('fs-nfs', undefined), r('vip-nfs', 'nfs01', { failed: true })] }),
    'resource-stopped',
    'critical',
    ['fs-nfs', 'vip-nfs'],
  ],
  [
    'peer OFFLINE and a resource FAILED on the survivor: the node is the cause, the resource only a fact',
    cluster({
      nodes: [n('nfs01'), n('nfs02', { online: false })],
      resources: [r('fs-nfs', 'nfs01', { failed: true })],
    }),
    'node-offline',
    'critical',
    ['nfs02'],
  ],
  [
    'one node in maintenance, the other in standby, resources still run unmanaged: a warning',
    cluster({ nodes: [n('nfs01', { maintenance: true }), n('nfs02', { standby: true })] }),
    'node-standby',
    'warning',
    ['nfs01', 'nfs02'],
  ],
  [
    'quorum not reported (older crm_mon) is no quorum loss',
    cluster({ quorate: undefined }),
    undefined,
    'ok',
    [],
  ],
  [
    'no node answered',
    cluster({ reportedBy: undefined, nodes: [], resources: [] }),
    'no-answer',
    'warning',
    [],
  ],
];

describe('assessCluster', () => {
  it.each(rows)('%s', (_name, input, cause, severity, affected) => {
    const v = assessCluster(input);
    expect(v.cause).toBe(cause);
    expect(v.severity).toBe(severity);
    expect(v.affected).toEqual(affected);
  });

  it('counts every failed action as a fact and says where resources run', () => {
    const v = assessCluster(
      cluster({
        nodes: [n('nfs01'), n('nfs02', { standby: true })],
        failures: [fail('vip-nfs', 'nfs02', 'monitor'), fail('fs-nfs', 'nfs02', 'stop')],
      }),
    );
    expect(v.facts.filter((f) => f.kind === 'failed-action')).toHaveLength(2);
    expect(v.runningOn).toEqual(['nfs01']);
  });

  it('names each fact: the failed action with its reason (or exit status), failed clone instances with their nodes', () => {
    const v = assessCluster(
      cluster({
        quorate: false,
        nodes: [n('nfs01'), n('nfs02', { maintenance: true })],
        resources: [
          r('drbd-r0', 'nfs01', { clone: 'c', failed: true }),
          r('drbd-r0', 'nfs02', { clone: 'c', failed: true }),
          r('vip-nfs', 'nfs01'),
        ],
        failures: [
          { ...fail('drbd-r0', 'nfs02', 'promote'), exitReason: '' },
          fail('vip-nfs', 'nfs01', 'monitor'),
        ],
      }),
    );
    expect(v.facts).toEqual([
      { kind: 'no-quorum' },
      { kind: 'node-maintenance', node: 'nfs02' },
      { kind: 'resource-failed', resource: 'drbd-r0', nodes: ['nfs01', 'nfs02'] },
      { kind: 'failed-action', resource: 'drbd-r0', task: 'promote', node: 'nfs02', reason: 'error' },
      {
        kind: 'failed-action',
        resource: 'vip-nfs',
        task: 'monitor',
        node: 'nfs01',
        reason: "Couldn't mount device",
      },
    ]);
    expect(v).toMatchObject({ cause: 'quorum-lost', severity: 'critical', runningOn: ['nfs01', 'nfs02'] });
    expect(assessCluster(cluster({ reportedBy: undefined })).facts).toEqual([{ kind: 'no-answer' }]);
  });

  it('a clone: one failed instance names only its node; two stopped instances run nowhere once', () => {
    const v = assessCluster(
      cluster({
        resources: [
          r('drbd-r0', 'nfs01', { clone: 'c', role: 'Promoted' }),
          r('drbd-r0', 'nfs02', { clone: 'c', failed: true }),
          r('ping', undefined, { clone: 'p' }),
          r('ping', undefined, { clone: 'p' }),
          // A failed instance that no longer runs is not where resources run.
          r('fs-old', undefined, { failed: true, nodes: ['nfs02'] }),
        ],
      }),
    );
    expect(v.facts).toEqual([
      { kind: 'resource-failed', resource: 'drbd-r0', nodes: ['nfs02'] },
      { kind: 'runs-nowhere', resource: 'ping' },
      { kind: 'resource-failed', resource: 'fs-old', nodes: ['nfs02'] },
      { kind: 'runs-nowhere', resource: 'fs-old' },
    ]);
    expect(v.runningOn).toEqual(['nfs01', 'nfs02']);
    const stopped = assessCluster(
      cluster({ resources: [r('fs-old', undefined, { failed: true, nodes: ['nfs02'] })] }),
    );
    expect(stopped.runningOn).toEqual([]);
  });
});
