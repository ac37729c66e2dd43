/** Accepted alerts are written here before the webhook gets its 2xx, and removed once the stream took them. */
import { createHash } from 'node:crypto';
import type { StateStore } from '../store/types.ts';
import type { WatchEvent } from '../watch/types.ts';

const NS = 'intake';

const keyOf = (e: WatchEvent) =>
  createHash('sha256')
    .update(JSON.stringify([e.env, e.source, e.subject, e.state, e.time]))
    .digest('hex');

/** Persists every event; a redelivery of the same alert (same key) is stored once. */
export async function enqueue(store: StateStore, events: WatchEvent[]): Promise<string[]> {
  const keys: string[] = [];
  for (const e of events) {
    const key = keyOf(e);
    await store.put(NS, key, e, 0);
    keys.push(key);
  }
  return keys;
}

export async function pending(store: StateStore): Promise<{ key: string; event: WatchEvent }[]> {
  const rows = await store.list<WatchEvent>(NS, { limit: 1000 });
  return rows.map((r) => ({ key: r.key, event: r.doc.value })).reverse();
}

export const done = (store: StateStore, key: string): Promise<void> => store.delete(NS, key);
