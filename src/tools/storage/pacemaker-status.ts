/** pacemaker_status: Pacemaker/Corosync view of each storage pair — nodes, where resources run, failures, quorum. */
import { tr } from '../../i18n/text.ts';
import { parseCorosyncQuorum } from '../../parsers/corosync-quorum.ts';
import { parseCrmMonXml } from '../../parsers/crm-mon.ts';
import { COMMANDS } from '../../ssh/commands.ts';
import { runRemote } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';
import { assessCluster, type ClusterVerdict, clusterFacts } from './pacemaker-assess.ts';
import { describePcmkFact } from './pacemaker-facts.ts';
import { pairInput, sweepPairs } from './pairs.ts';

type CrmMon = ReturnType<typeof parseCrmMonXml>;

export interface PairClusterView {
  pair: string;
  /** Node whose crm_mon answered. */
  reportedBy?: string;
  nodes: CrmMon['nodes'];
  resources: CrmMon['resources'];
  failures: CrmMon['failures'];
  quorate?: boolean;
  /** Nodes whose cluster view could not be read; code tells a dead host (host_unreachable) from a stopped stack (command_failed). */
  unreachable: { node: string; error: string; code?: string }[];
  problems: string[];
  verdict: ClusterVerdict;
}
export interface PacemakerStatusData {
  pairs: PairClusterView[];
}

const input = pairInput;

/** The pair's problems as English lines (kept in the data for the model and JSON consumers). */
export function clusterProblems(v: Omit<PairClusterView, 'problems' | 'verdict'>): string[] {
  return clusterFacts(v).map((f) => describePcmkFact(f, 'en'));
}

export const pacemakerStatus: ToolDefinition<typeof input, PacemakerStatusData> = {
  name: 'pacemaker_status',
  title: { en: 'Pacemaker cluster status', ja: 'Pacemakerクラスターの状態' },
  description:
    'Shows the Pacemaker/Corosync cluster of each NFS storage pair from `crm_mon --output-as=xml` and `corosync-quorumtool -s`: nodes online/offline/standby, where each resource runs, failed resources and actions, quorum.',
  input,
  risk: 'read',
  async run({ pair }, ctx) {
    const warnings: string[] = [];
    const pairs: PairClusterView[] = [];
    const swept = await sweepPairs(ctx, pair, async (_p, host) => {
      const [mon, q] = await Promise.all([
        runRemote(ctx, host, COMMANDS['crm_mon.xml'], {}),
        runRemote(ctx, host, COMMANDS['corosync.quorum'], {}).catch(() => undefined),
      ]);
      return { mon: parseCrmMonXml(mon.stdout), quorum: q ? parseCorosyncQuorum(q.stdout) : undefined };
    });
    for (const { pair: p, outcomes } of swept) {
      const unreachable = outcomes
        .filter((o) => !o.ok)
        .map((o) => ({ node: o.host.name, error: o.ok ? '' : o.error, code: o.ok ? undefined : o.code }));
      for (const u of unreachable) warnings.push(`${u.node}: ${u.error}`);
      const first = outcomes.find((o) => o.ok);
      const base = first?.ok
        ? {
            pair: p.name,
            reportedBy: first.host.name,
            nodes: first.value.mon.nodes,
            resources: first.value.mon.resources,
            failures: first.value.mon.failures,
            quorate: first.value.quorum?.quorate ?? first.value.mon.quorum.hasQuorum,
            unreachable,
          }
        : { pair: p.name, nodes: [], resources: [], failures: [], unreachable };
      const verdict = assessCluster(base);
      pairs.push({ ...base, problems: clusterProblems(base), verdict });
    }
    const bad = pairs.filter((p) => p.verdict.facts.length);
    const summary = bad.length
      ? bad
          .map((p) => `${p.pair}: ${p.verdict.facts.map((f) => describePcmkFact(f, ctx.lang)).join('; ')}`)
          .join('\n')
      : tr(
          ctx.lang,
          `All storage clusters healthy: every node online, every resource started, quorum held.`,
          `すべてのストレージクラスターは正常です（全ノード online、全リソース起動、クォーラムあり）。`,
        );
    return {
      status: pairs.length ? 'ok' : 'no_data',
      ...(bad.length ? { severity: 'problem' as const } : {}),
      data: { pairs },
      summary,
      warnings,
    };
  },
  table(data, lang) {
    const rows = data.pairs.flatMap((p) =>
      p.resources.map((r) => [
        p.pair,
        r.id,
        r.agent ?? '',
        r.role ?? '',
        r.nodes.join(',') || '-',
        r.failed
          ? 'FAILED'
          : r.active
            ? 'ok'
            : r.targetRole?.toLowerCase() === 'stopped'
              ? 'disabled'
              : 'stopped',
      ]),
    );
    return {
      header: tr(
        lang,
        'pair|resource|agent|role|node|state',
        'ペア|リソース|エージェント|ロール|ノード|状態',
      ).split('|'),
      rows,
    };
  },
};
