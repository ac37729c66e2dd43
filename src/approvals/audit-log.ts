/**
 * The append-only, hash-chained audit log over the store's audit rows. Each entry's hash is
 * sha256(prevHash + canonical JSON of the entry without its hashes), so an edited, deleted or reordered
 * row breaks the chain at that row. Appends race optimistically on the next seq (primary key) and retry.
 */
import { OpsError } from '../core/errors.ts';
import { redactSecrets } from '../core/redact.ts';
import type { AuditRows } from '../store/audit-rows.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';
import type { AuditEntry, AuditLog } from './types.ts';

export const GENESIS = '0'.repeat(64);
const clip = (s: string | undefined, n: number) => (s === undefined ? undefined : s.slice(0, n));

export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  const { prevHash, ...body } = e;
  return sha256Hex(prevHash + canonicalJson(body));
}

export function createAuditLog(
  rows: AuditRows,
  opts: { knownSecrets?: () => Iterable<string | undefined>; now?: () => Date } = {},
): AuditLog {
  const now = opts.now ?? (() => new Date());
  return {
    async append(input) {
      const clean = redactSecrets(input, opts.knownSecrets?.() ?? []);
      // Columns are bounded; clip before hashing so what is stored is exactly what was hashed.
      const body = {
        actor: clip(clean.actor, 191) ?? '',
        via: clean.via,
        kind: clip(clean.kind, 64) ?? '',
        env: clip(clean.env, 64),
        target: clip(clean.target, 191),
        outcome: clip(clean.outcome, 4000) ?? '',
        detail:
          clean.detail === undefined
            ? undefined
            : (JSON.parse(canonicalJson(clean.detail)) as Record<string, unknown>),
      };
      for (let attempt = 0; attempt < 100; attempt++) {
        const tail = await rows.auditTail();
        const draft = {
          seq: (tail?.seq ?? 0) + 1,
          at: now().toISOString(),
          ...body,
          prevHash: tail?.hash ?? GENESIS,
        };
        const entry: AuditEntry = { ...draft, hash: entryHash(draft) };
        for (const k of ['env', 'target', 'detail'] as const) if (entry[k] === undefined) delete entry[k];
        if (await rows.auditInsert(entry)) return entry;
      }
      throw new OpsError('internal', 'audit append: too much contention');
    },
    list: (filter = {}) => rows.auditList(filter),
    async verify() {
      let prev = GENESIS;
      let expected = 1;
      for (;;) {
        const page = await rows.auditPage(expected - 1, 1000);
        if (page.length === 0) return { ok: true, entries: expected - 1 };
        for (const e of page) {
          if (e.seq !== expected)
            return {
              ok: false,
              entries: expected - 1,
              firstBad: expected,
              why: `entry ${expected} is missing`,
            };
          if (e.prevHash !== prev)
            return {
              ok: false,
              entries: expected - 1,
              firstBad: e.seq,
              why: `entry ${e.seq} does not follow ${e.seq - 1}`,
            };
          const { hash, ...rest } = e;
          if (entryHash(rest) !== hash)
            return { ok: false, entries: expected - 1, firstBad: e.seq, why: `entry ${e.seq} was edited` };
          prev = hash;
          expected++;
        }
      }
    },
  };
}
