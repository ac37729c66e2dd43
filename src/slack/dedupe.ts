/** Remembers recently seen event keys: Slack redelivers events it thinks were not acked in 3 s. */
export class RecentKeys {
  private readonly seenAt = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly max: number;

  constructor(ttlMs = 10 * 60_000, max = 5000) {
    this.ttlMs = ttlMs;
    this.max = max;
  }

  /** True when any key was seen within the TTL; otherwise records all keys and returns false. */
  seen(...keys: (string | undefined)[]): boolean {
    const now = Date.now();
    for (const [k, at] of this.seenAt) {
      // Map iterates in insertion order: stop at the first fresh entry.
      if (now - at < this.ttlMs && this.seenAt.size <= this.max) break;
      this.seenAt.delete(k);
    }
    const present = keys.filter((k): k is string => !!k);
    if (present.some((k) => this.seenAt.has(k))) return true;
    for (const k of present) this.seenAt.set(k, now);
    return false;
  }
}
