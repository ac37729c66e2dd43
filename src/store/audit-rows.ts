/**
 * The audit table as the engines expose it: raw, append-only rows. The hash chain itself is computed in
 * src/approvals/audit-log.ts, so both engines share one definition of what an entry's hash covers.
 */
import type { AuditEntry } from '../approvals/types.ts';
import type { StateStore } from './types.ts';

export interface AuditFilter {
  limit?: number;
  actor?: string;
  target?: string;
  kind?: string;
  /** Only entries older than this seq (paging back through one target's history). */
  beforeSeq?: number;
}

export interface AuditRows {
  /** The newest row's seq and hash, or undefined for an empty log. */
  auditTail(): Promise<{ seq: number; hash: string } | undefined>;
  /** Inserts when `seq` is still free; false when another writer took it first (the caller rebuilds). */
  auditInsert(entry: AuditEntry): Promise<boolean>;
  /** Newest first. */
  auditList(filter: AuditFilter): Promise<AuditEntry[]>;
  /** Oldest first, `limit` rows with seq > afterSeq (for verification in pages). */
  auditPage(afterSeq: number, limit: number): Promise<AuditEntry[]>;
}

/** What the bot opens: the versioned documents, the leases and the audit rows in one database. */
export type BotStore = StateStore & AuditRows;

export interface AuditRowShape {
  seq: number | string;
  at: string;
  actor: string;
  via: string;
  kind: string;
  env: string | null;
  target: string | null;
  outcome: string;
  detail: string | null;
  prev_hash: string;
  hash: string;
  mac?: string | null;
}

export const rowToEntry = (r: AuditRowShape): AuditEntry => ({
  seq: Number(r.seq),
  at: r.at,
  actor: r.actor,
  via: r.via as AuditEntry['via'],
  kind: r.kind,
  ...(r.env === null ? {} : { env: r.env }),
  ...(r.target === null ? {} : { target: r.target }),
  outcome: r.outcome,
  ...(r.detail === null ? {} : { detail: JSON.parse(r.detail) as Record<string, unknown> }),
  prevHash: r.prev_hash,
  hash: r.hash,
  ...(r.mac === null || r.mac === undefined ? {} : { mac: r.mac }),
});

export const entryToParams = (e: AuditEntry) => [
  e.seq,
  e.at,
  e.actor,
  e.via,
  e.kind,
  e.env ?? null,
  e.target ?? null,
  e.outcome,
  e.detail === undefined ? null : JSON.stringify(e.detail),
  e.prevHash,
  e.hash,
  e.mac ?? null,
];

/** Builds the WHERE clause for list filters; values go as parameters, never into the SQL text. */
export function auditWhere(f: AuditFilter): { sql: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  if (f.actor !== undefined) {
    parts.push('actor = ?');
    params.push(f.actor);
  }
  if (f.target !== undefined) {
    parts.push('target = ?');
    params.push(f.target);
  }
  if (f.kind !== undefined) {
    parts.push('kind = ?');
    params.push(f.kind);
  }
  if (f.beforeSeq !== undefined && Number.isSafeInteger(f.beforeSeq)) {
    parts.push('seq < ?');
    params.push(f.beforeSeq);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export const boundedLimit = (n: number | undefined, dflt: number): number =>
  Math.max(1, Math.min(Math.trunc(n ?? dflt), 10_000));
