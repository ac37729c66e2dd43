/** One-line texts about a plan's progress, shared by the executor, Stop and recovery. */
import type { ApprovalRequest } from './types.ts';

/** "not run: steps 3–5 (stop web03; …)" or "nothing left". */
export function leftText(r: Pick<ApprovalRequest, 'steps'>): string {
  const left = r.steps.flatMap((s, i) => (s.status === 'pending' ? [{ n: i + 1, label: s.label }] : []));
  if (left.length === 0) return 'nothing left to run';
  const labels = left
    .slice(0, 5)
    .map((l) => l.label)
    .join('; ');
  return `not run: step${left.length > 1 ? 's' : ''} ${left.map((l) => l.n).join(', ')} (${labels}${left.length > 5 ? '; …' : ''})`;
}
