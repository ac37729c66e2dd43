/**
 * The proposed plan of a memory-cap finding: the setting change(s) as approvable actions, the per-VM stop/start,
 * and version notes. Output shape: `{ text, action?: { tool, input } }` per step, in order.
 */
import { compareVersions } from '../core/versions.ts';
import type { ClusterMemorySettings } from '../tools/memory/cluster-memory-settings.ts';
import type { Lang } from '../tools/types.ts';
import { restartSteps } from './memory-capped-evidence.ts';
import { type CauseScope, settingActions } from './memory-capped-scope.ts';
import { runbookSteps, runbookText } from './runbook-text.ts';
import type { ProposedStep } from './types.ts';

const ID = 'vm-memory-capped';

export interface CapPlanInput {
  scope: CauseScope;
  clusterNames: string[];
  settings: ClusterMemorySettings[];
  /** Affected VMs with the host each was seen on (the stop binds it). */
  vms: { vm: string; host?: string }[];
  /** A restart of the management server when CloudStack reads the key only at start (not dynamic). */
  managementRestart?: ProposedStep;
  version: string | undefined;
  key: string;
  vars: Record<string, string | number>;
  lang: Lang;
}

export function capPlan(p: CapPlanInput): ProposedStep[] {
  const legacy = p.scope === 'legacy-division';
  const steps: ProposedStep[] = runbookSteps(ID, legacy ? 'steps-legacy' : 'steps', p.lang, p.vars).map(
    (text) => ({ text }),
  );
  const actions = settingActions(p.scope, p.settings, p.key);
  if (steps[0]) steps[0].action = actions[0];
  for (const extra of actions.slice(1))
    steps.splice(1, 0, {
      text: `${extra.input.name} = ${extra.input.value} (${extra.input.scope} ${extra.input.scopeName ?? ''})`,
      action: extra,
    });
  if (p.scope === 'global' && p.settings.some((x) => x.overrideSource === 'api-difference'))
    steps.splice(1, 0, { text: runbookText(ID, 'step-api-difference', p.lang, { key: p.key }) });
  if (p.managementRestart) steps.splice(actions.length, 0, p.managementRestart);
  steps.push(...restartSteps(p.vms, p.lang));
  if (p.version && compareVersions(p.version, '4.16.0') >= 0 && compareVersions(p.version, '4.18.1') < 0)
    steps.push({ text: runbookText(ID, 'note-4.16', p.lang) });
  return steps;
}

/** Pending restart: the setting is already right, only stop/start remains. */
export function pendingPlan(
  vms: { vm: string; host?: string }[],
  vars: Record<string, string | number>,
  lang: Lang,
): ProposedStep[] {
  return [
    ...runbookSteps(ID, 'steps-pending', lang, vars).map((text) => ({ text })),
    ...restartSteps(vms, lang),
  ];
}
