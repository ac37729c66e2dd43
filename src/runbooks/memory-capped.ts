/**
 * The seed's incident: VMs booted at offering ÷ memoryOvercommitRatio because
 * vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor is true for their cluster. Names the
 * scope of the cause (cluster override vs global), shows the evidence chain on one VM, and proposes a fix
 * fitted to the CloudStack version. Pure parts: memory-capped-scope.ts; plan: memory-capped-plan.ts; all
 * text: prompts/runbooks/vm-memory-capped.md.
 */

import { MIN_MEMORY_KEY } from '../tools/memory/cluster-memory-settings.ts';
import type { CapGroup, FleetAuditData } from '../tools/memory/fleet-memory-audit.ts';
import { percent } from '../tools/memory/memory-verdict.ts';
import { kibText } from '../tools/text-table.ts';
import { allocationFindings } from './memory-allocation.ts';
import { sampleEvidence } from './memory-capped-evidence.ts';
import { capPlan, pendingPlan } from './memory-capped-plan.ts';
import { groupsByScope, listNames, type ScopeGroup } from './memory-capped-scope.ts';
import type { Intent, Runbook, RunbookContext } from './runbook.ts';
import { runbookText } from './runbook-text.ts';
import type { Evidence, Finding, ProposedStep } from './types.ts';

const ID = 'vm-memory-capped';

const withHosts = (data: FleetAuditData, vms: string[]) =>
  vms.map((vm) => ({ vm, host: data.vms.find((v) => v.vm === vm)?.host }));

/** CloudStack reads a non-dynamic key only at management-server start: then the plan restarts it after the change. */
async function managementRestartStep(rc: RunbookContext, key: string): Promise<ProposedStep | undefined> {
  const env = await rc.tool('cloudstack_setting', { query: key });
  const view = env.data?.settings.find((x) => x.name === key);
  if (view?.isDynamic !== false) return undefined;
  return {
    text: text(rc, 'step-restart-management', { key }),
    action: { tool: 'restart_management_server', input: {} },
  };
}

const text = (rc: RunbookContext, key: string, vars: Record<string, string | number> = {}) =>
  runbookText(ID, key, rc.lang, vars);

/** The settings behind one scope of cause, then the sample VM's layers and the inferred boot size. */
async function scopeEvidence(
  rc: RunbookContext,
  sg: ScopeGroup,
  ratio: string,
  version: string | undefined,
): Promise<Evidence[]> {
  const globalDivide = sg.settings[0]!.globalDivide;
  const evidence: Evidence[] = [
    {
      label: `${MIN_MEMORY_KEY} (global)`,
      value: globalDivide === undefined ? text(rc, 'evidence-key-absent') : String(globalDivide),
      source: 'cloudstack-api',
      kind: 'observed',
    },
    ...sg.settings
      .filter(() => globalDivide !== undefined)
      .map(
        (s): Evidence => ({
          label: `${MIN_MEMORY_KEY} (cluster ${s.cluster})`,
          value: `${s.divideByRatio}${s.divideOverridden ? ' — override' : ' — inherited'}`,
          source: s.overrideSource === 'database' ? 'cloudstack-api + database' : 'cloudstack-api',
          kind: 'observed',
        }),
      ),
    ...sg.settings.map(
      (s): Evidence => ({
        label: `memoryOvercommitRatio (cluster ${s.cluster})`,
        value: String(s.ratio),
        source: 'cloudstack-api',
        kind: 'observed',
      }),
    ),
    ...(await sampleEvidence(rc, sg.vms)),
    {
      label: text(rc, 'evidence-boot-size-label'),
      value: text(rc, 'evidence-boot-size', { ratio, count: sg.vms.length }),
      source: 'runbook',
      kind: 'inferred',
    },
  ];
  if (version)
    evidence.push({
      label: 'CloudStack version',
      value: version,
      source: 'cloudstack-api',
      kind: 'observed',
    });
  return evidence;
}

