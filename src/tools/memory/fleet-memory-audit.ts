/**
 * fleet_memory_audit: every running VM of an environment, offering (API) against what libvirt and the guest
 * really have, in one parallel sweep — one `virsh domstats` per KVM host, not one call per VM.
 */
import { z } from 'zod';
import { OpsError } from '../../core/errors.ts';
import { errorReason } from '../../i18n/error-reason.ts';
import { tr } from '../../i18n/text.ts';
import { parseVirshDomstats } from '../../parsers/virsh-domstats.ts';
import { COMMANDS } from '../../ssh/commands.ts';
import { apiCall, fanOut, hostsByRole, runRemote } from '../remote.ts';
import type { ToolDefinition } from '../types.ts';
import { type ClusterMemorySettings, readClusterMemorySettings } from './cluster-memory-settings.ts';
import { groupCapped, summarize } from './fleet-memory-audit-judge.ts';
import { fleetAuditTable } from './fleet-memory-audit-table.ts';
import { judgeVmMemory, type VmMemoryVerdict } from './memory-verdict.ts';

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
  unreachableHosts: { host: string; error: string; code?: string }[];
}

export const fleetMemoryAudit: ToolDefinition<
  z.ZodObject<{ cluster: z.ZodOptional<z.ZodString> }>,
  FleetAuditData
> = {
  name: 'fleet_memory_audit',
  title: { en: 'Memory audit (all running VMs)', ja: 'メモリ監査（稼働中の全VM）' },
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
    const outcomes = await fanOut(
      kvmHosts,
      async (h) => parseVirshDomstats((await runRemote(ctx, h, COMMANDS['virsh.domstats'], {})).stdout),
      ctx.hostProgress,
    );
    const settings = await settingsP;

    const domByInstance = new Map<
      string,
      { host: string; current?: number; maximum?: number; available?: number }
    >();
    const unreachableHosts: { host: string; error: string; code?: string }[] = [];
    const warnings: string[] = [];
    for (const o of outcomes) {
      if (!o.ok) {
        unreachableHosts.push({ host: o.host.name, error: o.error, code: o.code });
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
    for (const u of unreachableHosts)
      warnings.push(
        tr(
          ctx.lang,
          `${u.host}: unreachable — ${u.error}`,
          `${u.host}: 確認できませんでした — ${errorReason('ja', u.code, u.error)}`,
        ),
      );

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
      ...(capped.length ? { severity: 'problem' as const } : {}),
      data,
      summary: summarize(data, ctx.lang),
      warnings,
    };
  },
  table: fleetAuditTable,
};
