/** The Pacemaker finding: cause decides title, risk and plan, in the operator's language. */
import { describe, expect, it } from 'vitest';
import type { CrmNode, CrmResource } from '../../src/parsers/types.ts';
import { pacemakerFinding } from '../../src/runbooks/pacemaker-findings.ts';
import { assessCluster } from '../../src/tools/storage/pacemaker-assess.ts';
import type { PairClusterView } from '../../src/tools/storage/pacemaker-status.ts';

const node = (name: string, o: Partial<CrmNode> = {}): CrmNode => ({
  name,
  online: true,
  standby: false,
  maintenance: false,
  unclean: false,
  resourcesRunning: 0,
  type: 'member',
  ...o,
});
const res = (id: string, on?: string): CrmResource => ({
  id,
  agent: 'ocf:heartbeat:Filesystem',
  active: !!on,
  failed: false,
  managed: true,
  nodes: on ? [on] : [],
});
function pair(
  nodes: CrmNode[],
  resources: CrmResource[],
  o: Partial<Omit<PairClusterView, 'verdict' | 'problems'>> = {},
): PairClusterView {
  const base = {
    pair: 'nfs-h',
    reportedBy: 'nfs81',
    nodes,
    resources,
    failures: [],
    quorate: true as boolean | undefined,
    unreachable: [],
    ...o,
  };
  return { ...base, problems: [], verdict: assessCluster(base) };
}
const stepsOf = (f: { steps: { text: string }[] }) => f.steps.map((s) => s.text).join('\n');

