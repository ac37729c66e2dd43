/**
 * Human decisions on a stored request: approve, reject, stop, resume. Each one reloads the request,
 * re-checks that it is still exactly what was requested (schema + hash), re-checks the person against
 * the policy in force now AND the pool stored at creation, checks expiry, and then moves the state with
 * compare-and-set, so under any number of clicks and replicas a quorum is reached — and a run starts — once.
 */
import { describeError } from '../core/errors.ts';
import { boundProblem } from './bound.ts';
import type { ApprovalDeps } from './deps.ts';
import { signVote } from './integrity.ts';
import { approvalPolicy, effectiveRisk, inPool, isBotActor, maxRisk } from './policy.ts';
import { quorumProblem } from './quorum.ts';
import { type Change, changeRequest } from './request-repo.ts';
import { leftText } from './summary.ts';
import type { Actor, ApprovalRequest, DecisionResult, RiskClass } from './types.ts';

type Run = (id: string, approvedHash: string) => Promise<ApprovalRequest>;
type Fail = Extract<DecisionResult, { ok: false }>;
const fail = (code: Fail['code'], message: string, request?: ApprovalRequest): { refuse: Fail } => ({
  refuse: { ok: false, code, message, ...(request ? { request } : {}) },
});
const notFound = (): Fail => ({ ok: false, code: 'not_found', message: 'no such request' });

/** Runs `change` and turns a store failure into a closed door; refusals are audited too. */
async function guarded(
  d: ApprovalDeps,
  id: string,
  actor: Actor,
  what: string,
  change: (cur: ApprovalRequest) => Promise<Change<DecisionResult>>,
): Promise<DecisionResult> {
  let r: DecisionResult;
  try {
    r = await changeRequest(d, id, change, notFound, (why) => ({
      ok: false,
      code: 'tampered',
      message: `refused: ${why}`,
    }));
  } catch (e) {
    r = { ok: false, code: 'store_unavailable', message: `nothing was changed: ${describeError(e)}` };
  }
  if (!r.ok)
    await d.audit
      .append({
        actor: actor.user,
        via: actor.via,
        kind: `${what}_refused`,
        target: id.slice(0, 40),
        outcome: `${r.code}: ${r.message}`,
      })
      .catch((e) => d.logger.error({ err: e }, 'audit append failed'));
  return r;
}

/** The person may act as an approver on this request now: policy in force, stored pool, risk never lowered. */
async function checkApprover(
  d: ApprovalDeps,
  cur: ApprovalRequest,
  actor: Actor,
  opts: { approvalsSoFar: { user: string }[] },
): Promise<{ risk: RiskClass; required: number } | { refuse: Fail }> {
  // No audit key: nothing stored can be trusted to say who approved, so no decision moves a plan on.
  if (d.mutationsOff) return fail('not_allowed', d.mutationsOff, cur);
  const problem = boundProblem(cur, d.registry);
  if (problem) return fail('tampered', `refused: ${problem}`, cur);
  try {
    const policy = d.policyFor(cur.env);
    const risks = cur.steps.map((s) => ({ tool: s.tool, risk: d.registry.get(s.tool)!.risk }));
    const risk = maxRisk(cur.risk, policy ? effectiveRisk(risks, policy) : 'mutate');
    const v = await approvalPolicy(
      { risk, requester: cur.requester, approvals: opts.approvalsSoFar },
      actor,
      policy,
      d.isMember,
    );
    if (!v.ok) return fail(v.code, v.reason, cur);
    if (!(await inPool(actor.user, cur.approverPool, d.isMember)))
      return fail('not_allowed', `${actor.user} was not among this request's approvers`, cur);
    return { risk, required: Math.max(cur.required, v.required) };
  } catch (e) {
    return fail('not_allowed', `could not check the approver: ${describeError(e)}`, cur);
  }
}

const expiredNow = (d: ApprovalDeps, r: ApprovalRequest) => d.now().getTime() >= Date.parse(r.expiresAt);

export function approve(d: ApprovalDeps, id: string, approver: Actor, run: Run) {
  return guarded(d, id, approver, 'approval', async (cur) => {
    if (cur.status === 'expired') return fail('expired', 'this request has expired', cur);
    if (cur.status !== 'pending')
      return fail('already_decided', `this request is already ${cur.status}`, cur);
    if (expiredNow(d, cur)) {
      const next = { ...cur, status: 'expired' as const, outcome: 'expired before enough approvals' };
      return {
        next,
        event: 'expired',
        result: { ok: false, code: 'expired', message: 'this request has expired', request: next },
      };
    }
    const c = await checkApprover(d, cur, approver, { approvalsSoFar: cur.approvals });
    if ('refuse' in c) return c;
    const vote = signVote(d.integrity, cur, 'approve', { user: approver.user, at: d.now().toISOString() });
    const approvals = [...cur.approvals, vote];
    const done = approvals.length >= c.required;
    const next: ApprovalRequest = {
      ...cur,
      risk: c.risk,
      required: c.required,
      approvals,
      status: done ? 'approved' : 'pending',
    };
    return {
      next,
      event: done ? 'approved' : 'approval_added',
      by: approver,
      result: { ok: true, request: next },
    };
  }).then((r) => startIf(r, 'approved', run));
}

/** Only the one write that moved the request into `status` comes back ok with it: that caller starts the run. */
function startIf(r: DecisionResult, status: 'approved' | 'running', run: Run): DecisionResult {
  return r.ok && r.request.status === status
    ? { ...r, execution: run(r.request.id, r.request.inputHash) }
    : r;
}

