/**
 * A DRBD watch over a running lab, through the real Bolt app, store and fake Slack: a resource flipped to
 * StandAlone gives one post naming the split brain (investigated in its thread), restoring it one "resolved"
 * reply in that thread, and a state that flaps faster than the hold is never announced.
 */
import { describe, expect, it } from 'vitest';
import { RUN_PLAN_ACTION } from '../../src/slack/blocks/approval-card.ts';
import { recordKey, WATCH_NS } from '../../src/watch/record-key.ts';
import type { ProblemRecord } from '../../src/watch/types.ts';
import { SIGNING_SECRET } from '../helpers/slack-bot.ts';
import { buttonClickBody, postSigned } from '../helpers/slack-sign.ts';
import {
  labCtl,
  replies,
  startWatchBot,
  textOf,
  topPosts,
  type WatchBot,
  watchWorldEachTest,
} from '../helpers/watch-bot.ts';

const w = watchWorldEachTest();

const drbdRuns = (b: WatchBot) => b.handled.filter((h) => h.e.source === 'watch:drbd').length;
const waitRuns = (b: WatchBot, n: number) =>
  w.fake.waitFor(() => drbdRuns(b) >= n, 20_000, `${n} drbd checks`);

describe('DRBD watch', () => {
  it('posts a split brain once, investigates it in the thread, and replies once when it clears', async () => {
    w.bot = await startWatchBot(w.lab, w.fake, {
      watches: { channel: 'C0OPS', holdChecks: 1, checks: [{ kind: 'drbd', intervalSeconds: 0.3 }] },
      approvals: {
        requesters: ['U0ALICE'],
        approvers: { mutate: ['U0BOB'], destructive: ['U0BOB', 'U0CAROL'] },
      },
    });
    await waitRuns(w.bot, 1);
    expect(w.bot.handled[0]?.e.state).toBe('ok');
    expect(topPosts(w.fake, 'C0OPS')).toHaveLength(0);

    await labCtl(w.lab, { action: 'drbd-standalone', pair: 'nfs-a', resource: 'r0' });
    const before = drbdRuns(w.bot);
    const [head] = await w.fake.waitFor(
      () => topPosts(w.fake, 'C0OPS').length > 0 && topPosts(w.fake, 'C0OPS'),
      20_000,
      'the post',
    );
    // Within one interval: the first check after the flip announced it.
    const announcedAt = w.bot.handled.findIndex((h) => h.announce === 'new');
    expect(announcedAt).toBeLessThanOrEqual(before + 1);
    expect(textOf(head!)).toMatch(/split.brain/i);
    const ts = await waitThread(w.bot, w.lab.scenario.environment);
    // The runbook's diagnosis arrives in the thread.
    await w.fake.waitFor(
      () => replies(w.fake, ts).some((r) => /split.brain/i.test(textOf(r))),
      20_000,
      'the investigation',
    );
    // The proposed recovery is offered as "Run this plan"; a click files an approval request in the thread.
    const offer = await w.fake.waitFor(
      () => replies(w.fake, ts).find((r) => textOf(r).includes(RUN_PLAN_ACTION)),
      20_000,
      'the plan offer',
    );
    const planId = /"action_id":"plan_run","value":"([^"]+)"/.exec(textOf(offer))?.[1];
    expect(planId).toBeTruthy();
    const click = buttonClickBody(RUN_PLAN_ACTION, planId!, {
      user: 'U0ALICE',
      channel: 'C0OPS',
      messageTs: ts,
      responseUrl: w.fake.responseUrl('plan'),
    });
    expect(
      (await postSigned(`http://127.0.0.1:${w.bot.port}/slack/events`, SIGNING_SECRET, click)).status,
    ).toBe(200);
    await w.fake.waitFor(
      () => replies(w.fake, ts).some((r) => textOf(r).includes('approval_approve')),
      20_000,
      'the approval card',
    );
    expect(w.lab.mutations()).toHaveLength(0);
    await waitRuns(w.bot, drbdRuns(w.bot) + 3);
    expect(topPosts(w.fake, 'C0OPS')).toHaveLength(1);

    await labCtl(w.lab, { action: 'drbd-connect', pair: 'nfs-a', resource: 'r0' });
    await w.fake.waitFor(
      () => replies(w.fake, ts).some((r) => /Resolved at \d\d:\d\d, lasted \d+ min/.test(textOf(r))),
      20_000,
      'resolved',
    );
    await waitRuns(w.bot, drbdRuns(w.bot) + 3);
    expect(replies(w.fake, ts).filter((r) => /Resolved at/.test(textOf(r)))).toHaveLength(1);
    expect(topPosts(w.fake, 'C0OPS')).toHaveLength(1);
    const audit = await w.bot.service.audit.list({ kind: 'watch_announce' });
    expect(audit.map((a) => a.outcome).sort()).toEqual(['new', 'resolved']);
  });

  it('holds back a state that flaps faster than the hold, and announces one that holds', async () => {
    w.bot = await startWatchBot(w.lab, w.fake, {
      watches: { channel: 'C0OPS', holdChecks: 3, checks: [{ kind: 'drbd', intervalSeconds: 0.2 }] },
    });
    // Flip after every check: a state is seen by at most two checks in a row (one may be in flight), never three.
    let split = false;
    for (let i = 0; i < 6; i++) {
      split = !split;
      await labCtl(w.lab, {
        action: split ? 'drbd-standalone' : 'drbd-connect',
        pair: 'nfs-a',
        resource: 'r0',
      });
      await waitRuns(w.bot, drbdRuns(w.bot) + 1);
    }
    expect(w.bot.handled.filter((h) => h.announce)).toHaveLength(0);
    expect(topPosts(w.fake, 'C0OPS')).toHaveLength(0);

    await labCtl(w.lab, { action: 'drbd-standalone', pair: 'nfs-a', resource: 'r0' });
    await w.fake.waitFor(() => topPosts(w.fake, 'C0OPS').length === 1, 20_000, 'the held state announced');
    await waitRuns(w.bot, drbdRuns(w.bot) + 3);
    expect(topPosts(w.fake, 'C0OPS')).toHaveLength(1);
  });
});

/** The problem's thread as the stream stores it after posting (the fake Slack's ts is not in the request). */
async function waitThread(b: WatchBot, env: string): Promise<string> {
  const key = recordKey({ env, source: 'watch:drbd', subject: 'nfs-a' });
  let ts: string | undefined;
  await w.fake.waitFor(
    () => {
      void b.service.store.get<ProblemRecord>(WATCH_NS, key).then((d) => {
        ts = d?.value.thread?.ts;
      });
      return ts;
    },
    10_000,
    'the stored thread',
  );
  return ts!;
}