describe('pacemakerFinding', () => {
  const standby = pair([node('nfs81'), node('nfs82', { standby: true })], [res('fs-nfs', 'nfs81')]);

  it('standby: reduced redundancy, unstandby as the way back, cause is not resource-failed', () => {
    const f = pacemakerFinding(standby, 'en')!;
    expect(f).toMatchObject({ cause: 'node-standby', severity: 'warning', affected: ['nfs82'] });
    expect(f.title).toBe('Storage cluster nfs-h: nfs82 in standby/maintenance — reduced redundancy');
    const steps = f.steps.map((s) => s.text).join('\n');
    expect(steps).toContain('`pcs node unstandby nfs82`');
    expect(steps).not.toMatch(/IPMI|power|cleanup/);
  });

  it('maintenance comes back with unmaintenance', () => {
    const f = pacemakerFinding(
      pair([node('nfs81'), node('nfs82', { maintenance: true })], [res('fs-nfs', 'nfs81')]),
      'en',
    )!;
    expect(f.steps.map((s) => s.text).join('\n')).toContain('`pcs node unmaintenance nfs82`');
  });

  it('Japanese throughout, titles included', () => {
    const f = pacemakerFinding(standby, 'ja')!;
    expect(f.title).toBe(
      'ストレージクラスター nfs-h: nfs82 がスタンバイ/メンテナンス中 — 冗長性が低下しています',
    );
    expect(f.summary).toContain('ノード nfs82 がスタンバイ中');
    expect(f.evidence[0]!.label).toBe('ノード nfs81');
    expect(`${f.title}${f.summary}`).not.toMatch(/\b(node|standby|is|runs)\b/);
  });

  it('runs nowhere: critical, names the resource, plans a cleanup of it', () => {
    const f = pacemakerFinding(pair([node('nfs81'), node('nfs82')], [res('fs-nfs')]), 'en')!;
    expect(f).toMatchObject({ cause: 'resource-stopped', severity: 'critical', affected: ['fs-nfs'] });
    expect(f.title).toContain('fs-nfs runs nowhere');
    expect(f.steps.map((s) => s.text).join('\n')).toContain('pcs resource cleanup fs-nfs');
  });

  it('a healthy pair has no finding', () => {
    expect(
      pacemakerFinding(pair([node('nfs81'), node('nfs82')], [res('fs-nfs', 'nfs81')]), 'en'),
    ).toBeUndefined();
  });

  it('the evidence is every node, resource, failed action, unreachable node and the quorum, as crm_mon said', () => {
    const p = pair(
      [
        node('nfs81'),
        node('nfs82', { online: false }),
        node('nfs83', { standby: true }),
        node('nfs84', { maintenance: true }),
      ],
      [
        { ...res('fs-nfs', 'nfs81'), role: 'Started' },
        { ...res('drbd-r0', 'nfs81'), role: 'Promoted' },
        { ...res('vip-nfs'), failed: true, nodes: ['nfs81'] },
        res('exportfs'),
        { ...res('fs-2', 'nfs81'), role: undefined },
      ],
      {
        failures: [
          {
            resource: 'vip-nfs',
            task: 'start',
            node: 'nfs81',
            exitReason: 'no such interface',
            exitStatus: 'error',
          },
          { resource: 'vip-nfs', task: 'monitor', node: 'nfs82', exitReason: '', exitStatus: 'not running' },
        ],
        unreachable: [{ node: 'nfs82', error: 'connect ETIMEDOUT', code: 'host_unreachable' }],
        quorate: false,
      },
    );
    const f = pacemakerFinding(p, 'en')!;
    expect(f.evidence).toEqual([
      { label: 'node nfs81', value: 'online', source: 'nfs81', kind: 'observed' },
      { label: 'node nfs82', value: 'OFFLINE', source: 'nfs81', kind: 'observed' },
      { label: 'node nfs83', value: 'standby', source: 'nfs81', kind: 'observed' },
      { label: 'node nfs84', value: 'maintenance', source: 'nfs81', kind: 'observed' },
      { label: 'resource fs-nfs', value: 'Started @ nfs81', source: 'nfs81', kind: 'observed' },
      { label: 'resource drbd-r0', value: 'Promoted @ nfs81', source: 'nfs81', kind: 'observed' },
      { label: 'resource vip-nfs', value: 'FAILED @ nfs81', source: 'nfs81', kind: 'observed' },
      { label: 'resource exportfs', value: 'Stopped @ -', source: 'nfs81', kind: 'observed' },
      { label: 'resource fs-2', value: 'Started @ nfs81', source: 'nfs81', kind: 'observed' },
      {
        label: 'failed action vip-nfs start',
        value: 'nfs81: no such interface',
        source: 'nfs81',
        kind: 'observed',
      },
      {
        label: 'failed action vip-nfs monitor',
        value: 'nfs82: not running',
        source: 'nfs81',
        kind: 'observed',
      },
      { label: 'nfs82', value: 'SSH: connect ETIMEDOUT', source: 'nfs82', kind: 'observed' },
      { label: 'quorum', value: 'NOT quorate', source: 'corosync-quorumtool', kind: 'observed' },
    ]);
    expect(
      pacemakerFinding(pair([node('nfs81')], [res('x')], { quorate: true }), 'en')!.evidence.at(-1),
    ).toMatchObject({
      label: 'quorum',
      value: 'quorate',
    });
    const noQuorumLine = pacemakerFinding(
      pair([node('nfs81')], [res('x')], { quorate: undefined, reportedBy: undefined }),
      'en',
    )!;
    expect(noQuorumLine.evidence.map((e) => e.label)).not.toContain('quorum');
    expect(noQuorumLine.evidence[0]?.source).toBe('?');
  });

  it('OFFLINE and unreachable by SSH: power and IPMI; OFFLINE but answering SSH: the cluster stack', () => {
    const nodes = [node('nfs81'), node('nfs82', { online: false })];
    const dead = pacemakerFinding(
      pair(nodes, [res('fs-nfs', 'nfs81')], {
        unreachable: [{ node: 'nfs82', error: 'timeout', code: 'host_unreachable' }],
      }),
      'en',
    )!;
    expect(dead).toMatchObject({
      cause: 'node-offline',
      severity: 'critical',
      title: 'Storage cluster nfs-h: node nfs82 OFFLINE',
    });
    expect(stepsOf(dead)).toContain("Check the offline node's power and console (IPMI)");
    expect(dead.risk).toMatch(/^A second failure now stops NFS primary storage/);
    const stackDown = pacemakerFinding(
      pair(nodes, [res('fs-nfs', 'nfs81')], {
        unreachable: [{ node: 'nfs82', error: 'crm_mon: connection refused', code: 'command_failed' }],
      }),
      'en',
    )!;
    expect(stepsOf(stackDown)).toContain('`pcs cluster start nfs82`');
    expect(stepsOf(stackDown)).toContain('Do not restart the cluster on the node that serves NFS (nfs81)');
    expect(stepsOf(stackDown)).not.toContain("Check the offline node's power");
    // Not known to be reachable: the host may be dead, so the power plan stays.
    const silent = pacemakerFinding(pair(nodes, [res('fs-nfs', 'nfs81')]), 'en')!;
    expect(stepsOf(silent)).toContain("Check the offline node's power");
  });

  it.each([
    [
      'quorum lost',
      pair([node('nfs81'), node('nfs82')], [res('fs-nfs')], { quorate: false }),
      'quorum-lost',
      'Storage cluster nfs-h: quorum lost — resources are stopped',
      true,
    ],
    [
      'a resource FAILED',
      pair([node('nfs81'), node('nfs82')], [{ ...res('fs-nfs', 'nfs81'), failed: true }]),
      'resource-failed',
      'Storage cluster nfs-h: resource fs-nfs FAILED',
      false,
    ],
    [
      'history only',
      pair([node('nfs81'), node('nfs82')], [res('fs-nfs', 'nfs81')], {
        failures: [
          { resource: 'fs-nfs', task: 'monitor', node: 'nfs82', exitReason: 'x', exitStatus: 'error' },
        ],
      }),
      'failed-actions',
      'Storage cluster nfs-h: 1 failed action(s) recorded',
      false,
    ],
    [
      'no node answered',
      pair([], [], { reportedBy: undefined }),
      'no-answer',
      'Storage cluster nfs-h: could not check (no node answered crm_mon)',
      false,
    ],
  ] as [string, PairClusterView, string, string, boolean][])(
    '%s: its own title and plan; a risk only where a second failure hurts',
    (_, p, cause, title, risk) => {
      const f = pacemakerFinding(p, 'en')!;
      expect(f.cause).toBe(cause);
      expect(f.title).toBe(title);
      expect('risk' in f).toBe(risk);
      expect(f.steps.length).toBeGreaterThan(1);
      expect(f.summary).toMatch(/Resources currently run on/);
    },
  );

  it('standby names what runs where and the risk of losing that node too', () => {
    const f = pacemakerFinding(standby, 'en')!;
    expect(f.summary).toBe(
      'node nfs82 is in standby. Nothing is down: the services run on nfs81, but the pair has no node to fail over to until nfs82 is back in service.',
    );
    expect(f.risk).toBe(
      'If nfs81 fails while nfs82 is in standby, NFS primary storage stops for every VM of the cloud. Do not put nfs81 in standby too.',
    );
  });

  it('every out-of-service node gets its own command back, and nothing else does', () => {
    const f = pacemakerFinding(
      pair(
        [node('nfs81', { maintenance: true }), node('nfs82', { standby: true })],
        [res('fs-nfs', 'nfs81')],
        {
          failures: [
            { resource: 'fs-nfs', task: 'monitor', node: 'nfs82', exitReason: 'x', exitStatus: 'error' },
          ],
        },
      ),
      'en',
    )!;
    expect(f.title).toBe('Storage cluster nfs-h: nfs81, nfs82 in standby/maintenance — reduced redundancy');
    expect(f.steps[1]?.text).toBe(
      'Bring it back: `pcs node unmaintenance nfs81`, `pcs node unstandby nfs82`.',
    );
    expect(f.summary.split('; ')).toHaveLength(3);
  });

  it('a standby node whose own crm_mon failed keeps the standby plan (the stack plan is for OFFLINE nodes)', () => {
    const f = pacemakerFinding(
      pair([node('nfs81'), node('nfs82', { standby: true })], [res('fs-nfs', 'nfs81')], {
        unreachable: [{ node: 'nfs82', error: 'crm_mon timed out', code: 'command_failed' }],
      }),
      'en',
    )!;
    expect(stepsOf(f)).toContain('`pcs node unstandby nfs82`');
    expect(stepsOf(f)).not.toContain('pcs cluster start');
  });

  it('resources running on both nodes are listed with both', () => {
    const both = pair(
      [node('nfs81'), node('nfs82')],
      [
        { ...res('ping', 'nfs81'), failed: true },
        { ...res('vip', undefined), nodes: ['nfs81', 'nfs82'], active: true },
      ],
    );
    const f = pacemakerFinding(both, 'en')!;
    expect(f.summary).toMatch(/Resources currently run on nfs81, nfs82\.$/);
    expect(f.evidence.find((e) => e.label === 'resource vip')?.value).toBe('Started @ nfs81, nfs82');
  });

  it('runs nowhere: the risk names the resource, and nothing runs anywhere', () => {
    const f = pacemakerFinding(pair([node('nfs81'), node('nfs82')], [res('fs-nfs')]), 'en')!;
    expect(f.risk).toMatch(/^While fs-nfs runs nowhere/);
    expect(f.summary).toMatch(/Resources currently run on -\.$/);
    expect(stepsOf(f)).toContain('pcs resource cleanup fs-nfs');
  });
});
