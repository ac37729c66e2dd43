/**
 * Runs an approved plan: N steps at a time (the plan's concurrency), each one re-checked right before it
 * runs (request still bound to its hash, still `running`, pre-check still true), marked `in_progress` in
 * the store BEFORE the tool is called, run through the registry's privileged door with a one-step grant,
 * verified, and marked complete/error. A failed step stops the plan and says what is left. The run holds
 * a lease per request, so a second replica (or crash recovery) never touches a plan a live replica runs.
 */
import { describeError } from '../core/errors.ts';
import { boundProblem } from './bound.ts';
import type { ApprovalDeps } from './deps.ts';
import { claimGrantMinter } from './grant.ts';
import { quorumProblem, resumeQuorumProblem } from './quorum.ts';
import { changeRequest, loadChecked, loadRequest } from './request-repo.ts';
import { leftText } from './summary.ts';
import type { ApprovalRequest, StepState } from './types.ts';

// Claimed once at load: from here on no other module can mint a grant (see grant.ts).
const mint = claimGrantMinter();
const SYSTEM = { user: 'bot', via: 'watch' as const, name: 'executor' };

export const leaseName = (id: string) => `run:${id}`;

export function createExecutor(d: ApprovalDeps) {
  /** Writes one step's new state onto the freshly loaded request; refuses when `guard` no longer holds. */
  const setStep = (
    id: string,
    i: number,
    patch: Partial<StepState>,
    guard: (r: ApprovalRequest) => boolean,
    started: boolean,
  ) =>
    changeRequest<boolean>(
      d,
      id,
      (cur) => {
        if (!guard(cur)) return { refuse: false };
        const steps = cur.steps.map((s, j) => (j === i ? { ...s, ...patch } : s));
        const step = steps[i]!;
        return {
          next: { ...cur, status: cur.status === 'approved' ? 'running' : cur.status, steps },
          event: started ? 'step_started' : 'step_finished',
          by: SYSTEM,
          detail: {
            step: i + 1,
            tool: step.tool,
            input: step.input,
            status: step.status,
            result: step.result,
          },
          result: true,
        };
      },
      () => false,
    );

  const isLive = (r: ApprovalRequest) => r.status === 'running' || r.status === 'approved';

  /** Runs one step; what happened is in the store, where the loop's next round reads it. */
  async function runStep(req: ApprovalRequest, i: number): Promise<void> {
    const step = req.steps[i]!;
    const tool = d.registry.get(step.tool)!;
    const ctx = { ...d.contextFor(req.env), record: () => {} };
    let pre: { ok: boolean; text: string } | undefined;
    if (tool.precheck) {
      try {
        pre = await tool.precheck(step.input, ctx);
      } catch (e) {
        pre = { ok: false, text: `pre-check could not run: ${describeError(e)}` };
      }
    }
    const at = () => d.now().toISOString();
    if (pre && !pre.ok) {
      await setStep(
        req.id,
        i,
        { status: 'skipped', result: `cancelled: ${pre.text}`, finishedAt: at() },
        (r) => r.steps[i]?.status === 'pending',
        false,
      );
      return;
    }
    // In the store before the call: a crash from here on leaves a step that recovery marks `unknown`.
    const claimed = await setStep(
      req.id,
      i,
      { status: 'in_progress', startedAt: at() },
      (r) => isLive(r) && r.steps[i]?.status === 'pending' && r.inputHash === req.inputHash,
      true,
    );
    if (!claimed) return; // stopped, edited or no longer live: the next round sees why
    const env = await d.registry.execute(step.tool, step.input, ctx, mint(req.id, step.tool, step.input));
    let outcome: { status: 'complete' | 'error'; result: string };
    if (env.status === 'error') outcome = { status: 'error', result: env.error?.message ?? env.summary };
    else if (!tool.verify) outcome = { status: 'complete', result: env.summary };
    else {
      try {
        const v = await tool.verify(step.input, env.data, ctx);
        outcome = v.ok
          ? { status: 'complete', result: `${env.summary}; verified: ${v.text}` }
          : { status: 'error', result: `verification failed: ${v.text}` };
      } catch (e) {
        outcome = {
          status: 'error',
          result: `ran (${env.summary}) but could not verify: ${describeError(e)}`,
        };
      }
    }
    await setStep(
      req.id,
      i,
      { ...outcome, result: outcome.result.slice(0, 500), finishedAt: at() },
      () => true,
      false,
    );
  }

  /** Ends the plan: done when every step completed, failed otherwise, with what is left. */
  const finish = (id: string, failedReason?: string) =>
    changeRequest<ApprovalRequest | undefined>(
      d,
      id,
      (cur) => {
        if (!isLive(cur)) return { refuse: cur };
        // A step whose outcome is unknown is no success: the plan it ends is failed, not done.
        const bad = cur.steps.findIndex(
          (s) => s.status === 'error' || s.status === 'skipped' || s.status === 'unknown',
        );
        const badStep = cur.steps[bad];
        // Error and skipped steps always carry their result; only an unknown one has none.
        const why =
          failedReason ?? (badStep ? `step ${bad + 1} ${badStep.result ?? 'outcome unknown'}` : undefined);
        const failed = why !== undefined;
        const next: ApprovalRequest = {
          ...cur,
          status: failed ? 'failed' : 'done',
          outcome: failed ? `${why}; ${leftText(cur)}` : `all ${cur.steps.length} steps complete`,
        };
        return { next, event: failed ? 'failed' : 'done', by: SYSTEM, result: next };
      },
      () => undefined,
    );

  async function loop(id: string, approvedHash: string): Promise<void> {
    for (;;) {
      const loaded = await loadChecked(d, id);
      if (!loaded) return;
      if (loaded.problem) {
        // A row that does not verify never gets a grant: changeRequest moves it to failed and audits why.
        await changeRequest(
          d,
          id,
          () => ({ refuse: undefined }),
          () => undefined,
        );
        return;
      }
      const cur = loaded.request;
      if (!isLive(cur)) return;
      const problem = d.mutationsOff
        ? d.mutationsOff
        : cur.inputHash === approvedHash
          ? (boundProblem(cur, d.registry) ??
            quorumProblem(cur, d.policyFor(cur.env)) ??
            resumeQuorumProblem(cur, d.policyFor(cur.env)))
          : 'the plan changed after it was approved';
      if (problem) {
        await finish(id, `refused before running: ${problem}`);
        return;
      }
      if (cur.steps.some((s) => s.status === 'error' || s.status === 'skipped' || s.status === 'unknown')) {
        await finish(id);
        return;
      }
      const next = cur.steps.flatMap((s, i) => (s.status === 'pending' ? [i] : [])).slice(0, cur.concurrency);
      if (next.length === 0) {
        await finish(id);
        return;
      }
      if (!(await d.store.lease(leaseName(id), d.holder, d.leaseMs))) return;
      // Each round reloads the plan, so a step halted by a Stop or an edit is seen there.
      await Promise.all(next.map((i) => runStep(cur, i)));
    }
  }

  /**
   * One run per request in this process. The run lease is re-entrant for this holder, so without this a
   * Resume while the stopped step is still in flight would start a second loop that runs the next step
   * beside it. A second call instead asks the live run to go round once more (it re-reads the status).
   */
  const active = new Map<string, { again?: string; done: Promise<ApprovalRequest> }>();

  /** Runs the plan, bound to the hash it was approved with, to its end (done / failed / paused); never rejects. */
  function run(id: string, approvedHash: string): Promise<ApprovalRequest> {
    const live = active.get(id);
    if (live) {
      live.again = approvedHash;
      return live.done;
    }
    const entry = {} as { again?: string; done: Promise<ApprovalRequest> };
    entry.done = (async () => {
      let hash: string | undefined = approvedHash;
      try {
        while (hash !== undefined) {
          entry.again = undefined;
          await runOnce(id, hash);
          hash = entry.again;
        }
      } finally {
        // Synchronous after the last check of `again`: no window in which a call is neither seen nor served.
        active.delete(id);
      }
      return (await loadRequest(d, id).catch(() => undefined)) as ApprovalRequest;
    })();
    active.set(id, entry);
    return entry.done;
  }

  async function runOnce(id: string, approvedHash: string): Promise<void> {
    let renew: NodeJS.Timeout | undefined;
    try {
      if (!(await d.store.lease(leaseName(id), d.holder, d.leaseMs))) return;
      renew = setInterval(
        () => {
          d.store.lease(leaseName(id), d.holder, d.leaseMs).catch(() => undefined);
        },
        Math.max(50, Math.floor(d.leaseMs / 3)),
      );
      renew.unref();
      await loop(id, approvedHash);
    } catch (e) {
      d.logger.error({ err: e, request: id }, 'plan execution stopped on an error');
      await finish(id, `stopped: ${describeError(e)}`).catch(() => undefined);
    } finally {
      if (renew) clearInterval(renew);
      await d.store.releaseLease(leaseName(id), d.holder).catch(() => undefined);
    }
  }

  return { run };
}
