import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccessChecker } from '../../src/slack/access.ts';
import { RecentKeys } from '../../src/slack/dedupe.ts';
import { ThrottledProgress } from '../../src/slack/progress.ts';

describe('ThrottledProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('collapses a burst of notes into few writes, at most one per interval, none after close', async () => {
    const writes: { notes: string[]; at: number }[] = [];
    const p = new ThrottledProgress({
      intervalMs: 200,
      write: async (notes) => void writes.push({ notes, at: Date.now() }),
    });
    for (let i = 0; i < 30; i++) {
      p.note(`kvm0${i % 6}: virsh domstats`);
      await vi.advanceTimersByTimeAsync(15);
    }
    await vi.advanceTimersByTimeAsync(250);
    await p.close();
    p.note('late note');
    await vi.advanceTimersByTimeAsync(1000);
    // Notes from 0 to 435 ms at one write per 200 ms: the first at once, the last carries the notes after 400.
    expect(writes.map((w) => w.at - writes[0]!.at)).toEqual([0, 200, 400, 600]);
    expect(writes.at(-1)!.notes).toHaveLength(6);
    expect(writes.flatMap((w) => w.notes)).not.toContain('late note');
  });

  it('close() waits for the write in flight and cancels one already queued behind it', async () => {
    const writes: string[][] = [];
    let release: () => void = () => {};
    const p = new ThrottledProgress({
      intervalMs: 100,
      write: (notes) => {
        writes.push(notes);
        return writes.length === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      },
    });
    p.note('kvm01: connecting');
    await vi.advanceTimersByTimeAsync(0);
    expect(writes).toEqual([['kvm01: connecting']]);
    p.note('kvm02: connecting');
    await vi.advanceTimersByTimeAsync(100); // the second write is now queued behind the slow first one
    let closed = false;
    const closing = p.close().then(() => {
      closed = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(closed).toBe(false);
    release();
    await closing;
    expect(writes).toEqual([['kvm01: connecting']]);
  });
});

describe('AccessChecker', () => {
  const groups: Record<string, string[]> = { S0OPS: ['U0BOB'] };
  let lookups = 0;
  const make = (policy: Partial<ConstructorParameters<typeof AccessChecker>[0]>, fail = false) =>
    new AccessChecker(
      { allowedChannels: [], allowedUsers: [], allowedUserGroups: [], ...policy },
      {
        listGroupMembers: async (g) => {
          lookups++;
          if (fail) throw new Error('usergroups.users.list failed');
          return groups[g] ?? [];
        },
      },
    );

  it('refuses everyone when nothing is configured, unless allowAll', async () => {
    expect(await make({}).check('U0ALICE', 'C0OPS')).toEqual({ allowed: false, reason: 'not_configured' });
    expect(await make({ allowAll: true }).check('U0ALICE', 'C0OPS')).toEqual({ allowed: true });
  });

  it('channels restrict where, users and groups restrict who', async () => {
    const c = make({ allowedChannels: ['C0OPS'] });
    expect((await c.check('U0ANY', 'C0OPS')).allowed).toBe(true);
    expect((await c.check('U0ANY', 'C0RANDOM')).allowed).toBe(false);
    expect((await c.check('U0ANY', 'D0DM')).allowed).toBe(false);
    const u = make({ allowedChannels: ['C0OPS'], allowedUsers: ['U0ALICE'], allowedUserGroups: ['S0OPS'] });
    expect((await u.check('U0ALICE', 'C0OPS')).allowed).toBe(true);
    expect((await u.check('U0BOB', 'C0OPS')).allowed).toBe(true);
    expect((await u.check('U0EVE', 'C0OPS')).allowed).toBe(false);
    expect((await u.check('U0ALICE', 'C0OTHER')).allowed).toBe(false);
    expect((await u.check('U0ALICE', 'D0DM')).allowed).toBe(true);
  });

  it('caches group membership and fails closed on lookup errors', async () => {
    lookups = 0;
    const c = make({ allowedUserGroups: ['S0OPS'] });
    await c.check('U0BOB', 'C1');
    await c.check('U0EVE', 'C1');
    await c.check('U0BOB', 'C2');
    expect(lookups).toBe(1);
    expect((await make({ allowedUserGroups: ['S0OPS'] }, true).check('U0BOB', 'C1')).allowed).toBe(false);
  });
});

describe('RecentKeys', () => {
  it('reports a key seen before, under any of its names', () => {
    const k = new RecentKeys();
    expect(k.seen('Ev1', 'C1:1.1')).toBe(false);
    expect(k.seen('Ev1', 'C1:1.1')).toBe(true);
    expect(k.seen('Ev2', 'C1:1.1')).toBe(true);
    expect(k.seen('Ev3', 'C1:2.2')).toBe(false);
  });
});
