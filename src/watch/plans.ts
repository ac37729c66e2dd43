/**
 * A proposed fix from an investigation becomes a "Run this plan" offer: the plan (steps exactly as the
 * finding proposed them) is stored under a random id and the button carries only that id. Clicking it files
 * an approval request like any other; nothing runs without a recorded approval.
 */
import { randomBytes } from 'node:crypto';
import type { PlannedStep } from '../approvals/types.ts';
import { planFromFinding } from '../runbooks/plan-from-finding.ts';
import type { Diagnosis } from '../runbooks/types.ts';
import type { StateStore } from '../store/types.ts';

export const PLAN_NS = 'watch_plan';

export interface OfferedPlan {
  env: string;
  title: string;
  steps: PlannedStep[];
}

/** Stores one offer per finding that has approvable steps; returns their ids and titles. */
export async function offerPlans(
  store: StateStore,
  d: Diagnosis,
  env: string,
): Promise<{ id: string; title: string }[]> {
  const out: { id: string; title: string }[] = [];
  for (const f of d.findings) {
    const plan = planFromFinding(f);
    if (!plan.steps.length) continue;
    const id = randomBytes(12).toString('base64url');
    await store.put<OfferedPlan>(PLAN_NS, id, { env, title: plan.title, steps: plan.steps }, 0);
    out.push({ id, title: plan.title });
  }
  return out;
}

export async function loadPlan(store: StateStore, id: string): Promise<OfferedPlan | undefined> {
  return (await store.get<OfferedPlan>(PLAN_NS, id))?.value;
}
