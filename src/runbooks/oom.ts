/**
 * OOM kills on a host or in a guest. Checks first whether the VM even has its offering (the seed's trap),
 * so an OOM caused by the memory cap is not mistaken for an undersized workload.
 */
import type { InventoryHost } from '../config/schema.ts';
import type { OomData } from '../tools/logs/oom-kills.ts';
import { percent } from '../tools/memory/memory-verdict.ts';
import type { VmMemoryData } from '../tools/memory/vm-memory.ts';
import type { Intent, Runbook, RunbookContext } from './runbook.ts';
import { runbookSteps, runbookText } from './runbook-text.ts';
import type { Finding } from './types.ts';

const ID = 'oom-kills';

function targets(rc: RunbookContext, intent: Intent): InventoryHost[] {
  if (intent.kind === 'host') return intent.host.role === 'kvm' ? [intent.host] : [];
  const guests = rc.env.hosts.filter((h) => h.role === 'guest');
  if (intent.kind === 'vm') return guests.filter((g) => g.vm === intent.vm || g.name === intent.vm);
  return [...rc.env.hosts.filter((h) => h.role === 'kvm'), ...guests];
}

export const oomRunbook: Runbook = {
  id: ID,
  applies: (i) =>
    i.kind === 'vm' ||
    (i.kind === 'host' && i.host.role === 'kvm') ||
    (i.kind === 'topics' && i.topics.has('oom')),
  async run(rc, intent) {
    const findings: Finding[] = [];
    for (const host of targets(rc, intent)) {
      const env = await rc.tool('oom_kills', { target: host.name });
      const d = env.data as OomData | null;
      if (env.status !== 'ok' || !d || d.events.length === 0) continue;
      const victims = [...new Set(d.events.map((e) => e.victim.name))].join(', ');
      const vmName = host.role === 'guest' ? (host.vm ?? host.name) : undefined;
      let summaryKey = 'summary-host';
      const vars: Record<string, string | number> = {
        target: vmName ?? host.name,
        count: d.events.length,
        victims,
      };
      let cause = 'host-oom';
      if (vmName) {
        const mem = await rc.tool('vm_memory', { vm: vmName });
        const m = mem.data as VmMemoryData | null;
        vars.offering = m?.offeringMiB ?? '?';
        vars.share = m?.ratio !== undefined ? percent(m.ratio) : '?';
        // Three cases: capped, full, or not verified (API or host down) — never assume "full".
        summaryKey =
          m?.verdict === 'capped'
            ? 'summary-capped'
            : m?.verdict === 'full'
              ? 'summary-full'
              : 'summary-unverified';
        cause =
          m?.verdict === 'capped'
            ? 'memory-cap'
            : m?.verdict === 'full'
              ? 'guest-memory-pressure'
              : 'unverified';
      }
      findings.push({
        runbook: ID,
        severity: 'warning',
        title: runbookText(ID, 'title', rc.lang, vars),
        cause,
        summary: runbookText(ID, summaryKey, rc.lang, vars),
        evidence: d.events.slice(0, 5).map((e) => ({
          label: e.at ?? 'kernel log',
          value: e.line.trim().slice(0, 200),
          source: host.name,
          kind: 'observed' as const,
        })),
        affected: [vmName ?? host.name],
        steps: runbookSteps(ID, 'steps', rc.lang, vars).map((text) => ({ text })),
      });
    }
    return findings;
  },
};
