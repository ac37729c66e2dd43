/** drbd_status: DRBD state of every resource on both nodes of each storage pair, with split brain called out. */
import { tr } from '../../i18n/text.ts';
import { parseDrbdStatus } from '../../parsers/drbd-status.ts';
import { parseDrbdadmDump } from '../../parsers/drbdadm-dump.ts';
import { parseProcDrbd } from '../../parsers/proc-drbd.ts';
import type { DrbdStatus } from '../../parsers/types.ts';
import { COMMANDS } from '../../ssh/commands.ts';
import { runRemote } from '../remote.ts';
import type { Lang, ToolDefinition } from '../types.ts';
import { assessDrbdResource, type DrbdNodeView, type DrbdResourceAssessment } from './drbd-assess.ts';
import { describeDrbdFact, describeSync, verdictWord } from './drbd-facts.ts';
import { minorNames, nodeView } from './drbd-views.ts';
import { pairInput, sweepPairs } from './pairs.ts';

export interface DrbdStatusData {
  pairs: {
    pair: string;
    resources: DrbdResourceAssessment[];
    unreachable: { node: string; error: string }[];
  }[];
}

const input = pairInput;

interface NodeRead {
  parsed: DrbdStatus;
  log: string;
  /** 8.4: minor → resource name from `drbdadm dump`, when it answered. */
  dump?: Map<number, string>;
}

export function resourceLine(pair: string, r: DrbdResourceAssessment, lang: Lang): string {
  const facts = r.facts.map((f) => describeDrbdFact(f, lang));
  const syncs = r.sync.map((s) => describeSync(s, lang));
  return `${pair}/${r.resource}: ${verdictWord(r.verdict, lang)} — ${[...facts, ...syncs].join('; ')}`;
}

export function summarize(data: DrbdStatusData, lang: Lang): string {
  const all = data.pairs.flatMap((p) => p.resources.map((r) => ({ pair: p.pair, r })));
  const bad = all.filter((x) => x.r.verdict !== 'healthy');
  if (bad.length) return bad.map((x) => resourceLine(x.pair, x.r, lang)).join('\n');
  return tr(
    lang,
    `All ${all.length} DRBD resources are Connected and UpToDate on both nodes.`,
    `${all.length} 個のDRBDリソースはすべて両ノードで Connected / UpToDate です。`,
  );
}

/** Anything but healthy is a problem, except a resync in progress (a warning: it is recovering). */
function severityField(data: DrbdStatusData): { severity?: 'problem' | 'warning' } {
  const verdicts = data.pairs.flatMap((p) => p.resources.map((r) => r.verdict));
  if (verdicts.some((v) => v !== 'healthy' && v !== 'syncing')) return { severity: 'problem' };
  return verdicts.includes('syncing') ? { severity: 'warning' } : {};
}

