/** host_memory: a KVM host's own memory (MemTotal/MemAvailable/swap) and every domain's libvirt and balloon figures. */
import { z } from 'zod';
import { hostNameSchema } from '../../config/schema.ts';
import { tr } from '../../i18n/text.ts';
import { parseMeminfo } from '../../parsers/meminfo.ts';
import { parseVirshDomstats } from '../../parsers/virsh-domstats.ts';
import { COMMANDS } from '../../ssh/commands.ts';
import { findHost, runRemote } from '../remote.ts';
import { kibText } from '../text-table.ts';
import type { ToolDefinition } from '../types.ts';

export interface HostMemoryData {
  host: string;
  memTotalKiB?: number;
  memAvailableKiB?: number;
  swapTotalKiB?: number;
  swapFreeKiB?: number;
  domains: { name: string; maximumKiB?: number; currentKiB?: number; guestKiB?: number }[];
}

const input = z.object({ host: hostNameSchema });

export const hostMemory: ToolDefinition<typeof input, HostMemoryData> = {
  name: 'host_memory',
  title: { en: 'Host memory', ja: 'ホストのメモリ' },
  description:
    "Shows a KVM host's MemTotal, MemAvailable and swap, and for every running domain its libvirt maximum (<memory>), balloon current and guest-reported memory, from one `virsh domstats` call.",
  input,
  risk: 'read',
  async run({ host: name }, ctx) {
    const host = findHost(ctx, name, 'kvm');
    const [mem, stats] = await Promise.all([
      runRemote(ctx, host, COMMANDS.meminfo, {}),
      runRemote(ctx, host, COMMANDS['virsh.domstats'], {}),
    ]);
    const m = parseMeminfo(mem.stdout);
    const s = parseVirshDomstats(stats.stdout);
    const domains = s.domains.map((d) => ({
      name: d.name,
      maximumKiB: d.balloon.maximum,
      currentKiB: d.balloon.current,
      guestKiB: d.balloon.available,
    }));
    const committed = domains.reduce((a, d) => a + (d.currentKiB ?? 0), 0);
    const data: HostMemoryData = {
      host: host.name,
      memTotalKiB: m.memTotalKiB,
      memAvailableKiB: m.memAvailableKiB,
      swapTotalKiB: m.swapTotalKiB,
      swapFreeKiB: m.swapFreeKiB,
      domains,
    };
    const summary = tr(
      ctx.lang,
      `${host.name}: ${kibText(m.memAvailableKiB)} available of ${kibText(m.memTotalKiB)}; ${domains.length} domains hold ${kibText(committed)} (balloon current).`,
      `${host.name}: 空きメモリ ${kibText(m.memAvailableKiB)} / 合計 ${kibText(m.memTotalKiB)}、${domains.length} ドメインが ${kibText(committed)} を使用（バルーン current）。`,
    );
    return { data, summary, warnings: s.warnings };
  },
  table(data, lang) {
    const rows = data.domains.map((d) => [
      d.name,
      kibText(d.maximumKiB, '?'),
      kibText(d.currentKiB, '?'),
      kibText(d.guestKiB, tr(lang, 'unknown', '不明')),
    ]);
    return {
      header: tr(lang, 'domain|libvirt max|balloon|guest', 'ドメイン|libvirt最大|バルーン|ゲスト').split('|'),
      rows,
    };
  },
};
