/**
 * Findings for OOM kills of a VM's qemu on a KVM host: the host ran out (overcommit: plan for the host) or
 * the qemu hit its cgroup limit (plan for the limit). Both name the VM, so `diagnose <that VM>` explains why
 * it stopped. Text lives in prompts/runbooks/oom-kills.md.
 */
import type { InventoryHost } from '../config/schema.ts';
import type { OomEvent } from '../parsers/types.ts';
import { percent } from '../tools/memory/memory-verdict.ts';
import { kibText } from '../tools/text-table.ts';
import { hostOvercommit } from './oom-verdict.ts';
import type { RunbookContext } from './runbook.ts';
import { runbookSteps, runbookText } from './runbook-text.ts';
import type { Evidence, Finding, ProposedStep } from './types.ts';

const ID = 'oom-kills';

/** A killed qemu's VM as CloudStack knows it, or the bare domain/process when it cannot be resolved. */
export interface KilledVm {
  event: OomEvent;
  /** CloudStack name, else the domain, else "qemu pid N". */
  vm: string;
  domain?: string;
  state?: string;
  /** Where CloudStack runs the VM now (after HA or an operator restarted it, possibly on another host). */
  nowOn?: string;
  offeringKiB?: number;
}

export async function resolveKilledVms(rc: RunbookContext, events: OomEvent[]): Promise<KilledVm[]> {
  return Promise.all(
    events.map(async (event): Promise<KilledVm> => {
      const fallback = event.domain ?? `${event.victim.name} pid ${event.victim.pid}`;
      if (!event.domain) return { event, vm: fallback };
      const env = await rc.tool('vm_memory', { vm: event.domain });
      const d = env.data;
      if (!d) return { event, vm: fallback, domain: event.domain };
      return {
        event,
        vm: d.vm,
        domain: event.domain,
        state: d.state,
        ...(d.state === 'Running' && d.host ? { nowOn: d.host } : {}),
        offeringKiB: d.offeringMiB * 1024,
      };
    }),
  );
}

/** The kill line, and the cgroup that names the domain (the proof of which VM died). */
const killEvidence = (host: string, killed: KilledVm[]): Evidence[] =>
  killed.slice(0, 5).flatMap((k): Evidence[] => [
    {
      label: k.event.at ?? k.event.stamp ?? 'kernel log',
      value: k.event.line.trim().slice(0, 200),
      source: host,
      kind: 'observed',
    },
    ...(k.event.memcg
      ? [
          {
            label: `${k.event.victim.name} ${k.event.victim.pid} cgroup (${k.event.constraint ?? k.event.scope})`,
            value: k.event.memcg.slice(0, 200),
            source: host,
            kind: 'observed' as const,
          },
        ]
      : []),
  ]);

const stateEvidence = (rc: RunbookContext, killed: KilledVm[]): Evidence[] =>
  killed
    .filter((k) => k.state)
    .map((k) => ({
      label: runbookText(ID, 'evidence-vm-state', rc.lang, { vm: k.vm, domain: k.domain ?? '?' }),
      value: k.state!,
      source: 'cloudstack-api',
      kind: 'observed' as const,
    }));

function restartSteps(rc: RunbookContext, killed: KilledVm[]): ProposedStep[] {
  return killed
    .filter((k) => k.state === 'Stopped')
    .map((k) => ({
      text: runbookText(ID, 'restart-vm', rc.lang, { vm: k.vm }),
      action: { tool: 'start_vm', input: { vm: k.vm } },
    }));
}

