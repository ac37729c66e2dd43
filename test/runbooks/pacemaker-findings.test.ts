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
function pair(nodes: CrmNode[], resources: CrmResource[]): PairClusterView {
  const base = {
    pair: 'nfs-h',
    reportedBy: 'nfs81',
    nodes,
    resources,
    failures: [],
    quorate: true,
    unreachable: [],
  };
  return { ...base, problems: [], verdict: assessCluster(base) };
}

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
});
