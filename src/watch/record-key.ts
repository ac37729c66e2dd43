/** The store key of a problem: readable when short, hashed when outside text would make it too long. */
import { createHash } from 'node:crypto';
import type { WatchEvent } from './types.ts';

export const WATCH_NS = 'watch';

export function recordKey(e: Pick<WatchEvent, 'env' | 'source' | 'subject'>): string {
  const key = `${e.env}|${e.source}|${e.subject}`;
  if (key.length <= 160) return key;
  return `${e.env}|${e.source}|#${createHash('sha256').update(e.subject).digest('hex')}`;
}
