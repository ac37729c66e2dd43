/** Pure judgement of a fleet memory audit: grouping capped VMs by likely cause, and the one-paragraph summary. */
import { tr } from '../../i18n/text.ts';
import type { ClusterMemorySettings } from './cluster-memory-settings.ts';
import type { CapGroup, FleetAuditData } from './fleet-memory-audit.ts';
import { percent, type VmMemoryVerdict } from './memory-verdict.ts';

export function groupCapped(capped: VmMemoryVerdict[], settings: ClusterMemorySettings[]): CapGroup[] {
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

export function summarize(d: FleetAuditData, lang: 'en' | 'ja'): string {
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
