/**
 * vm_memory: one VM's memory side by side at every layer — offering (API), libvirt <memory>/<currentMemory>/
 * <maxMemory> on its host, balloon actual, and what the guest sees — plus the cluster settings that size it.
 */
import { z } from 'zod';
import { tr } from '../../i18n/text.ts';
import { parseMeminfo } from '../../parsers/meminfo.ts';
import { parseVirshDommemstat } from '../../parsers/virsh-dommemstat.ts';
import { parseDomainXmlMemory } from '../../parsers/virsh-dumpxml.ts';
import { COMMANDS } from '../../ssh/commands.ts';
import { findVm } from '../cloudstack/find-vm.ts';
import { vmNameSchema } from '../cloudstack/vm-name.ts';
import { apiCall, findHost, runRemote } from '../remote.ts';
import { kibText } from '../text-table.ts';
import type { ToolDefinition } from '../types.ts';
import { type ClusterMemorySettings, readClusterMemorySettings } from './cluster-memory-settings.ts';
import { judgeVmMemory, percent, type VmMemoryVerdict } from './memory-verdict.ts';

export interface VmMemoryData extends VmMemoryVerdict {
  vmId: string;
  state: string;
  libvirt?: {
    memoryKiB?: number;
    currentMemoryKiB?: number;
    maxMemoryKiB: number | null;
    balloonModel: string | null;
    statsPeriod: number | null;
  };
  settings?: ClusterMemorySettings;
  hostError?: string;
  guestError?: string;
}

const input = z.object({
  vm: vmNameSchema,
});