async function overprovisioningFinding(
  rc: RunbookContext,
  data: FleetAuditData,
  sg: ScopeGroup,
  version: string | undefined,
): Promise<Finding> {
  const clusterNames = sg.settings.map((s) => s.cluster);
  const shares = new Set(data.vms.filter((v) => sg.vms.includes(v.vm)).map((v) => percent(v.ratio ?? 0)));
  const legacy = sg.scope === 'legacy-division';
  const ratio = [...new Set(sg.settings.map((s) => s.ratio))].join('/');
  const vars = {
    count: sg.vms.length,
    share: shares.size === 1 ? [...shares][0]! : text(rc, 'share-part'),
    scopeText: text(rc, `scope-${legacy ? 'legacy' : sg.scope}`, { clusters: clusterNames.join(', ') }),
    key: MIN_MEMORY_KEY,
    value: 'true',
    ratio,
    vms: listNames(sg.vms),
    scopeParam: sg.overridden ? ` clusterid=<${clusterNames.join('|')}>` : '',
    capacityNote: text(rc, 'capacity-note'),
    version: version ?? '?',
  };
  return {
    runbook: ID,
    severity: 'critical',
    title: text(rc, 'title', vars),
    cause: sg.scope,
    summary: text(rc, legacy ? 'summary-legacy' : 'summary', vars),
    evidence: await scopeEvidence(rc, sg, ratio, version),
    affected: sg.vms,
    risk: text(rc, 'risk', vars),
    steps: capPlan({
      scope: sg.scope,
      clusterNames,
      settings: sg.settings,
      vms: withHosts(data, sg.vms),
      ...(await managementRestartStep(
        rc,
        sg.scope === 'legacy-division' ? 'mem.overprovisioning.factor' : MIN_MEMORY_KEY,
      ).then((m) => (m ? { managementRestart: m } : {}))),
      version,
      key: MIN_MEMORY_KEY,
      vars,
      lang: rc.lang,
    }),
  };
}

async function pendingFinding(
  rc: RunbookContext,
  data: FleetAuditData,
  pending: CapGroup[],
): Promise<Finding> {
  const vms = pending.flatMap((g) => g.vms);
  const vars = {
    count: vms.length,
    ratio: [...new Set(pending.map((g) => g.ratio))].join('/'),
    key: MIN_MEMORY_KEY,
    vms: vms.join(', '),
  };
  return {
    runbook: ID,
    severity: 'warning',
    title: text(rc, 'title-pending', vars),
    cause: 'pending-restart',
    summary: text(rc, 'summary-pending', vars),
    evidence: [
      ...pending.map(
        (g): Evidence => ({
          label: `${MIN_MEMORY_KEY} (cluster ${g.cluster})`,
          value: 'false',
          source: 'cloudstack-api',
          kind: 'observed',
        }),
      ),
      ...(await sampleEvidence(rc, vms)),
    ],
    affected: vms,
    risk: text(rc, 'risk', vars),
    steps: pendingPlan(withHosts(data, vms), vars, rc.lang),
  };
}

function unexplainedFinding(rc: RunbookContext, data: FleetAuditData, groups: CapGroup[]): Finding {
  const vms = groups.flatMap((g) => g.vms);
  return {
    runbook: ID,
    severity: 'warning',
    title: text(rc, 'title-unexplained', { count: vms.length }),
    summary: text(rc, 'summary-unexplained'),
    evidence: data.vms
      .filter((v) => vms.includes(v.vm))
      .map((v) => ({
        label: v.vm,
        value: `offering ${v.offeringMiB} MiB, balloon ${kibText(v.balloonKiB)}`,
        source: v.host,
        kind: 'observed' as const,
      })),
    affected: vms,
    steps: [{ text: text(rc, 'step-unexplained') }],
  };
}

export const memoryCapped: Runbook = {
  id: ID,
  applies: (i: Intent) =>
    i.kind === 'vm' ||
    (i.kind === 'host' && i.host.role === 'kvm') ||
    i.kind === 'cluster' ||
    (i.kind === 'topics' && i.topics.has('memory')),
  async run(rc, intent) {
    const cluster =
      intent.kind === 'host' ? intent.host.cluster : intent.kind === 'cluster' ? intent.cluster : undefined;
    const audit = await rc.tool('fleet_memory_audit', cluster ? { cluster } : {});
    const data = audit.data;
    if (audit.status === 'error' || !data) return [];
    const version = await rc.cloudstackVersion();
    const onlyVm = intent.kind === 'vm' ? intent.vm : undefined;
    const groups = data.groups.filter((g) => !onlyVm || g.vms.includes(onlyVm));
    const findings: Finding[] = [];
    // One finding per scope of cause: clusters that override the global value, and clusters inheriting it.
    for (const sg of groupsByScope(groups, data.clusters, version))
      findings.push(await overprovisioningFinding(rc, data, sg, version));
    const pending = groups.filter((g) => g.cause === 'pending-restart');
    if (pending.length) findings.push(await pendingFinding(rc, data, pending));
    const unexplained = groups.filter((g) => g.cause === 'unexplained');
    if (unexplained.length) findings.push(unexplainedFinding(rc, data, unexplained));
    // A question about a host, a cluster or memory in general also gets a nearly full host, which is no outage.
    if (intent.kind !== 'vm') {
      const cap = await rc.tool('capacity', cluster ? { cluster } : {});
      if (cap.status === 'ok' && cap.data)
        findings.push(
          ...allocationFindings(ID, cap.data, rc.lang, intent.kind === 'host' ? intent.host.name : undefined),
        );
    }
    return findings;
  },
};
