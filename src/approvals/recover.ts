/**
 * Crash safety. A plan found `running` (or `approved` but not started) whose run lease nobody holds was
 * left by a dead process: it becomes `paused`, and a step that was `in_progress` becomes `unknown` —
 * never re-run blindly. An approver resumes it, which verifies the unknown step first (decide.ts).
 */
import type { ApprovalDeps } from './deps.ts';
import { leaseName } from './executor.ts';
import { changeRequest, NS } from './request-repo.ts';
import { leftText } from './summary.ts';
import type { ApprovalRequest } from './types.ts';

const SYSTEM = { user: 'bot', via: 'watch' as const, name: 'recovery' };

export async function recoverInterrupted(d: ApprovalDeps): Promise<string[]> {
  const paused: string[] = [];
  for (const { key, doc } of await d.store.list<ApprovalRequest>(NS, { limit: 10_000 })) {
    if (doc.value.status !== 'running' && doc.value.status !== 'approved') continue;
    // Just approved: the approving replica is about to take the run lease; give it a lease period to do so.
    if (doc.value.status === 'approved' && d.now().getTime() - Date.parse(doc.updatedAt) < d.leaseMs)
      continue;
    // A live replica renews this lease while it runs the plan; only a dead one's lease can be taken.
    if (!(await d.store.lease(leaseName(key), d.holder, d.leaseMs))) continue;
    try {
      const moved = await changeRequest<boolean>(
        d,
        key,
        (cur) => {
          if (cur.status !== 'running' && cur.status !== 'approved') return { refuse: false };
          const unknown = cur.steps.flatMap((s, i) => (s.status === 'in_progress' ? [i + 1] : []));
          const steps = cur.steps.map((s) =>
            s.status === 'in_progress'
              ? {
                  ...s,
                  status: 'unknown' as const,
                  result: 'outcome unknown: the bot stopped while this step ran; not re-run',
                }
              : s,
          );
          const next: ApprovalRequest = {
            ...cur,
            steps,
            status: 'paused',
            resumeApprovals: [],
            outcome: `paused after a restart${unknown.length ? `; outcome of step ${unknown.join(', ')} unknown` : ''}; ${leftText(cur)}`,
          };
          return { next, event: 'paused', by: SYSTEM, result: true };
        },
        () => false,
      );
      if (moved) paused.push(key);
    } finally {
      await d.store.releaseLease(leaseName(key), d.holder);
    }
  }
  return paused;
}
