/**
 * The append-only, hash-chained audit log over the store's audit rows. Each entry's hash is
 * sha256(prevHash + canonical JSON of the entry without its hashes), so an edited, deleted or reordered
 * row breaks the chain at that row. Appends race optimistically on the next seq (primary key) and retry.
 * With the audit key (held outside the store) each row also carries an HMAC of its hash, and a signed head
 * (last seq + hash, in the store's `audit_head` document) is moved forward after every append, so a chain
 * rebuilt by someone who can write the database, or a log cut short at its tail, is named by verify().
 */
import { OpsError } from '../core/errors.ts';
import { redactSecrets } from '../core/redact.ts';
import type { AuditRows } from '../store/audit-rows.ts';
import type { StateStore } from '../store/types.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';
import { createIntegrity, type Integrity } from './integrity.ts';
import type { AuditEntry, AuditLog } from './types.ts';

export const GENESIS = '0'.repeat(64);
const HEAD_NS = 'audit_head';
const HEAD_KEY = 'head';
const clip = (s: string | undefined, n: number) => (s === undefined ? undefined : s.slice(0, n));

/** Where the log ends, as last written: `firstSigned` is the first seq written with the key. */
interface AuditHead {
  seq: number;
  hash: string;
  firstSigned?: number;
  mac?: string;
}

export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  const { prevHash, mac: _mac, ...body } = e;
  return sha256Hex(prevHash + canonicalJson(body));
}

const headBody = (h: AuditHead) => ({ seq: h.seq, hash: h.hash, firstSigned: h.firstSigned ?? null });

export function createAuditLog(
  rows: AuditRows & Pick<StateStore, 'get' | 'put'>,
  opts: { knownSecrets?: () => Iterable<string | undefined>; now?: () => Date; integrity?: Integrity } = {},
): AuditLog {
  const now = opts.now ?? (() => new Date());
  const integrity = opts.integrity ?? createIntegrity(undefined);

  /** Moves the head forward to `e` (never back): the lower bound verify() holds the log to. */
  async function advanceHead(e: AuditEntry): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const cur = await rows.get<AuditHead>(HEAD_NS, HEAD_KEY);
      if (cur && cur.value.seq >= e.seq) return;
      const firstSigned = cur?.value.firstSigned ?? (e.mac ? e.seq : undefined);
      const head: AuditHead = { seq: e.seq, hash: e.hash, ...(firstSigned ? { firstSigned } : {}) };
      const mac = integrity.mac('audit-head', headBody(head));
      if (
        (await rows.put(HEAD_NS, HEAD_KEY, mac ? { ...head, mac } : head, cur?.revision ?? 0)) !== undefined
      )
        return;
    }
    throw new OpsError('internal', 'audit head: too much contention');
  }

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
        const hash = entryHash(draft);
        const mac = integrity.mac('audit', hash);
        const entry: AuditEntry = { ...draft, hash, ...(mac ? { mac } : {}) };
        for (const k of ['env', 'target', 'detail'] as const) if (entry[k] === undefined) delete entry[k];
        if (await rows.auditInsert(entry)) {
          await advanceHead(entry);
          return entry;
        }
      }
      throw new OpsError('internal', 'audit append: too much contention');
    },
    list: (filter = {}) => rows.auditList(filter),
    async verify() {
      const headDoc = await rows.get<AuditHead>(HEAD_NS, HEAD_KEY);
      const head = headDoc?.value;
      if (head && integrity.enabled && !integrity.check('audit-head', headBody(head), head.mac))
        return {
          ok: false,
          entries: 0,
          firstBad: head.seq,
          why: 'the signed head of the log does not verify',
        };
      let prev = GENESIS;
      let expected = 1;
      let anySigned = false;
      const signedFrom = head?.firstSigned ?? Number.POSITIVE_INFINITY;
      const bad = (firstBad: number, why: string) => ({
        ok: false as const,
        entries: expected - 1,
        firstBad,
        why,
      });
      for (;;) {
        const page = await rows.auditPage(expected - 1, 1000);
        if (page.length === 0) break;
        for (const e of page) {
          if (e.seq !== expected) return bad(expected, `entry ${expected} is missing`);
          if (e.prevHash !== prev) return bad(e.seq, `entry ${e.seq} does not follow ${e.seq - 1}`);
          const { hash, ...rest } = e;
          if (entryHash(rest) !== hash) return bad(e.seq, `entry ${e.seq} was edited`);
          if (e.mac !== undefined) anySigned = true;
          if (integrity.enabled && e.seq >= signedFrom && !integrity.check('audit', hash, e.mac))
            return bad(
              e.seq,
              `entry ${e.seq} carries no valid signature (written or rebuilt outside the bot)`,
            );
          if (head && e.seq === head.seq && hash !== head.hash)
            return bad(e.seq, `entry ${e.seq} is not the one the head of the log recorded`);
          prev = hash;
          expected++;
        }
      }
      const entries = expected - 1;
      if (head && entries < head.seq)
        return bad(
          entries + 1,
          `the log ends at entry ${entries} but its head records ${head.seq}: entries were removed from the end`,
        );
      if (!head && entries > 0 && (anySigned || integrity.enabled))
        return bad(
          entries,
          'the signed head of the log is missing (never written with the audit key, or removed)',
        );
      const notes: string[] = [];
      if (!integrity.enabled) notes.push('signatures not checked: no audit key configured');
      else if (Number.isFinite(signedFrom) && signedFrom > 1)
        notes.push(`${signedFrom - 1} older entries predate the audit key (chain-checked only)`);
      else if (!Number.isFinite(signedFrom) && entries > 0) notes.push('no entry is signed yet');
      return {
        ok: true,
        entries,
        signed: integrity.enabled && Number.isFinite(signedFrom),
        ...(notes.length ? { note: notes.join('; ') } : {}),
      };
    },
  };
}
