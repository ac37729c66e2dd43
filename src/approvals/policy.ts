/**
 * Approval policy, pure: who may request a change, how many distinct approvers it needs and from which
 * pool, and whether a given person may approve. A non-read tool never resolves to "run now": the best
 * answer for a mutation is `needs(n ≥ 1)`. Policy may raise a tool's risk, never lower it.
 */
import type { Actor, RiskClass } from './types.ts';

export interface ApprovalPolicy {
  /** Slack user ids (U…) or user-group ids (S…) allowed to request mutations. */
  requesters: string[];
  approvers: { mutate: string[]; destructive: string[] };
  /** A requester never approves their own request (default true). */
  fourEyes: boolean;
  expiryMinutes: number;
  /** Per-tool risk raised by the operator (e.g. reboot_vm → destructive on production). */
  raise: Record<string, 'mutate' | 'destructive'>;
}

export type IsMember = (user: string, group: string) => Promise<boolean>;

export type PolicyDecision =
  | { kind: 'deny'; reason: string }
  | { kind: 'needs'; n: number; pool: string[]; risk: Exclude<RiskClass, 'read'> };

const RANK: Record<RiskClass, number> = { read: 0, mutate: 1, destructive: 2 };
/** Distinct approvers per class. */
const QUORUM = { mutate: 1, destructive: 2 } as const;
/** Only a click in Slack carries an identity Slack has vouched for; CLI `--as`, MCP and the model do not. */
const APPROVE_VIA: ReadonlySet<Actor['via']> = new Set(['slack']);

export const maxRisk = (a: RiskClass, b: RiskClass): RiskClass => (RANK[a] >= RANK[b] ? a : b);

export const isBotActor = (a: Actor): boolean => a.user === 'bot' || a.via === 'watch';

/** True when `user` is listed directly or is in a listed user group (S…). */
export async function inPool(user: string, pool: readonly string[], isMember: IsMember): Promise<boolean> {
  if (pool.includes(user)) return true;
  for (const g of pool) if (g.startsWith('S') && (await isMember(user, g))) return true;
  return false;
}

/** The effective risk of a set of steps: the highest declared or raised risk among them. */
export function effectiveRisk(
  steps: readonly { tool: string; risk: RiskClass }[],
  policy: ApprovalPolicy,
): RiskClass {
  let risk: RiskClass = 'read';
  for (const s of steps)
    risk = maxRisk(
      risk,
      maxRisk(s.risk, (Object.hasOwn(policy.raise, s.tool) && policy.raise[s.tool]) || 'read'),
    );
  return risk;
}

/** May `actor` request this change, and what must happen before it runs? */
export async function requestPolicy(
  risk: RiskClass,
  actor: Actor,
  policy: ApprovalPolicy | undefined,
  isMember: IsMember,
): Promise<PolicyDecision> {
  if (!policy) return { kind: 'deny', reason: 'no approval policy is configured for this environment' };
  // A read-only request is still a request: it needs the same approval as the lowest mutating class.
  const cls = risk === 'destructive' ? 'destructive' : 'mutate';
  const pool = policy.approvers[cls];
  if (pool.length === 0) return { kind: 'deny', reason: `nobody is configured to approve ${cls} actions` };
  if (!(await inPool(actor.user, policy.requesters, isMember)))
    return { kind: 'deny', reason: `${actor.user} may not request changes` };
  return { kind: 'needs', n: QUORUM[cls], pool: [...pool], risk: cls };
}

/** May `approver` add an approval to a request with this risk, requester and existing approvals? */
export async function approvalPolicy(
  p: { risk: RiskClass; requester: Actor; approvals: readonly { user: string }[] },
  approver: Actor,
  policy: ApprovalPolicy | undefined,
  isMember: IsMember,
): Promise<
  | { ok: true; required: number }
  | { ok: false; code: 'not_allowed' | 'self_approval' | 'already_approved_by_you'; reason: string }
> {
  if (!policy)
    return {
      ok: false,
      code: 'not_allowed',
      reason: 'no approval policy is configured for this environment',
    };
  if (isBotActor(approver))
    return { ok: false, code: 'not_allowed', reason: 'the bot and watches never approve' };
  if (!APPROVE_VIA.has(approver.via))
    return {
      ok: false,
      code: 'not_allowed',
      reason: `approvals are given in Slack, not via ${approver.via}`,
    };
  const cls = p.risk === 'destructive' ? 'destructive' : 'mutate';
  if (policy.fourEyes && approver.user === p.requester.user)
    return {
      ok: false,
      code: 'self_approval',
      reason: 'four-eyes: the requester cannot approve their own request',
    };
  if (p.approvals.some((a) => a.user === approver.user))
    return { ok: false, code: 'already_approved_by_you', reason: 'you already approved this request' };
  if (!(await inPool(approver.user, policy.approvers[cls], isMember)))
    return { ok: false, code: 'not_allowed', reason: `${approver.user} may not approve ${cls} actions` };
  return { ok: true, required: QUORUM[cls] };
}
