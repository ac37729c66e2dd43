/**
 * One storage pair's Pacemaker verdict → a finding: the cause decides title, risk and plan (standby is reduced
 * redundancy with `pcs node unstandby`, not an outage). Pure; text in prompts/runbooks/pacemaker-node-down.md.
 */
import type { PcmkFact } from '../tools/storage/pacemaker-assess.ts';
import { describePcmkFact } from '../tools/storage/pacemaker-facts.ts';
import type { PairClusterView } from '../tools/storage/pacemaker-status.ts';
import type { Lang } from '../tools/types.ts';
import { runbookSteps, runbookText } from './runbook-text.ts';
import type { Evidence, Finding } from './types.ts';

export const PACEMAKER_RUNBOOK = 'pacemaker-node-down';
const ID = PACEMAKER_RUNBOOK;

type Vars = Record<string, string | number>;

const RISK = new Map([
  ['resource-stopped', 'risk-resource-stopped'],
  ['node-standby', 'risk-node-standby'],
  ['node-offline', 'risk'],
  ['quorum-lost', 'risk'],
]);

/** The command that brings a node out of standby or maintenance, built from the fact, never from text. */
function backInService(f: PcmkFact): string[] {
  if (f.kind === 'node-standby') return [`\`pcs node unstandby ${f.node}\``];
  if (f.kind === 'node-maintenance') return [`\`pcs node unmaintenance ${f.node}\``];
  return [];
}

export function clusterEvidence(p: PairClusterView, lang: Lang): Evidence[] {
  const source = p.reportedBy ?? '?';
  const label = (k: string) => runbookText(ID, k, lang);
  const state = (n: PairClusterView['nodes'][number]) =>
    !n.online ? 'OFFLINE' : n.standby ? 'standby' : n.maintenance ? 'maintenance' : 'online';
  const ev: Evidence[] = [
    ...p.nodes.map(
      (n): Evidence => ({
        label: `${label('label-node')} ${n.name}`,
        value: state(n),
        source,
        kind: 'observed',
      }),
    ),
    ...p.resources.map(
      (r): Evidence => ({
        label: `${label('label-resource')} ${r.id}`,
        value: `${r.failed ? 'FAILED' : r.active ? (r.role ?? 'Started') : 'Stopped'} @ ${r.nodes.join(', ') || '-'}`,
        source,
        kind: 'observed',
      }),
    ),
    ...p.failures.map(
      (f): Evidence => ({
        label: `${label('label-failed-action')} ${f.resource} ${f.task}`,
        value: `${f.node}: ${f.exitReason || f.exitStatus}`,
        source,
        kind: 'observed',
      }),
    ),
    ...p.unreachable.map(
      (u): Evidence => ({ label: u.node, value: `SSH: ${u.error}`, source: u.node, kind: 'observed' }),
    ),
  ];
  if (p.quorate !== undefined)
    ev.push({
      label: 'quorum',
      value: p.quorate ? 'quorate' : 'NOT quorate',
      source: 'corosync-quorumtool',
      kind: 'observed',
    });
  return ev;
}

/**
 * An OFFLINE node that answered SSH but whose crm_mon could not connect is up with its cluster stack stopped:
 * its plan is the stack (systemctl, journal, `pcs cluster start`), not power and IPMI.
 */
function stackDownOnly(p: PairClusterView): boolean {
  const v = p.verdict;
  return (
    v.cause === 'node-offline' &&
    v.affected.length > 0 &&
    v.affected.every((n) => p.unreachable.some((u) => u.node === n && u.code === 'command_failed'))
  );
}

export function pacemakerFinding(p: PairClusterView, lang: Lang): Finding | undefined {
  const v = p.verdict;
  if (!v.cause) return undefined;
  const vars: Vars = {
    pair: p.pair,
    subjects: v.affected.join(', '),
    first: v.affected[0] ?? '<resource>',
    count: p.failures.length,
    facts: v.facts.map((f) => describePcmkFact(f, lang)).join('; '),
    runningOn: v.runningOn.join(', ') || '-',
    commands: v.facts.flatMap(backInService).join(', '),
  };
  const summaryKey = v.cause === 'node-standby' ? 'summary-node-standby' : 'summary';
  const riskKey = RISK.get(v.cause);
  return {
    runbook: ID,
    severity: v.severity,
    title: runbookText(ID, `title-${v.cause}`, lang, vars),
    cause: v.cause,
    summary: runbookText(ID, summaryKey, lang, vars),
    evidence: clusterEvidence(p, lang),
    affected: v.affected,
    ...(riskKey ? { risk: runbookText(ID, riskKey, lang, vars) } : {}),
    steps: runbookSteps(
      ID,
      stackDownOnly(p) ? 'steps-node-offline-stack-down' : `steps-${v.cause}`,
      lang,
      vars,
    ).map((text) => ({ text })),
  };
}
