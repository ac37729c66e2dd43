/** The stream's one decision, table-tested: hold, worse/changed/resolved, one-shot signals, snooze and mute. */
import { describe, expect, it } from 'vitest';
import { decide, emptyRecord } from '../../src/watch/decide.ts';
import type { ProblemRecord, WatchEvent, WatchState } from '../../src/watch/types.ts';

const t0 = new Date('2026-11-29T04:00:00Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);
const ev = (state: WatchState, extra: Partial<WatchEvent> = {}): WatchEvent => ({
  env: 'lab',
  source: 'watch:drbd',
  subject: 'nfs-a',
  state,
  severity: 'critical',
  time: t0.toISOString(),
  title: 't',
  detail: 'd',
  ...extra,
});

/** Feeds states one check (minute) apart; returns what each check announced. */
function run(states: WatchState[], hold = { checks: 2, minutes: 0 }, start?: ProblemRecord) {
  let r = start;
  return states.map((s, i) => {
    const d = decide(r, ev(s), hold, at(i));
    r = { ...d.record, outbox: undefined };
    return d.announce ?? '-';
  });
}

describe('decide', () => {
  it.each([
    [
      ['ok', 'ok', 'ok'],
      ['-', '-', '-'],
    ],
    [
      ['problem', 'problem', 'problem'],
      ['-', 'new', '-'],
    ],
    [
      ['problem', 'ok', 'problem', 'ok'],
      ['-', '-', '-', '-'],
    ],
    [
      ['problem', 'problem', 'ok', 'ok'],
      ['-', 'new', '-', 'resolved'],
    ],
    [
      ['warning', 'warning', 'problem', 'problem'],
      ['-', 'new', '-', 'worse'],
    ],
    [
      ['problem', 'problem', 'warning', 'warning'],
      ['-', 'new', '-', 'changed'],
    ],
    [
      ['unknown', 'unknown'],
      ['-', 'new'],
    ],
  ] as [WatchState[], string[]][])('%j → %j (hold 2 checks)', (states, want) => {
    expect(run(states)).toEqual(want);
  });

  it('a hold in minutes announces once the state has lasted that long', () => {
    expect(run(['problem', 'problem', 'problem', 'problem'], { checks: 100, minutes: 2 })).toEqual([
      '-',
      '-',
      'new',
      '-',
    ]);
  });

  it('a one-shot signal is announced the first time only; immediate events skip the hold', () => {
    const first = decide(undefined, ev('problem', { once: true }), { checks: 5, minutes: 0 }, t0);
    expect(first.announce).toBe('new');
    expect(
      decide(first.record, ev('problem', { once: true }), { checks: 5, minutes: 0 }, t0).announce,
    ).toBeUndefined();
    expect(
      decide(undefined, ev('problem', { immediate: true }), { checks: 5, minutes: 0 }, t0).announce,
    ).toBe('new');
  });

  it('snoozed or muted: decided and recorded but quiet; a resolution of an open thread is still told', () => {
    const base = { ...emptyRecord(ev('ok')), snoozedUntil: at(60).toISOString() };
    const snoozed = decide(base, ev('problem', { immediate: true }), { checks: 1, minutes: 0 }, t0);
    expect(snoozed).toMatchObject({ announce: 'new', quiet: true });
    expect(snoozed.record.outbox).toBeUndefined();
    expect(
      decide(base, ev('problem', { immediate: true }), { checks: 1, minutes: 0 }, at(61)).quiet,
    ).toBeUndefined();
    const open: ProblemRecord = {
      ...emptyRecord(ev('problem')),
      announced: 'problem',
      muted: { by: 'U1', at: t0.toISOString() },
      thread: { channel: 'C1', ts: '1.2', since: t0.toISOString() },
    };
    const resolved = decide(open, ev('ok', { immediate: true }), { checks: 1, minutes: 0 }, t0);
    expect(resolved.quiet).toBeUndefined();
    expect(resolved.record.outbox?.kind).toBe('resolved');
  });
});