/** The host ran out of memory and killed VMs: explain the overcommit, plan for the host. */
export async function hostOomOfVms(
  rc: RunbookContext,
  host: InventoryHost,
  killed: KilledVm[],
  auditInput: Record<string, unknown>,
): Promise<Finding> {
  const memEnv = await rc.tool('host_memory', { host: host.name });
  const mem = memEnv.data;
  const audit = (await rc.tool('fleet_memory_audit', auditInput)).data;
  const ratio = audit?.clusters.find((c) => c.cluster === host.cluster)?.ratio;
  const running = mem?.domains.map((d) => d.maximumKiB ?? d.currentKiB ?? 0) ?? [];
  const gone = killed.filter((k) => k.state !== 'Running').map((k) => k.offeringKiB ?? 0);
  const oc = mem?.memTotalKiB ? hostOvercommit(mem.memTotalKiB, [...running, ...gone], ratio) : undefined;
  const vars: Record<string, string | number> = {
    host: host.name,
    vms: [...new Set(killed.map((k) => k.vm))].join(', '),
    cluster: host.cluster ?? '?',
    ratio: ratio ?? '?',
    available: kibText(mem?.memAvailableKiB),
  };
  vars.overcommit = oc
    ? runbookText(ID, 'overcommit', rc.lang, {
        ...vars,
        vmMemory: kibText(oc.vmKiB),
        ram: kibText(oc.ramKiB),
        share: percent(oc.share),
        allowed: kibText(oc.allowedKiB, '?'),
      })
    : runbookText(ID, 'overcommit-unknown', rc.lang);
  const evidence: Evidence[] = [...killEvidence(host.name, killed), ...stateEvidence(rc, killed)];
  if (oc)
    evidence.push(
      { label: `${host.name} MemTotal`, value: kibText(oc.ramKiB), source: host.name, kind: 'observed' },
      {
        label: runbookText(ID, 'evidence-host-vms', rc.lang, { host: host.name }),
        value: runbookText(ID, 'evidence-host-vms-value', rc.lang, {
          total: kibText(oc.vmKiB),
          share: percent(oc.share),
        }),
        source: host.name,
        kind: 'inferred',
      },
    );
  if (ratio !== undefined)
    evidence.push({
      label: `memoryOvercommitRatio (cluster ${host.cluster})`,
      value: String(ratio),
      source: 'cloudstack-api',
      kind: 'observed',
    });
  return {
    runbook: ID,
    severity: 'critical',
    title: runbookText(ID, 'title-host-vm', rc.lang, vars),
    cause: 'host-oom-killed-vm',
    summary: [
      runbookText(ID, 'summary-host-vm', rc.lang, vars),
      // Killed, then restarted (HA or by hand), maybe elsewhere: it is not down now, and where it runs matters.
      ...killed
        .filter((k) => k.nowOn)
        .map((k) =>
          runbookText(ID, k.nowOn === host.name ? 'vm-runs-again-same' : 'vm-runs-again', rc.lang, {
            vm: k.vm,
            host: host.name,
            now: k.nowOn!,
          }),
        ),
    ].join(' '),
    evidence,
    affected: [...new Set([host.name, ...killed.map((k) => k.vm)])],
    risk: runbookText(ID, 'risk-host-vm', rc.lang, vars),
    steps: [
      ...runbookSteps(ID, 'steps-host-vm', rc.lang, vars).map((text) => ({ text })),
      ...restartSteps(rc, killed),
    ],
  };
}

/** A VM's qemu hit its own cgroup limit: the host is fine, the limit is not. */
export function memcgOfVms(rc: RunbookContext, host: InventoryHost, killed: KilledVm[]): Finding {
  const vars = {
    host: host.name,
    vms: [...new Set(killed.map((k) => k.vm))].join(', '),
    domains: [...new Set(killed.map((k) => k.domain ?? k.vm))].join(' '),
    memcg: killed[0]?.event.oomMemcg ?? killed[0]?.event.memcg ?? '?',
  };
  return {
    runbook: ID,
    severity: 'critical',
    title: runbookText(ID, 'title-memcg-vm', rc.lang, vars),
    cause: 'memcg-limit-killed-vm',
    summary: runbookText(ID, 'summary-memcg-vm', rc.lang, vars),
    evidence: [...killEvidence(host.name, killed), ...stateEvidence(rc, killed)],
    affected: [...new Set(killed.map((k) => k.vm))],
    steps: [
      ...runbookSteps(ID, 'steps-memcg-vm', rc.lang, vars).map((text) => ({ text })),
      ...restartSteps(rc, killed),
    ],
  };
}
