/**
 * Does the request's own record show enough approvals to run? Checked by the executor before every batch
 * and by resume: distinct approvers, none of them the requester under four-eyes, none the bot, at least
 * the quorum of the request's risk class. A record that does not show it never runs.
 */
import type { ApprovalPolicy } from './policy.ts';
import type { ApprovalRequest } from './types.ts';

export function quorumProblem(r: ApprovalRequest, policy: ApprovalPolicy | undefined): string | undefined {
  if (!policy) return 'no approval policy is configured for this environment';
  const users = new Set(r.approvals.map((a) => a.user));
  if (users.size !== r.approvals.length) return 'the same person is recorded twice as an approver';
  if (users.has('bot')) return 'the bot is recorded as an approver';
  if (policy.fourEyes && users.has(r.requester.user)) return 'the requester is recorded as an approver';
  const needed = Math.max(r.required, r.risk === 'destructive' ? 2 : 1);
  return users.size >= needed ? undefined : `${users.size} of ${needed} required approvals recorded`;
}

/**
 * A plan that was paused runs again only on its own quorum of resume votes (decide.ts `resume`): the
 * executor checks that the record shows it, with the same rules as the approvals themselves.
 */
export function resumeQuorumProblem(
  r: ApprovalRequest,
  policy: ApprovalPolicy | undefined,
): string | undefined {
  if (r.resumeApprovals === undefined) return undefined;
  const p = quorumProblem({ ...r, approvals: r.resumeApprovals }, policy);
  return p ? `resume: ${p}` : undefined;
}
