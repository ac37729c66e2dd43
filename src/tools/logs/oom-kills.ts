/** oom_kills: kernel OOM-killer events on a host or inside a guest (when the guest is reachable), with the victims. */
import { z } from 'zod';
import { hostNameSchema } from '../../config/schema.ts';
import { OpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import { parseKernelOom } from '../../parsers/kernel-oom.ts';
import { COMMANDS } from '../../ssh/commands.ts';
import { findVm, vmIdKind } from '../cloudstack/find-vm.ts';
import { runRemote } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';

export interface OomData {
  target: string;
  since: string;
  events: ReturnType<typeof parseKernelOom>['events'];
}

const input = z.object({
  target: hostNameSchema.describe('a host name, or a VM name with guest SSH access'),
  since: z
    .string()
    .regex(
      /^(-\d{1,4}[hmd]|\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?)$/,
      'a time like -24h, -7d or 2026-11-24 03:00:00',
    )
    .default('-24h'),
});

export const oomKills: ToolDefinition<typeof input, OomData> = {
  name: 'oom_kills',
  description:
    'Lists kernel OOM-killer kills (victim process, pid, memory) on a host, or inside a VM when guest SSH is configured, since a time (default the last 24h).',
  input,
  risk: 'read',
  async run({ target, since }, ctx) {
    let host = ctx.env.hosts.find((h) => h.name === target || (h.role === 'guest' && h.vm === target));
    // A VM named by instance name, display name or UUID: find its CloudStack name, then its guest entry.
    if (!host && vmIdKind(target) !== 'name') {
      const vm = await findVm(ctx, target);
      host = ctx.env.hosts.find((h) => h.role === 'guest' && (h.vm === vm.name || h.name === vm.name));
    }
    if (!host)
      throw new OpsError(
        'unknown_host',
        `no host or guest "${target}" in ${ctx.env.name}; for a VM, OOM kills are only visible from inside it (add it to the inventory as role guest)`,
      );
    const out = await runRemote(ctx, host, COMMANDS['kernel.log'], { since: since.replace('T', ' ') });
    const parsed = parseKernelOom(out.stdout);
    const victims = [...new Set(parsed.events.map((e) => e.victim.name))];
    const summary = parsed.events.length
      ? tr(
          ctx.lang,
          `${target}: ${parsed.events.length} OOM kill(s) since ${since}, victims: ${victims.join(', ')}.`,
          `${target}: ${since} 以降に OOM Killer が ${parsed.events.length} 回発動、対象: ${victims.join(', ')}。`,
        )
      : tr(
          ctx.lang,
          `${target}: no OOM kills since ${since}.`,
          `${target}: ${since} 以降 OOM Killer の発動はありません。`,
        );
    return {
      status: parsed.events.length ? 'ok' : 'no_data',
      severity: parsed.events.length ? 'problem' : 'ok',
      data: { target, since, events: parsed.events },
      summary,
      warnings: parsed.warnings,
    };
  },
  table(data, lang) {
    const kind = {
      host: tr(lang, 'machine out of memory', 'マシンのメモリ枯渇'),
      memcg: tr(lang, 'cgroup limit', 'cgroup 上限'),
      node: tr(lang, 'NUMA node / cpuset', 'NUMA ノード / cpuset'),
      unknown: tr(lang, 'not stated', '記載なし'),
    } as const;
    const rows = data.events.map((e) => [
      e.at ?? e.stamp ?? '?',
      e.victim.name,
      String(e.victim.pid),
      e.victim.anonRssKiB ? `${Math.round(e.victim.anonRssKiB / 1024)} MiB` : '?',
      kind[e.scope],
      e.domain ?? e.oomMemcg ?? e.memcg ?? '',
    ]);
    return {
      header: tr(
        lang,
        'time|process|pid|anon-rss|cause|VM / cgroup',
        '時刻|プロセス|pid|anon-rss|原因|VM / cgroup',
      ).split('|'),
      rows,
    };
  },
};
