/**
 * Signatures that someone with write access to the store cannot make: HMAC-SHA256 with the audit key
 * (audit-key.ts) over canonical JSON, one purpose label per kind of thing signed, so a signature of one
 * kind can never be replayed as another. A request row is signed as a whole (every field, revision
 * included) and each approval or resume vote on its own, bound to the request's input and binding hashes.
 * Without a key nothing is signed and nothing mutating may be requested (create.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson, sha256Hex } from './canonical.ts';
import type { ApprovalRequest } from './types.ts';

export type Vote = { user: string; at: string; sig?: string };

export interface Integrity {
  readonly enabled: boolean;
  mac(purpose: string, value: unknown): string | undefined;
  /** Constant-time check; false when no key is configured (nothing can be verified then). */
  check(purpose: string, value: unknown, sig: unknown): boolean;
}

export function createIntegrity(key: Buffer | undefined): Integrity {
  const mac = (purpose: string, value: unknown) =>
    key === undefined
      ? undefined
      : createHmac('sha256', key)
          .update(`${purpose}\n${canonicalJson(value)}`, 'utf8')
          .digest('hex');
  return {
    enabled: key !== undefined,
    mac,
    check(purpose, value, sig) {
      const want = mac(purpose, value);
      if (want === undefined || typeof sig !== 'string' || sig.length !== want.length) return false;
      return timingSafeEqual(Buffer.from(want), Buffer.from(sig));
    },
  };
}

/**
 * What decides whether a request may run and never changes after creation: who asked, where, the pool,
 * the expiry, the policy in force then. Its hash is stored with the request and checked like the input hash.
 */
export function requestBindingHash(r: ApprovalRequest): string {
  return sha256Hex(
    canonicalJson({
      id: r.id,
      env: r.env,
      inputHash: r.inputHash,
      requester: { user: r.requester.user, via: r.requester.via },
      origin: { env: r.origin.env, channel: r.origin.channel, threadTs: r.origin.threadTs },
      approverPool: r.approverPool,
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
      policyVersion: r.policyVersion,
    }),
  );
}

const voteBody = (r: ApprovalRequest, round: 'approve' | 'resume', v: Vote) => ({
  request: r.id,
  inputHash: r.inputHash,
  bindingHash: r.bindingHash,
  round,
  user: v.user,
  at: v.at,
});

/** A vote signed for this request, this round and this person. */
export const signVote = (i: Integrity, r: ApprovalRequest, round: 'approve' | 'resume', v: Vote): Vote => {
  const sig = i.mac('vote', voteBody(r, round, v));
  return sig === undefined ? { user: v.user, at: v.at } : { user: v.user, at: v.at, sig };
};

const rowBody = (r: ApprovalRequest) => {
  const { sig: _sig, ...rest } = r;
  return rest;
};

/** The stored row with its signature (computed last, over everything else). */
export function signRequest(i: Integrity, r: ApprovalRequest): ApprovalRequest {
  const { sig: _old, ...rest } = r;
  const sig = i.mac('request', rest);
  return sig === undefined ? rest : { ...rest, sig };
}

/**
 * Why a stored request cannot be trusted, or undefined. `storedRevision` is the row's revision column: a
 * signed copy of an older revision put back (a rollback) does not match it.
 */
export function integrityProblem(
  i: Integrity,
  r: ApprovalRequest,
  storedRevision: number,
): string | undefined {
  if (!i.enabled) return undefined;
  if (!i.check('request', rowBody(r), r.sig))
    return 'its signature does not verify: the stored request was written outside the bot';
  if (r.revision !== storedRevision) return 'its revision does not match the row: an older copy was put back';
  for (const [round, votes] of [
    ['approve', r.approvals],
    ['resume', r.resumeApprovals ?? []],
  ] as const)
    for (const v of votes as Vote[])
      if (!i.check('vote', voteBody(r, round, v), v.sig))
        return `the ${round === 'approve' ? 'approval' : 'resume'} by ${String(v.user).slice(0, 40)} carries no valid signature`;
  return undefined;
}
