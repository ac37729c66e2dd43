/**
 * The one decision over the event stream: is this event new, worse, changed, resolved, or nothing to say?
 * Pure, so every transition (flapping hold, snooze, one-shot signals) is table-tested here.
 */
import type { Announcement, ProblemRecord, WatchEvent, WatchState } from './types.ts';

const RANK: Record<WatchState, number> = { ok: 0, warning: 1, unknown: 2, problem: 3 };

export interface Hold {
  checks: number;
  minutes: number;
}

export interface Decision {
  record: ProblemRecord;
  /** What to post; undefined = nothing (unchanged, held back, or a repeat). */
  announce?: Announcement;
  /** Announce would be posted, but a snooze or mute holds it back (still recorded). */
  quiet?: boolean;
}

export function emptyRecord(e: WatchEvent): ProblemRecord {
  return {
    env: e.env,
    source: e.source,
    subject: e.subject,
    announced: 'ok',
    lastSeen: e.time,
    announcements: 0,
  };
}

function kindOf(from: WatchState, to: WatchState): Announcement {
  if (from === 'ok') return 'new';
  if (to === 'ok') return 'resolved';
  return RANK[to] > RANK[from] ? 'worse' : 'changed';
}

export function decide(prev: ProblemRecord | undefined, e: WatchEvent, hold: Hold, now: Date): Decision {
  const base: ProblemRecord = { ...(prev ?? emptyRecord(e)), lastSeen: e.time };
  if (e.once) {
    // A one-shot signal is announced the first time its key is seen, never again.
    if (prev) return { record: base };
    return withAnnouncement(base, e, 'new', now);
  }
  if (e.state === base.announced) {
    const { candidate: _dropped, ...rest } = base;
    return { record: rest };
  }
  const c = base.candidate;
  const candidate =
    c && c.state === e.state
      ? { ...c, checks: c.checks + 1 }
      : { state: e.state, since: now.toISOString(), checks: 1 };
  const heldMs = now.getTime() - Date.parse(candidate.since);
  const held =
    e.immediate || candidate.checks >= hold.checks || (hold.minutes > 0 && heldMs >= hold.minutes * 60_000);
  if (!held) return { record: { ...base, candidate } };
  const { candidate: _done, ...rest } = base;
  return withAnnouncement({ ...rest, announced: e.state }, e, kindOf(base.announced, e.state), now);
}

function withAnnouncement(r: ProblemRecord, e: WatchEvent, kind: Announcement, now: Date): Decision {
  const snoozed = r.snoozedUntil !== undefined && Date.parse(r.snoozedUntil) > now.getTime();
  // A resolution of a thread still open is always told, even while snoozed: the thread must not stay dangling.
  const quiet = (!!r.muted || snoozed) && !(kind === 'resolved' && r.thread);
  if (quiet) {
    const cleared = kind === 'resolved' ? { ...r, thread: undefined } : r;
    return { record: cleared, announce: kind, quiet: true };
  }
  return {
    record: { ...r, outbox: { kind, event: e, at: now.toISOString() }, announcements: r.announcements + 1 },
    announce: kind,
  };
}
