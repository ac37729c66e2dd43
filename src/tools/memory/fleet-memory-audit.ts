/**
 * fleet_memory_audit: every running VM of an environment, offering (API) against what libvirt and the guest
 * really have, in one parallel sweep — one `virsh domstats` per KVM host, not one call per VM.
 */
import { z } from 'zod';
import { OpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import { parseVirshDomstats } from '../../parsers/virsh-domstats.ts';
import { COMMANDS } from '../../ssh/commands.ts';
import { apiCall, fanOut, hostsByRole, runRemote } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';
import { type ClusterMemorySettings, readClusterMemorySettings } from './cluster-memory-settings.ts';
import { renderFleetAudit } from './fleet-memory-audit-render.ts';
import { judgeVmMemory, percent, type VmMemoryVerdict } from './memory-verdict.ts';

export interface CapGroup {
  /**
   * 'overprovisioning': current ≈ offering / cluster ratio and vm.min.memory… is true for the cluster;
   * 'pending-restart': the same size although the setting is now false — started before the change;
   * 'unexplained': any other size.
   */
  cause: 'overprovisioning' | 'pending-restart' | 'unexplained';
  cluster: string;
  ratio?: number;
  vms: string[];
}

export interface FleetAuditData {
  environment: string;
  runningVms: number;
  cappedCount: number;
  vms: VmMemoryVerdict[];
  groups: CapGroup[];
  clusters: ClusterMemorySettings[];
  unreachableHosts: { host: string; error: string }[];
}

export const fleetMemoryAudit: ToolDefinition<
  z.ZodObject<{ cluster: z.ZodOptional<z.ZodString> }>,
  FleetAuditData
> = {
  name: 'fleet_memory_audit',
  description:
    'Audits memory of every running VM in the environment: service offering (CloudStack API) vs libvirt maximum/current and balloon, and guest MemTotal where balloon stats exist. Lists VMs running below their offering, grouped by likely cause (e.g. memory overprovisioning division). One SSH command per KVM host, all hosts in parallel.',
  input: z.object({
    cluster: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .optional()
      .describe('only this cluster'),
  }),
  risk: 'read',
  async run(input, ctx) {
    const [apiVms, apiHosts, apiClusters] = await Promise.all([
      apiCall(ctx, 'listVirtualMachines state=Running', () =>
        ctx.api.listVirtualMachines({ state: 'Running' }),
      ),
      apiCall(ctx, 'listHosts type=Routing', () => ctx.api.listHosts({ type: 'Routing' })),
      apiCall(ctx, 'listClusters', () => ctx.api.listClusters()),
    ]);
    const clusterOfHost = new Map(apiHosts.map((h) => [h.name, h.clustername ?? '']));
    const clusters = apiClusters.filter((c) => !input.cluster || c.name === input.cluster);
    if (input.cluster && clusters.length === 0)
      throw new OpsError(
        'invalid_argument',
        `no cluster "${input.cluster}" (clusters: ${apiClusters.map((c) => c.name).join(', ')})`,
      );
    const settingsP = readClusterMemorySettings(
      ctx,
      clusters.map((c) => ({ id: c.id, name: c.name })),
    );

    const kvmHosts = hostsByRole(ctx, 'kvm').filter(
      (h) => !input.cluster || (h.cluster ?? clusterOfHost.get(h.name)) === input.cluster,
    );
    const outcomes = await fanOut(kvmHosts, async (h) =>
      parseVirshDomstats((await runRemote(ctx, h, COMMANDS['virsh.domstats'], {})).stdout),
    );
    const settings = await settingsP;

    const domByInstance = new Map<
      string,
      { host: string; current?: number; maximum?: number; available?: number }
    >();
    const unreachableHosts: { host: string; error: string }[] = [];
    const warnings: string[] = [];
    for (const o of outcomes) {
      if (!o.ok) {
        unreachableHosts.push({ host: o.host.name, error: o.error });
        continue;
      }
      for (const w of o.value.warnings) warnings.push(`${o.host.name}: ${w}`);
      for (const d of o.value.domains) {
        domByInstance.set(d.name, {
          host: o.host.name,
          current: d.balloon.current,
          maximum: d.balloon.maximum,
          available: d.balloon.available,
        });
      }
    }
    const unreachable = new Set(unreachableHosts.map((u) => u.host));
    const vms: VmMemoryVerdict[] = [];
    for (const vm of apiVms) {
      const cluster = clusterOfHost.get(vm.hostname ?? '') ?? '';
      if (input.cluster && cluster !== input.cluster) continue;
      const instanceName = vm.instancename ?? vm.name;
      const dom = domByInstance.get(instanceName);
      if (
        !dom &&
        vm.hostname &&
        !unreachable.has(vm.hostname) &&
        kvmHosts.some((h) => h.name === vm.hostname)
      )
        warnings.push(
          `${vm.name}: CloudStack says Running on ${vm.hostname} but libvirt there does not list ${instanceName}`,
        );
      vms.push(
        judgeVmMemory({
          vm: vm.name,
          instanceName,
          host: vm.hostname ?? '?',
          cluster,
          offeringMiB: vm.memory ?? 0,
          apiMemoryKiB: vm.memorykbs,
          libvirtMaxKiB: dom?.maximum,
          balloonKiB: dom?.current,
          guestKiB: dom?.available,
          guestSource: dom?.available !== undefined ? 'balloon-stats' : undefined,
        }),
      );
    }
    for (const u of unreachableHosts) warnings.push(`${u.host}: unreachable — ${u.error}`);

    const capped = vms.filter((v) => v.verdict === 'capped');
    const groups = groupCapped(capped, settings);
    const data: FleetAuditData = {
      environment: ctx.env.name,
      runningVms: vms.length,
      cappedCount: capped.length,
      vms,
      groups,
      clusters: settings,
      unreachableHosts,
    };
    return {
      status: vms.length === 0 ? 'no_data' : 'ok',
      data,
      summary: summarize(data, ctx.lang),
      warnings,
    };
  },
  renderText: (env, lang) => renderFleetAudit(env, lang),
};

function groupCapped(capped: VmMemoryVerdict[], settings: ClusterMemorySettings[]): CapGroup[] {
  const groups = new Map<string, CapGroup>();
  for (const v of capped) {
    const s = settings.find((c) => c.cluster === v.cluster);
    const atRatio =
      s !== undefined && s.ratio > 1 && v.ratio !== undefined && Math.abs(v.ratio - 1 / s.ratio) < 0.02;
    const cause: CapGroup['cause'] = !atRatio
      ? 'unexplained'
      : s.divideByRatio
        ? 'overprovisioning'
        : 'pending-restart';
    const key = `${cause}:${v.cluster}`;
    const g = groups.get(key) ?? { cause, cluster: v.cluster ?? '', ratio: s?.ratio, vms: [] };
    g.vms.push(v.vm);
    groups.set(key, g);
  }
  return [...groups.values()];
}

function summarize(d: FleetAuditData, lang: 'en' | 'ja'): string {
  const lines: string[] = [];
  if (d.cappedCount === 0) {
    lines.push(
      tr(
        lang,
        `All ${d.runningVms} running VMs have their full offering.`,
        `稼働中の ${d.runningVms} 台すべてのVMがサービスオファリング通りのメモリを持っています。`,
      ),
    );
  } else {
    const ratios = new Set(d.vms.filter((v) => v.verdict === 'capped').map((v) => percent(v.ratio ?? 0)));
    const share = ratios.size === 1 ? [...ratios][0] : tr(lang, 'part', '一部');
    lines.push(
      tr(
        lang,
        `${d.cappedCount} of ${d.runningVms} running VMs have only ${share} of their offering.`,
        `稼働中の ${d.runningVms} 台中 ${d.cappedCount} 台のVMがオファリングの ${share} のメモリしか持っていません。`,
      ),
    );
    for (const g of d.groups) {
      lines.push(
        g.cause === 'overprovisioning'
          ? tr(
              lang,
              `- cluster ${g.cluster}: ${g.vms.length} VMs at offering / ${g.ratio} (memoryOvercommitRatio ${g.ratio}, vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor=true): ${g.vms.join(', ')}`,
              `- クラスター ${g.cluster}: ${g.vms.length} 台がオファリング÷${g.ratio}（memoryOvercommitRatio ${g.ratio}、vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor=true）: ${g.vms.join(', ')}`,
            )
          : g.cause === 'pending-restart'
            ? tr(
                lang,
                `- cluster ${g.cluster}: ${g.vms.length} VMs still at offering / ${g.ratio} although vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor is now false: started before the change, they need a stop/start: ${g.vms.join(', ')}`,
                `- クラスター ${g.cluster}: vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor は false ですが ${g.vms.length} 台がまだオファリング÷${g.ratio}（変更前に起動、停止→起動が必要）: ${g.vms.join(', ')}`,
              )
            : tr(
                lang,
                `- cluster ${g.cluster}: ${g.vms.length} VMs below offering for an unexplained reason: ${g.vms.join(', ')}`,
                `- クラスター ${g.cluster}: ${g.vms.length} 台が原因不明でオファリング未満: ${g.vms.join(', ')}`,
              ),
      );
    }
  }
  if (d.unreachableHosts.length)
    lines.push(
      tr(
        lang,
        `Unreachable hosts (not audited via libvirt): ${d.unreachableHosts.map((u) => u.host).join(', ')}`,
        `到達できないホスト（libvirt未確認）: ${d.unreachableHosts.map((u) => u.host).join(', ')}`,
      ),
    );
  return lines.join('\n');
}
