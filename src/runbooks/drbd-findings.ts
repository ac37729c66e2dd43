/**
 * One DRBD resource's assessment → findings (split brain, lost quorum, resync, degraded, down). Pure: text
 * comes from prompts/runbooks/drbd-split-brain.md, decisions from drbd-plan.ts.
 */
import type { CrmResource } from '../parsers/types.ts';
import type { DrbdResourceAssessment } from '../tools/storage/drbd-assess.ts';
import { describeDrbdFact, describeSync } from '../tools/storage/drbd-facts.ts';
import type { Lang } from '../tools/types.ts';
import { DRBD_RUNBOOK, diskStates, drbdEvidence, partnerStates } from './drbd-evidence.ts';
import { degradedKind, drbdCloneFor, nfsNode, type SplitPlan, splitPlan } from './drbd-plan.ts';
import { runbookSteps, runbookText } from './runbook-text.ts';
import type { Finding, Severity } from './types.ts';

export { DRBD_RUNBOOK, partnerStates };

const ID = DRBD_RUNBOOK;

export interface DrbdContext {
  lang: Lang;
  pair: string;
  cluster: CrmResource[];
  /** How many DRBD resources the pair has (one resource + one clone belong together). */
  resourceCount: number;
  unreachable: { node: string; error: string }[];
}

type Vars = Record<string, string | number>;
const text = (c: DrbdContext, key: string, vars: Vars) => runbookText(ID, key, c.lang, vars);
const steps = (c: DrbdContext, key: string, vars: Vars) =>
  runbookSteps(ID, key, c.lang, vars).map((t) => ({ text: t }));

function base(c: DrbdContext, r: DrbdResourceAssessment, severity: Severity, cause: string) {
  return {
    runbook: ID,
    severity,
    cause,
    evidence: drbdEvidence(c, r),
    affected: [`${c.pair}/${r.resource}`],
  };
}

/** The recovery tool's input: the affected resource, both sides, and the clone of THAT resource when known. */
function recoverInput(c: DrbdContext, r: DrbdResourceAssessment, plan: SplitPlan): Record<string, unknown> {
  const clone = drbdCloneFor(r.resource, c.cluster, c.resourceCount);
  return {
    pair: c.pair,
    resource: r.resource,
    victim: plan.victim,
    survivor: plan.survivor,
    ...(clone ? { pacemakerResource: clone } : {}),
  };
}

export function splitBrainFinding(c: DrbdContext, r: DrbdResourceAssessment): Finding {
  const plan = splitPlan(r, c.cluster);
  const nfs = nfsNode(c.cluster);
  const vars: Vars = {
    pair: c.pair,
    resource: r.resource,
    states: partnerStates(r),
    disks: diskStates(r),
    survivor: plan.survivor ?? '<survivor>',
    victim: plan.victim ?? '<victim>',
    survivorConnection: plan.survivorConnection ?? '?',
    nfsNode: nfs ?? '',
  };
  vars.why = plan.reason ? text(c, `why-${plan.reason}`, vars) : '';
  vars.survivorText = text(c, plan.reason ? 'survivor-known' : 'survivor-unknown', vars);
  vars.nfsText = text(c, nfs ? 'nfs-served' : 'nfs-not-served', vars);
  vars.pacemakerResource =
    drbdCloneFor(r.resource, c.cluster, c.resourceCount) ?? text(c, 'clone-unknown', vars);
  const fromState = r.splitBasis === 'state';
  const f: Finding = {
    ...base(c, r, 'critical', 'split-brain'),
    title: text(c, fromState ? 'title-split-state' : 'title-split', vars),
    summary: text(c, fromState ? 'summary-split-state' : 'summary-split', vars),
    risk: text(c, 'risk-split', vars),
    steps: steps(c, 'steps-split', vars).map((s, i) =>
      // Step 2 (the victim's discard) carries the whole recovery as one destructive, approvable action.
      i === 1 && plan.survivor && plan.victim
        ? { ...s, action: { tool: 'drbd_split_brain_recover', input: recoverInput(c, r, plan) } }
        : s,
    ),
  };
  if (plan.survivor)
    f.evidence.push({
      label: text(c, 'evidence-survivor', {}),
      value: `${plan.survivor} (${vars.why})`,
      source: 'runbook',
      kind: 'inferred',
    });
  return f;
}

