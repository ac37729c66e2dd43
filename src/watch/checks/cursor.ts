/** "Since the last run" for checks that read a history (OOM kills, CloudStack signals), kept in the store. */
import type { StateStore } from '../../store/types.ts';

const NS = 'watch_cursor';

/** The start of the last run whose events were all handed to the stream; undefined on the very first run. */
export async function readCursor(store: StateStore, key: string): Promise<string | undefined> {
  return (await store.get<{ since: string }>(NS, key))?.value.since;
}

/** Called only after the stream took every event of the run, so a crash in between re-reads, never skips. */
export async function writeCursor(store: StateStore, key: string, since: string): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const doc = await store.get<{ since: string }>(NS, key);
    if ((await store.put(NS, key, { since }, doc?.revision ?? 0)) !== undefined) return;
  }
}

/** `YYYY-MM-DD HH:MM:SS` (UTC) as listEvents and oom_kills take it, a minute early so clock skew loses nothing. */
export function sinceArg(iso: string): string {
  return new Date(Date.parse(iso) - 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** CloudStack prints `2026-11-29T04:12:00+0000`; Date.parse wants the colon in the offset. */
export function parseCloudStackTime(s: string): number {
  return Date.parse(s.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
}
