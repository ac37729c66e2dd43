/**
 * The bot's own state, one interface over two engines: `node:sqlite` (one file, WAL; the default) and
 * MySQL/MariaDB (two replicas sharing state). Approvals and audit (src/approvals), assistant conversations
 * (src/assistant), watch state and leases (src/watch) all live here. Never the CloudStack database.
 */

/** A versioned JSON document; `revision` increases on every write and guards compare-and-set. */
export interface StoredDoc<T> {
  value: T;
  revision: number;
  updatedAt: string;
}

export interface StateStore {
  readonly engine: 'sqlite' | 'mysql';
  /** A JSON document by namespace + key (namespaces: 'request', 'conversation', 'watch', 'snooze', …). */
  get<T>(ns: string, key: string): Promise<StoredDoc<T> | undefined>;
  /**
   * Writes when the stored revision equals `expectedRevision` (0 = must not exist yet). Returns the new
   * revision, or `undefined` when someone else wrote first: the caller reloads and decides again.
   */
  put<T>(ns: string, key: string, value: T, expectedRevision: number): Promise<number | undefined>;
  /** Newest first by update time. */
  list<T>(
    ns: string,
    opts?: { limit?: number; prefix?: string },
  ): Promise<{ key: string; doc: StoredDoc<T> }[]>;
  delete(ns: string, key: string): Promise<void>;
  /**
   * A lease held by one replica at a time (watches): granted when free, expired, or already ours; renewing
   * extends it. Returns whether `holder` holds it now.
   */
  lease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
  close(): Promise<void>;
}