const factsText = (c: DrbdContext, r: DrbdResourceAssessment) =>
  r.facts.map((f) => describeDrbdFact(f, c.lang)).join('; ');

export function quorumFinding(c: DrbdContext, r: DrbdResourceAssessment): Finding {
  const lost = r.nodes.filter((n) => n.quorum === false).map((n) => n.node);
  const vars: Vars = { pair: c.pair, resource: r.resource, nodes: lost.join(', '), facts: factsText(c, r) };
  vars.noneText = text(c, lost.length === r.nodes.length ? 'quorum-none' : 'quorum-some', vars);
  return {
    ...base(c, r, 'critical', 'quorum-lost'),
    title: text(c, 'title-quorum', vars),
    summary: text(c, 'summary-quorum', vars),
    risk: text(c, 'risk-quorum', vars),
    steps: steps(c, 'steps-quorum', vars),
  };
}

export function syncFinding(c: DrbdContext, r: DrbdResourceAssessment): Finding {
  const pcts = r.sync.flatMap((s) => (s.donePercent === undefined ? [] : [s.donePercent]));
  const progress = pcts.length ? `${Math.min(...pcts)}%` : r.sync.map((s) => s.state).join(', ');
  const vars: Vars = {
    pair: c.pair,
    resource: r.resource,
    progress,
    syncs: r.sync.map((s) => describeSync(s, c.lang)).join('; '),
  };
  return {
    ...base(c, r, 'warning', 'resync'),
    title: text(c, 'title-sync', vars),
    summary: text(c, 'summary-sync', vars),
    steps: steps(c, 'steps-sync', vars),
  };
}

const LOCAL_DISK: ReadonlySet<string> = new Set(['local-diskless', 'inconsistent-idle', 'local-disk']);

export function degradedFinding(c: DrbdContext, r: DrbdResourceAssessment): Finding {
  const kind = degradedKind(r);
  // The headline and the node the steps name: the StandAlone link, or for a disk problem the node whose own
  // disk it is (its peer's view of it comes first in the facts). A node where the resource is down needs no
  // rule: assessDrbdResource lists those facts first. A degraded verdict always has a fact.
  const lead = r.facts.find(
    (f) =>
      (f.kind === 'connection' && f.value === 'StandAlone') || (kind === 'disk' && LOCAL_DISK.has(f.kind)),
  );
  const first = lead ?? r.facts[0]!;
  const vars: Vars = {
    pair: c.pair,
    resource: r.resource,
    facts: factsText(c, r),
    headline: describeDrbdFact(first, c.lang),
    node: first.node,
  };
  return {
    ...base(c, r, 'warning', 'degraded'),
    title: text(c, 'title-degraded', vars),
    summary: text(c, 'summary-degraded', vars),
    steps: steps(c, `steps-degraded-${kind}`, vars),
  };
}

export function downFinding(c: DrbdContext, r: DrbdResourceAssessment): Finding {
  // An unconfigured verdict's facts are exactly the nodes where the resource is down.
  const nodes = r.facts.map((f) => f.node);
  const vars: Vars = { pair: c.pair, resource: r.resource, nodes: nodes.join(', '), facts: factsText(c, r) };
  return {
    ...base(c, r, 'warning', 'down'),
    title: text(c, 'title-down', vars),
    summary: text(c, 'summary-down', vars),
    steps: steps(c, 'steps-down', vars),
  };
}

/** Every finding one resource deserves; a resync gets its own finding next to any other problem. */
export function drbdFindings(c: DrbdContext, r: DrbdResourceAssessment): Finding[] {
  const out: Finding[] = [];
  if (r.verdict === 'split-brain') out.push(splitBrainFinding(c, r));
  else if (r.verdict === 'quorum-lost') out.push(quorumFinding(c, r));
  else if (r.verdict === 'unconfigured') out.push(downFinding(c, r));
  else if (r.verdict === 'degraded') out.push(degradedFinding(c, r));
  if (r.sync.length && r.verdict !== 'split-brain') out.push(syncFinding(c, r));
  return out;
}
