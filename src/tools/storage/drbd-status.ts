/** drbd_status: DRBD state of every resource on both nodes of each storage pair, with split brain called out. */
import { tr } from '../../i18n/text.ts';
import { parseDrbdStatus } from '../../parsers/drbd-status.ts';
import { parseProcDrbd } from '../../parsers/proc-drbd.ts';
import { COMMANDS } from '../../ssh/commands.ts';
import { runRemote } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';
import { assessDrbdResource, type DrbdNodeView, type DrbdResourceAssessment } from './drbd-assess.ts';
import { pairInput, sweepPairs } from './pairs.ts';

export interface DrbdStatusData {
  pairs: {
    pair: string;
    resources: DrbdResourceAssessment[];
    unreachable: { node: string; error: string }[];
  }[];
}

const input = pairInput;

export const drbdStatus: ToolDefinition<typeof input, DrbdStatusData> = {
  name: 'drbd_status',
  title: { en: 'DRBD status', ja: 'DRBDの状態' },
  description:
    'Shows DRBD replication state (DRBD 9 `drbdadm status` or 8.4 `/proc/drbd`) on both nodes of each NFS storage pair: role, disk state, connection state, sync progress; calls out split brain (StandAlone, kernel log) and degraded resources.',
  input,
  risk: 'read',
  async run({ pair }, ctx) {
    const warnings: string[] = [];
    const result: DrbdStatusData = { pairs: [] };
    const swept = await sweepPairs(ctx, pair, async (p, host) => {
      const [st, log] = await Promise.all([
        p.drbdVersion === 8
          ? runRemote(ctx, host, COMMANDS['drbd.proc'], {})
          : runRemote(ctx, host, COMMANDS['drbd.status'], {}),
        runRemote(ctx, host, COMMANDS['kernel.log'], { since: '-24h' }).catch(() => undefined),
      ]);
      const parsed = p.drbdVersion === 8 ? parseProcDrbd(st.stdout) : parseDrbdStatus(st.stdout);
      return { parsed, log: log?.stdout ?? '' };
    });
    for (const { pair: p, outcomes } of swept) {
      const unreachable: { node: string; error: string }[] = [];
      const byResource = new Map<string, DrbdNodeView[]>();
      for (const o of outcomes) {
        if (!o.ok) {
          unreachable.push({ node: o.host.name, error: o.error });
          warnings.push(`${o.host.name}: ${o.error}`);
          continue;
        }
        for (const w of o.value.parsed.warnings) warnings.push(`${o.host.name}: ${w}`);
        for (const r of o.value.parsed.resources) {
          const peer = r.peers[0];
          const view: DrbdNodeView = {
            node: o.host.name,
            role: r.role,
            disk: r.disks[0]?.state,
            connection: peer
              ? peer.replication && peer.replication !== 'Established'
                ? peer.replication
                : peer.connection
              : undefined,
            peerRole: peer?.role,
            peerDisk: peer?.peerDisk,
            donePercent: peer?.donePercent,
            splitBrainLog: o.value.log
              .split('\n')
              .filter((l) => /split-brain/i.test(l) && l.includes(r.name)),
          };
          byResource.set(r.name, [...(byResource.get(r.name) ?? []), view]);
        }
      }
      // /proc/drbd (8.4) names devices, not resources, so configured resource names are only matched on DRBD 9;
      // a configured resource that no node reports then shows up as 'unknown'.
      const names = new Set([...byResource.keys(), ...(p.drbdVersion === 9 ? p.drbdResources : [])]);
      const resources = [...names].map((n) =>
        assessDrbdResource(
          n,
          byResource.get(n) ?? [],
          unreachable.map((u) => u.node),
        ),
      );
      result.pairs.push({ pair: p.name, resources, unreachable });
    }
    const bad = result.pairs.flatMap((p) =>
      p.resources
        .filter((r) => r.verdict !== 'healthy')
        .map((r) => `${p.pair}/${r.resource}: ${r.verdict} — ${r.reasons.join('; ')}`),
    );
    const total = result.pairs.reduce((a, p) => a + p.resources.length, 0);
    const summary = bad.length
      ? bad.join('\n')
      : tr(
          ctx.lang,
          `All ${total} DRBD resources are Connected and UpToDate on both nodes.`,
          `${total} 個のDRBDリソースはすべて両ノードで Connected / UpToDate です。`,
        );
    return { status: total === 0 ? 'no_data' : 'ok', data: result, summary, warnings };
  },
  table(data, lang) {
    const rows = data.pairs.flatMap((p) =>
      p.resources.flatMap((r) =>
        r.nodes.map((n) => [
          p.pair,
          r.resource,
          n.node,
          n.role ?? '?',
          n.disk ?? '?',
          n.connection ?? '?',
          n.donePercent === undefined ? '' : `${n.donePercent}%`,
          r.verdict,
        ]),
      ),
    );
    return {
      header: tr(
        lang,
        'pair|resource|node|role|disk|connection|sync|verdict',
        'ペア|リソース|ノード|ロール|ディスク|接続|同期|判定',
      ).split('|'),
      rows,
    };
  },
};
