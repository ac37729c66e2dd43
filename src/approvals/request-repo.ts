/**
 * Loading and changing stored requests. Every change is a pure function of the freshly loaded request,
 * written with compare-and-set; on a lost race the request is reloaded and the function decides again,
 * so a transition is never applied to a stale copy. Events go out only after the write succeeded.
 */
import { OpsError } from '../core/errors.ts';
import type { ApprovalDeps } from './deps.ts';
import type { Actor, ApprovalEvent, ApprovalRequest } from './types.ts';

export const NS = 'request';
const ID = /^req-[0-9a-f]{16}$/;

export const isRequestId = (id: string): boolean => ID.test(id);

export async function loadRequest(d: ApprovalDeps, id: string): Promise<ApprovalRequest | undefined> {
  if (!isRequestId(id)) return undefined;
  const doc = await d.store.get<ApprovalRequest>(NS, id);
  // The row's revision is the truth; a revision inside the JSON is only a copy.
  return doc ? { ...doc.value, revision: doc.revision } : undefined;
}

/** A change: the next state and its event, or a refusal carried back to the caller unchanged. */
export type Change<R> =
  | { next: ApprovalRequest; event: ApprovalEvent; result: R; by?: Actor; detail?: Record<string, unknown> }
  | { refuse: R };

export async function changeRequest<R>(
  d: ApprovalDeps,
  id: string,
  decide: (current: ApprovalRequest) => Promise<Change<R>> | Change<R>,
  onMissing: () => R,
): Promise<R> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const current = await loadRequest(d, id);
    if (!current) return onMissing();
    const c = await decide(current);
    if ('refuse' in c) return c.refuse;
    const next = { ...c.next, revision: current.revision + 1 };
    const rev = await d.store.put(NS, id, next, current.revision);
    if (rev === undefined) continue;
    await d.emit(next, c.event, c.by, c.detail);
    return c.result;
  }
  throw new OpsError('internal', `request ${id}: too many concurrent writers`);
}
