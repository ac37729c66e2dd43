/**
 * A KVM host whose memory is nearly all allocated to VMs: a capacity warning, not an outage, so "no problem
 * found" is not the answer when an operator asks about a full host. Text in prompts/runbooks/vm-memory-capped.md.
 */
import type { CapacityData } from '../tools/cloudstack/capacity.ts';
import type { Lang } from '../tools/types.ts';
import { runbookSteps, runbookText } from './runbook-text.ts';
import type { Finding } from './types.ts';

/** CloudStack's own default cluster.memory.allocated.capacity.disablethreshold: above it no VM is placed. */
export const ALLOCATION_WARN = 0.85;

const gib = (b: number) => `${(b / 1073741824).toFixed(1)} GiB`;

/** One warning per host at or above the threshold; none when CloudStack reports no total. */
export function allocationFindings(id: string, data: CapacityData, lang: Lang, onlyHost?: string): Finding[] {
  return data.hosts
    .filter((h) => (!onlyHost || h.host === onlyHost) && h.totalBytes > 0)
    .filter((h) => h.allocatedBytes / h.totalBytes >= ALLOCATION_WARN)
    .map((h) => {
      const vars = {
        hosts: h.host,
        percent: `${Math.round((h.allocatedBytes / h.totalBytes) * 100)}%`,
        allocated: gib(h.allocatedBytes),
        total: gib(h.totalBytes),
      };
      return {
        runbook: id,
        severity: 'warning' as const,
        cause: 'host-allocation',
        title: runbookText(id, 'title-allocation', lang, vars),
        summary: runbookText(id, 'summary-allocation', lang, vars),
        evidence: [
          {
            label: `${h.host} memoryallocated / memorytotal`,
            value: `${vars.allocated} / ${vars.total} (${vars.percent})`,
            source: 'cloudstack-api',
            kind: 'observed' as const,
          },
        ],
        affected: [h.host],
        steps: runbookSteps(id, 'steps-allocation', lang, vars).map((text) => ({ text })),
      };
    });
}