export const vmMemory: ToolDefinition<typeof input, VmMemoryData> = {
  name: 'vm_memory',
  title: { en: 'VM memory', ja: 'VMのメモリ' },
  description:
    "Shows one VM's memory at every layer side by side: service offering (CloudStack API), libvirt <memory>/<currentMemory>/<maxMemory> on its KVM host, balloon actual, and guest MemTotal (guest SSH or balloon stats; 'unknown' when neither is available). Also the cluster's memoryOvercommitRatio and vm.min.memory… value.",
  input,
  risk: 'read',
  async run({ vm: name }, ctx) {
    const vm = await findVm(ctx, name);
    const instanceName = vm.instancename ?? vm.name;
    const warnings: string[] = [];
    const hosts = await apiCall(ctx, 'listHosts type=Routing', () => ctx.api.listHosts({ type: 'Routing' }));
    const apiHost = hosts.find((h) => h.name === vm.hostname);
    const settings = apiHost?.clusterid
      ? (
          await readClusterMemorySettings(ctx, [{ id: apiHost.clusterid, name: apiHost.clustername ?? '' }])
        )[0]
      : undefined;

    let libvirt: VmMemoryData['libvirt'];
    let balloon: { actual?: number; available?: number } = {};
    let hostError: string | undefined;
    if (vm.state === 'Running' && vm.hostname) {
      try {
        const host = findHost(ctx, vm.hostname, 'kvm');
        const [xml, stat] = await Promise.all([
          runRemote(ctx, host, COMMANDS['virsh.dumpxml'], { domain: instanceName }),
          runRemote(ctx, host, COMMANDS['virsh.dommemstat'], { domain: instanceName }),
        ]);
        const m = parseDomainXmlMemory(xml.stdout);
        libvirt = {
          memoryKiB: m.memoryKiB,
          currentMemoryKiB: m.currentMemoryKiB,
          maxMemoryKiB: m.maxMemoryKiB,
          balloonModel: m.memballoonModel,
          statsPeriod: m.statsPeriod,
        };
        balloon = parseVirshDommemstat(stat.stdout);
      } catch (e) {
        hostError = e instanceof Error ? e.message : String(e);
        warnings.push(`${vm.hostname}: ${hostError}`);
      }
    }

    let guestKiB: number | undefined;
    let guestSource: VmMemoryVerdict['guestSource'];
    let guestError: string | undefined;
    const guest = ctx.env.hosts.find((h) => h.role === 'guest' && (h.vm === vm.name || h.name === vm.name));
    if (guest && vm.state === 'Running') {
      try {
        guestKiB = parseMeminfo((await runRemote(ctx, guest, COMMANDS.meminfo, {})).stdout).memTotalKiB;
        guestSource = 'guest-ssh';
      } catch (e) {
        guestError = e instanceof Error ? e.message : String(e);
        warnings.push(`guest ${guest.name}: ${guestError}`);
      }
    }
    if (guestKiB === undefined && balloon.available !== undefined) {
      guestKiB = balloon.available;
      guestSource = 'balloon-stats';
    }

    const verdict = judgeVmMemory({
      vm: vm.name,
      instanceName,
      host: vm.hostname ?? '',
      cluster: apiHost?.clustername,
      offeringMiB: vm.memory ?? 0,
      apiMemoryKiB: vm.memorykbs,
      libvirtMaxKiB: libvirt?.memoryKiB,
      balloonKiB: balloon.actual ?? libvirt?.currentMemoryKiB,
      guestKiB,
      guestSource,
    });
    const data: VmMemoryData = {
      ...verdict,
      vmId: vm.id,
      state: vm.state,
      libvirt,
      settings,
      hostError,
      guestError,
    };
    const lang = ctx.lang;
    const summary =
      vm.state !== 'Running'
        ? tr(
            lang,
            `${vm.name} is ${vm.state}: no live memory to compare (offering ${vm.memory} MiB).`,
            `${vm.name} は ${vm.state} のため実メモリを比較できません（オファリング ${vm.memory} MiB）。`,
          )
        : verdict.verdict === 'capped'
          ? tr(
              lang,
              `${vm.name} runs with ${percent(verdict.ratio ?? 0)} of its ${vm.memory} MiB offering (balloon ${kibText(verdict.balloonKiB)}, guest sees ${kibText(guestKiB)}).`,
              `${vm.name} はオファリング ${vm.memory} MiB の ${percent(verdict.ratio ?? 0)} で稼働中です（バルーン ${kibText(verdict.balloonKiB)}、ゲストからは ${kibText(guestKiB, '不明')}）。`,
            )
          : verdict.verdict === 'full'
            ? tr(
                lang,
                `${vm.name} has its full ${vm.memory} MiB offering.`,
                `${vm.name} はオファリング通り ${vm.memory} MiB を持っています。`,
              )
            : tr(
                lang,
                `${vm.name}: memory could not be verified on the host.`,
                `${vm.name}: ホスト上でメモリを確認できませんでした。`,
              );
    // A capped VM is a problem, and one whose memory could not be read is "could not check", never "ok".
    const severity =
      vm.state !== 'Running'
        ? undefined
        : verdict.verdict === 'capped'
          ? ('problem' as const)
          : verdict.verdict === 'unknown'
            ? ('unknown' as const)
            : undefined;
    return { data, summary, warnings, ...(severity ? { severity } : {}) };
  },
  table(d, lang) {
    const unknown = tr(lang, 'unknown', '不明');
    const rows = [
      [tr(lang, 'service offering (API)', 'サービスオファリング (API)'), kibText(d.offeringMiB * 1024)],
      ['API memorykbs', kibText(d.apiMemoryKiB, unknown)],
      ['libvirt <memory>', kibText(d.libvirt?.memoryKiB, unknown)],
      ['libvirt <currentMemory>', kibText(d.libvirt?.currentMemoryKiB, unknown)],
      [
        'libvirt <maxMemory>',
        d.libvirt ? (d.libvirt.maxMemoryKiB === null ? '-' : kibText(d.libvirt.maxMemoryKiB)) : unknown,
      ],
      [tr(lang, 'balloon actual', 'バルーン actual'), kibText(d.balloonKiB, unknown)],
      [
        tr(
          lang,
          `guest MemTotal${d.guestSource ? ` (${d.guestSource})` : ''}`,
          `ゲスト MemTotal${d.guestSource ? ` (${d.guestSource})` : ''}`,
        ),
        kibText(d.guestKiB, unknown),
      ],
    ];
    if (d.settings) {
      rows.push([`cluster ${d.settings.cluster} memoryOvercommitRatio`, String(d.settings.ratio)]);
      rows.push([
        'vm.min.memory.equals…factor',
        `${d.settings.divideByRatio}${d.settings.divideOverridden ? tr(lang, ' (cluster override)', '（クラスター上書き）') : ''}`,
      ]);
    }
    return { header: [tr(lang, 'layer', 'レイヤー'), tr(lang, 'value', '値')], rows };
  },
};
