/**
 * Turns a runbook finding's proposed steps into the ordered, approvable steps of one request: every step that
 * carries an action becomes `{tool, input, label}`, in the finding's order; prose-only steps stay prose. Pure,
 * so the exact plan a card shows (and the approvers bind) is what tests assert.
 */
import type { PlannedStep } from '../approvals/types.ts';
import type { Finding } from './types.ts';

export interface FindingPlan {
  title: string;
  steps: PlannedStep[];
  /** Runbook plans run one step at a time: each VM is back before the next one stops. */
  concurrency: number;
}

export function planFromFinding(finding: Finding): FindingPlan {
  const steps = finding.steps.flatMap((s): PlannedStep[] =>
    s.action ? [{ tool: s.action.tool, input: structuredClone(s.action.input), label: s.text }] : [],
  );
  return { title: finding.title, steps, concurrency: 1 };
}
