/** Marks pending requests past their expiry as `expired` (and says so to subscribers). Approve checks expiry itself too. */
import type { ApprovalDeps } from './deps.ts';
import { changeRequest, NS } from './request-repo.ts';
import type { ApprovalRequest } from './types.ts';

const SYSTEM = { user: 'bot', via: 'watch' as const, name: 'expiry' };

export async function expireOverdue(d: ApprovalDeps): Promise<string[]> {
  const expired: string[] = [];
  const now = d.now().getTime();
  for (const { key, doc } of await d.store.list<ApprovalRequest>(NS, { limit: 10_000 })) {
    if (doc.value.status !== 'pending' || Date.parse(doc.value.expiresAt) > now) continue;
    const moved = await changeRequest<boolean>(
      d,
      key,
      (cur) =>
        cur.status === 'pending' && Date.parse(cur.expiresAt) <= now
          ? {
              next: { ...cur, status: 'expired', outcome: 'expired before enough approvals' },
              event: 'expired',
              by: SYSTEM,
              result: true,
            }
          : { refuse: false },
      () => false,
    );
    if (moved) expired.push(key);
  }
  return expired;
}
