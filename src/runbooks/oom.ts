/**
 * OOM kills on a host or in a guest, told apart by what the kernel says about each kill: a KVM host that ran
 * out and killed a VM's qemu (plan for the host), a qemu or a service at its cgroup limit (plan for the
 * limit), or a guest that ran out — where it first checks whether the VM even has its offering (the seed's
 * trap), so an OOM caused by the memory cap is not mistaken for an undersized workload.
 */
import type { InventoryHost } from '../config/schema.ts';
import type { OomEvent } from '../parsers/types.ts';
import { percent } from '../tools/memory/memory-verdict.ts';
import { hostOomOfVms, memcgOfVms, resolveKilledVms } from './oom-host-findings.ts';
import { type KillKind, kindOfKill } from './oom-verdict.ts';
import type { Intent, Runbook, RunbookContext } from './runbook.ts';
import { runbookSteps, runbookText } from './runbook-text.ts';
import type { Finding } from './types.ts';

const ID = 'oom-kills';

const vmNames = (intent: Extract<Intent, { kind: 'vm' }>) => new Set([intent.vm, ...(intent.aliases ?? [])]);

/** Where to read kernel logs: a VM's own guest and every KVM host (a killed VM no longer has a host in the API). */
function targets(rc: RunbookContext, intent: Intent): InventoryHost[] {
  const kvm = rc.env.hosts.filter((h) => h.role === 'kvm');
  if (intent.kind === 'host') return intent.host.role === 'kvm' ? [intent.host] : [];
  if (intent.kind === 'cluster') return intent.hosts;
  const guests = rc.env.hosts.filter((h) => h.role === 'guest');
  if (intent.kind === 'vm') {
    const names = vmNames(intent);
    return [...guests.filter((g) => names.has(g.vm ?? '') || names.has(g.name)), ...kvm];
  }
  return [...kvm, ...guests];
}

function groupByKind(events: OomEvent[], where: 'kvm' | 'guest'): Map<KillKind, OomEvent[]> {
  const m = new Map<KillKind, OomEvent[]>();
  for (const e of events) {
    const k = kindOfKill(e, where);
    m.set(k, [...(m.get(k) ?? []), e]);
  }
  return m;
}

/** Kills of anything but a VM's qemu (host services, guest processes): the explanation depends on the VM's size. */
async function processKills(
  rc: RunbookContext,
  host: InventoryHost,
  events: OomEvent[],
  memcg: boolean,
): Promise<Finding> {
  const vmName = host.role === 'guest' ? (host.vm ?? host.name) : undefined;
  const vars: Record<string, string | number> = {
    target: vmName ?? host.name,
    count: events.length,
    victims: [...new Set(events.map((e) => e.victim.name))].join(', '),
    memcg: events[0]?.oomMemcg ?? events[0]?.memcg ?? '?',
  };
  let summaryKey = 'summary-host';
  let stepsKey = 'steps';
  let cause = memcg ? 'memcg-limit' : 'host-oom';
  if (vmName && memcg) {
    summaryKey = 'summary-memcg-guest';
    stepsKey = 'steps-memcg-guest';
  } else if (vmName) {
    const m = (await rc.tool('vm_memory', { vm: vmName })).data;
    vars.offering = m?.offeringMiB ?? '?';
    vars.share = m?.ratio !== undefined ? percent(m.ratio) : '?';
    // Three cases: capped, full, or not verified (API or host down) — never assume "full".
    const verdict = m?.verdict ?? 'unknown';
    summaryKey = { capped: 'summary-capped', full: 'summary-full', unknown: 'summary-unverified' }[verdict];
    cause = { capped: 'memory-cap', full: 'guest-memory-pressure', unknown: 'unverified' }[verdict];
  }
  return {
    runbook: ID,
    severity: 'warning',
    title: runbookText(ID, 'title', rc.lang, vars),
    cause,
    summary: runbookText(ID, summaryKey, rc.lang, vars),
    evidence: events.slice(0, 5).map((e) => ({
      label: e.at ?? e.stamp ?? 'kernel log',
      value: e.line.trim().slice(0, 200),
      source: host.name,
      kind: 'observed' as const,
    })),
    affected: [vmName ?? host.name],
    steps: runbookSteps(ID, stepsKey, rc.lang, vars).map((text) => ({ text })),
  };
}

export const oomRunbook: Runbook = {
  id: ID,
  applies: (i) =>
    i.kind === 'vm' ||
    (i.kind === 'host' && i.host.role === 'kvm') ||
    i.kind === 'cluster' ||
    (i.kind === 'topics' && i.topics.has('oom')),
  async run(rc, intent) {
    const findings: Finding[] = [];
    // Same input as the memory runbook's audit, so the shared tool call is made once.
    const auditInput =
      intent.kind === 'host' && intent.host.cluster
        ? { cluster: intent.host.cluster }
        : intent.kind === 'cluster'
          ? { cluster: intent.cluster }
          : {};
    for (const host of targets(rc, intent)) {
      const env = await rc.tool('oom_kills', { target: host.name });
      const d = env.data;
      if (env.status !== 'ok' || !d || d.events.length === 0) continue;
      const where = host.role === 'kvm' ? 'kvm' : 'guest';
      const kinds = groupByKind(d.events, where);
      for (const [kind, events] of kinds) {
        if (kind === 'host-oom-vm' || kind === 'memcg-vm') {
          let killed = await resolveKilledVms(rc, events);
          // Asked about one VM: only the kills of that VM's qemu on the hosts.
          if (intent.kind === 'vm') {
            const names = vmNames(intent);
            killed = killed.filter((k) => names.has(k.vm) || names.has(k.domain ?? ''));
          }
          if (!killed.length) continue;
          findings.push(
            kind === 'host-oom-vm'
              ? await hostOomOfVms(rc, host, killed, auditInput)
              : memcgOfVms(rc, host, killed),
          );
        } else if (intent.kind !== 'vm' || host.role === 'guest') {
          findings.push(
            await processKills(rc, host, events, kind === 'host-memcg' || kind === 'guest-memcg'),
          );
        }
      }
    }
    return findings;
  },
};
