/**
 * Waiting on an approval request's transitions (ApprovalService.subscribe) instead of polling it on a clock.
 * The deadline only turns a hang into a message naming what never happened; it is not what a test asserts.
 */
import type { ApprovalRequest, ApprovalService } from '../../src/approvals/types.ts';

type Status = ApprovalRequest['status'];

/** Long enough for a loaded 2-core machine; only names a hang. */
export const HANG_MS = 60_000;

export function withDeadline<T>(p: Promise<T>, what: string, ms = HANG_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`never happened: ${what}`)), ms);
    timer.unref();
  });
  return Promise.race([p, hang]).finally(() => clearTimeout(timer));
}

/** Resolves with the first request `match` accepts, looking now and on every transition from here on. */
export function firstRequest(
  approvals: ApprovalService,
  match: (r: ApprovalRequest) => boolean,
  now: () => Promise<ApprovalRequest | undefined>,
  what: string,
): Promise<ApprovalRequest> {
  return withDeadline(
    new Promise<ApprovalRequest>((resolve, reject) => {
      const off = approvals.subscribe((r) => {
        if (match(r)) {
          off();
          resolve(r);
        }
      });
      now().then((r) => {
        if (r && match(r)) {
          off();
          resolve(r);
        }
      }, reject);
    }),
    what,
  );
}

/** Resolves when request `id` is in one of `statuses` (checked now and on every transition). */
export const statusReached = (approvals: ApprovalService, id: string, statuses: Status[]) =>
  firstRequest(
    approvals,
    (r) => r.id === id && statuses.includes(r.status),
    () => approvals.get(id),
    `request ${id} reaches ${statuses.join('|')}`,
  );