/** Requester or anyone in the stored approver pool may turn a request down or stop it; never the bot. */
async function mayDecline(d: ApprovalDeps, cur: ApprovalRequest, actor: Actor): Promise<boolean> {
  if (isBotActor(actor)) return false;
  if (actor.user === cur.requester.user) return true;
  return inPool(actor.user, cur.approverPool, d.isMember).catch(() => false);
}

export function reject(d: ApprovalDeps, id: string, actor: Actor, reason?: string) {
  return guarded(d, id, actor, 'rejection', async (cur) => {
    if (cur.status !== 'pending' && cur.status !== 'paused')
      return fail(
        cur.status === 'expired' ? 'expired' : 'already_decided',
        `this request is already ${cur.status}`,
        cur,
      );
    if (!(await mayDecline(d, cur, actor)))
      return fail('not_allowed', `${actor.user} may not reject this request`, cur);
    const why = reason?.slice(0, 500);
    const next: ApprovalRequest = {
      ...cur,
      status: 'rejected',
      decision: { by: actor.user, at: d.now().toISOString(), ...(why ? { reason: why } : {}) },
      outcome: `rejected by ${actor.user}${why ? `: ${why}` : ''}${cur.status === 'paused' ? `; ${leftText(cur)}` : ''}`,
    };
    return { next, event: 'rejected', by: actor, result: { ok: true, request: next } };
  });
}

export function stop(d: ApprovalDeps, id: string, actor: Actor) {
  return guarded(d, id, actor, 'stop', async (cur) => {
    if (!(await mayDecline(d, cur, actor)))
      return fail('not_allowed', `${actor.user} may not stop this request`, cur);
    const at = d.now().toISOString();
    if (cur.status === 'pending') {
      const next: ApprovalRequest = {
        ...cur,
        status: 'cancelled',
        decision: { by: actor.user, at },
        outcome: `cancelled by ${actor.user}`,
      };
      return { next, event: 'cancelled', by: actor, result: { ok: true, request: next } };
    }
    if (cur.status !== 'running' && cur.status !== 'approved')
      return fail('already_decided', `this request is already ${cur.status}`, cur);
    // The executor re-reads the status before every step and halts on anything but running.
    const next: ApprovalRequest = {
      ...cur,
      status: 'paused',
      resumeApprovals: [],
      decision: { by: actor.user, at, reason: 'stop' },
      outcome: `stopped by ${actor.user}; ${leftText(cur)}`,
    };
    return { next, event: 'paused', by: actor, result: { ok: true, request: next } };
  });
}

/**
 * A Resume is a vote, counted like an approval: the plan runs again only once as many distinct approvers
 * as its risk needs (2 for destructive) said so for this pause — each one in the pool now and stored,
 * never the requester under four-eyes, never the bot, only from Slack. Whoever stopped the plan may be one
 * of them. At the quorum every `unknown` step is verified (never re-run), then the executor takes over.
 */
export function resume(d: ApprovalDeps, id: string, approver: Actor, run: Run) {
  return guarded(d, id, approver, 'resume', async (cur) => {
    if (cur.status !== 'paused')
      return fail('already_decided', `this request is ${cur.status}, not paused`, cur);
    const votes = cur.resumeApprovals ?? [];
    const c = await checkApprover(d, cur, approver, { approvalsSoFar: votes });
    if ('refuse' in c) return c;
    const quorum = quorumProblem({ ...cur, risk: c.risk, required: c.required }, d.policyFor(cur.env));
    if (quorum) return fail('not_allowed', `cannot resume: ${quorum}`, cur);
    const at = d.now().toISOString();
    const resumeApprovals = [...votes, signVote(d.integrity, cur, 'resume', { user: approver.user, at })];
    if (resumeApprovals.length < c.required) {
      const next: ApprovalRequest = {
        ...cur,
        risk: c.risk,
        required: c.required,
        resumeApprovals,
        outcome: `resume: ${resumeApprovals.length} of ${c.required} approvals (${resumeApprovals.map((a) => a.user).join(', ')}); ${leftText(cur)}`,
      };
      return {
        next,
        event: 'approval_added',
        by: approver,
        detail: { resume: true, votes: resumeApprovals.length, required: c.required },
        result: { ok: true, request: next },
      };
    }
    const steps = [...cur.steps];
    for (const [i, s] of steps.entries()) {
      if (s.status !== 'unknown') continue;
      const tool = d.registry.get(s.tool)!;
      let v: { ok: boolean; text: string } = { ok: false, text: 'the tool declares no verification' };
      try {
        if (tool.verify)
          v = await tool.verify(s.input, undefined as never, { ...d.contextFor(cur.env), record: () => {} });
      } catch (e) {
        v = { ok: false, text: `verification could not run: ${describeError(e)}` };
      }
      if (!v.ok) {
        const next: ApprovalRequest = {
          ...cur,
          resumeApprovals,
          status: 'failed',
          decision: { by: approver.user, at, reason: 'resume' },
          outcome: `step ${i + 1} outcome unknown and not verified (${v.text}); nothing re-run; ${leftText(cur)}`,
        };
        return { next, event: 'failed', by: approver, result: { ok: true, request: next } };
      }
      steps[i] = { ...s, status: 'complete', result: `verified after restart: ${v.text}` };
    }
    const { outcome: _paused, ...rest } = cur;
    const next: ApprovalRequest = {
      ...rest,
      risk: c.risk,
      required: c.required,
      steps,
      resumeApprovals,
      status: 'running',
      decision: { by: approver.user, at, reason: 'resume' },
    };
    return {
      next,
      event: 'approved',
      by: approver,
      detail: { resume: true, resumedBy: resumeApprovals.map((a) => a.user) },
      result: { ok: true, request: next },
    };
  }).then((r) => startIf(r, 'running', run));
}
