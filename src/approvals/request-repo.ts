/**
 * Loading and changing stored requests. Every change is a pure function of the freshly loaded request,
 * written with compare-and-set; on a lost race the request is reloaded and the function decides again,
 * so a transition is never applied to a stale copy. Events go out only after the write succeeded.
 * Every write is signed with the audit key and every load is checked: a row whose signature, revision or
 * votes do not verify is never decided on — it is moved to `failed` once (signed, audited as
 * `integrity_refused`) so nothing can ever run from it, and the caller gets its refusal.
 */
import { OpsError } from '../core/errors.ts';
import { entryHash } from './audit-log.ts';
import type { ApprovalDeps } from './deps.ts';
import { integrityProblem, signRequest } from './integrity.ts';
import { leftText } from './summary.ts';
import type { Actor, ApprovalEvent, ApprovalRequest } from './types.ts';

export const NS = 'request';
const ID = /^req-[0-9a-f]{16}$/;
const SYSTEM: Actor = { user: 'bot', via: 'watch', name: 'integrity' };
const FINAL = new Set(['done', 'failed', 'rejected', 'expired', 'cancelled']);

export const isRequestId = (id: string): boolean => ID.test(id);

/** The stored request and, when it cannot be trusted, why. */
export async function loadChecked(
  d: ApprovalDeps,
  id: string,
): Promise<{ request: ApprovalRequest; problem?: string } | undefined> {
  if (!isRequestId(id)) return undefined;
  const doc = await d.store.get<ApprovalRequest>(NS, id);
  if (!doc) return undefined;
  const problem =
    integrityProblem(d.integrity, doc.value, doc.revision) ?? (await rollbackProblem(d, id, doc.revision));
  // The row's revision is the truth; a revision inside the JSON is only a copy.
  const request = { ...doc.value, revision: doc.revision };
  return problem ? { request, problem } : { request };
}

/**
 * A signed row can still be an OLD signed row put back (say `approved` again after it ran). The audit log
 * records the revision of every transition in signed rows; one newer than the row gives it away.
 */
async function rollbackProblem(d: ApprovalDeps, id: string, revision: number): Promise<string | undefined> {
  if (!d.integrity.enabled) return undefined;
  // Newest first, paging back past refusals and any unsigned junk rows until a signed transition answers.
  let beforeSeq: number | undefined;
  for (;;) {
    const page = await d.audit.list({ target: id, limit: 50, ...(beforeSeq ? { beforeSeq } : {}) });
    for (const e of page) {
      const seen = e.detail?.revision;
      const { hash, ...rest } = e;
      if (typeof seen !== 'number' || !d.integrity.check('audit', hash, e.mac) || entryHash(rest) !== hash)
        continue;
      return seen > revision
        ? `the audit log records revision ${seen} but the row is at ${revision}: an older copy was put back`
        : undefined;
    }
    if (page.length < 50) return undefined;
    beforeSeq = page.at(-1)!.seq;
  }
}

export async function loadRequest(d: ApprovalDeps, id: string): Promise<ApprovalRequest | undefined> {
  return (await loadChecked(d, id))?.request;
}

/** Writes `next` signed, if the row is still at `expected`. */
export const putSigned = (d: ApprovalDeps, next: ApprovalRequest, expected: number) =>
  d.store.put(NS, next.id, signRequest(d.integrity, next), expected);

/** A change: the next state and its event, or a refusal carried back to the caller unchanged. */
export type Change<R> =
  | { next: ApprovalRequest; event: ApprovalEvent; result: R; by?: Actor; detail?: Record<string, unknown> }
  | { refuse: R };

/** Ends an untrusted request for good: status `failed`, signed, audited; its content is kept as evidence. */
async function quarantine(d: ApprovalDeps, current: ApprovalRequest, problem: string): Promise<void> {
  await d.audit.append({
    actor: SYSTEM.user,
    via: 'system',
    kind: 'integrity_refused',
    env: current.env,
    target: current.id,
    outcome: `refused: ${problem}`,
    detail: { status: String(current.status).slice(0, 20) },
  });
  if (FINAL.has(current.status)) return;
  const next: ApprovalRequest = {
    ...current,
    status: 'failed',
    revision: current.revision + 1,
    outcome: `refused before running: ${problem}; ${leftText(current)}`,
  };
  if ((await putSigned(d, next, current.revision)) !== undefined)
    await d.emit(next, 'failed', SYSTEM, { integrity: problem });
}

export async function changeRequest<R>(
  d: ApprovalDeps,
  id: string,
  decide: (current: ApprovalRequest) => Promise<Change<R>> | Change<R>,
  onMissing: () => R,
  onTampered: (why: string) => R = onMissing,
): Promise<R> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const loaded = await loadChecked(d, id);
    if (!loaded) return onMissing();
    const current = loaded.request;
    if (loaded.problem) {
      await quarantine(d, current, loaded.problem);
      return onTampered(loaded.problem);
    }
    const c = await decide(current);
    if ('refuse' in c) return c.refuse;
    const next = { ...c.next, revision: current.revision + 1 };
    const rev = await putSigned(d, next, current.revision);
    if (rev === undefined) continue;
    await d.emit(next, c.event, c.by, c.detail);
    return c.result;
  }
  throw new OpsError('internal', `request ${id}: too many concurrent writers`);
}