export const drbdStatus: ToolDefinition<typeof input, DrbdStatusData> = {
  name: 'drbd_status',
  title: { en: 'DRBD status', ja: 'DRBDの状態' },
  description:
    'Shows DRBD replication state (DRBD 9 `drbdadm status` or 8.4 `/proc/drbd`, resources named from `drbdadm dump`) on both nodes of each NFS storage pair: role, disk, every peer connection and peer disk, quorum, resync progress and out-of-sync amount; calls out split brain (kernel log or StandAlone states), lost quorum and degraded resources.',
  input,
  risk: 'read',
  async run({ pair }, ctx) {
    const warnings: string[] = [];
    const result: DrbdStatusData = { pairs: [] };
    const swept = await sweepPairs(ctx, pair, async (p, host): Promise<NodeRead> => {
      const v8 = p.drbdVersion === 8;
      const [st, log, dump] = await Promise.all([
        v8
          ? runRemote(ctx, host, COMMANDS['drbd.proc'], {})
          : runRemote(ctx, host, COMMANDS['drbd.status'], {}),
        runRemote(ctx, host, COMMANDS['kernel.log'], { since: '-24h' }).catch(() => undefined),
        v8 ? runRemote(ctx, host, COMMANDS['drbd.dump'], {}).catch(() => undefined) : undefined,
      ]);
      const parsedDump = dump ? parseDrbdadmDump(dump.stdout) : undefined;
      // `drbdadm status` that succeeds with no output: no resource is up on this node (not a failed check).
      const parsed: DrbdStatus =
        !v8 && st.stdout.trim() === ''
          ? { resources: [], warnings: [] }
          : v8
            ? parseProcDrbd(st.stdout)
            : parseDrbdStatus(st.stdout);
      return {
        parsed,
        log: log?.stdout ?? '',
        dump: parsedDump?.minors,
      };
    });
    for (const { pair: p, outcomes } of swept) {
      const unreachable: { node: string; error: string }[] = [];
      const byResource = new Map<string, { views: DrbdNodeView[]; device?: string }>();
      let namesUnknown = false;
      for (const o of outcomes) {
        if (!o.ok) {
          unreachable.push({ node: o.host.name, error: o.error });
          warnings.push(`${o.host.name}: ${o.error}`);
          continue;
        }
        for (const w of o.value.parsed.warnings) warnings.push(`${o.host.name}: ${w}`);
        const minors = o.value.parsed.resources.flatMap((r) => (r.minor === undefined ? [] : [r.minor]));
        const named: { names: Map<number, string>; warning?: string } =
          p.drbdVersion === 8 ? minorNames(minors, o.value.dump, p.drbdResources) : { names: new Map() };
        if (named.warning) warnings.push(`${o.host.name}: ${named.warning}`);
        if (p.drbdVersion === 8 && !named.names.size && minors.length) namesUnknown = true;
        const partner = p.nodes.find((n) => n !== o.host.name);
        for (const r of o.value.parsed.resources) {
          const device = r.minor === undefined ? undefined : `drbd${r.minor}`;
          const name = (r.minor !== undefined && named.names.get(r.minor)) || r.name;
          const logNames = device ? [name, device] : [name];
          const entry = byResource.get(name) ?? { views: [], device };
          entry.views.push(nodeView(o.host.name, partner, r, o.value.log, logNames));
          byResource.set(name, entry);
        }
      }
      // A configured resource that no node reports is down (or unknown); not when 8.4 devices stayed unnamed.
      if (!namesUnknown)
        for (const n of p.drbdResources) if (!byResource.has(n)) byResource.set(n, { views: [] });
      const answered = outcomes.filter((o) => o.ok).map((o) => o.host.name);
      const resources = [...byResource].map(([n, e]) =>
        assessDrbdResource(
          n,
          e.views,
          unreachable.map((u) => u.node),
          { device: e.device, downOn: answered.filter((h) => !e.views.some((v) => v.node === h)) },
        ),
      );
      result.pairs.push({ pair: p.name, resources, unreachable });
    }
    const total = result.pairs.reduce((a, p) => a + p.resources.length, 0);
    return {
      status: total === 0 ? 'no_data' : 'ok',
      data: result,
      ...severityField(result),
      summary: summarize(result, ctx.lang),
      warnings,
    };
  },
  table(data, lang) {
    const rows = data.pairs.flatMap((p) =>
      p.resources.flatMap((r) =>
        r.nodes.flatMap((n) =>
          (n.peers.length ? n.peers : [undefined]).map((peer) => [
            p.pair,
            r.resource,
            n.node,
            n.role ?? '?',
            `${n.disk ?? '?'}${n.quorum === false ? ' quorum:no' : ''}`,
            peer
              ? `${peer.peer} ${peer.replication && peer.replication !== 'Established' ? peer.replication : peer.connection}`
              : '?',
            peer?.peerDisk ?? '',
            peer?.donePercent === undefined ? '' : `${peer.donePercent}%`,
            verdictWord(r.verdict, lang),
          ]),
        ),
      ),
    );
    return {
      header: tr(
        lang,
        'pair|resource|node|role|disk|peer / connection|peer disk|sync|verdict',
        'ペア|リソース|ノード|ロール|ディスク|ピア / 接続|ピアディスク|同期|判定',
      ).split('|'),
      rows,
    };
  },
};
