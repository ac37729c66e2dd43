/**
 * Approvals through Slack, end to end: signed slash commands and button clicks into Bolt's HTTPReceiver,
 * the real ApprovalService over SQLite, the real tools against the lab's CloudStack API. Every test asserts
 * on the lab API's own record of mutating calls (lab.mutations()), not on what the bot says about itself.
 * Each test has its own lab, service, bot and fake Slack (test/helpers/slack-approvals.ts): any order works.
 */
import { describe, expect, it } from 'vitest';
import { APPROVE_ACTION, REJECT_ACTION, RUN_PLAN_ACTION } from '../../src/slack/blocks/approval-card.ts';
import {
  REASON_BLOCK,
  REASON_INPUT,
  REJECT_VIEW,
} from '../../src/slack/listeners/views/reject-reason-view.ts';
import { blocks, slackApprovalsWorld } from '../helpers/slack-approvals.ts';
import { SIGNING_SECRET } from '../helpers/slack-bot.ts';
import { buttonClickBody, postSigned, slashBody, viewSubmissionBody } from '../helpers/slack-sign.ts';

const DONE = ['done', 'failed', 'rejected', 'expired', 'cancelled', 'paused'] as const;

describe('approvals through Slack', () => {
  it('a stop request posts a card with only the request id in its buttons, and nothing runs', async () => {
    const w = await slackApprovalsWorld();
    const { id } = await w.request('vm stop web01');
    const card = w.fake.callsTo('chat.postMessage').find((c) => blocks(c).includes(id))!;
    const buttons = (
      card.body.blocks as { type: string; elements?: { value: string; confirm?: unknown }[] }[]
    )
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements ?? []);
    expect(buttons.map((b) => b.value)).toEqual([id, id]);
    expect(buttons[0]!.confirm).toBeDefined();
    expect(blocks(card)).toContain('"type":"plan"');
    expect(w.changes()).toEqual([]);
    expect((await w.service.approvals.get(id))!.status).toBe('pending');
  });

  it('a forged or stale signature on Approve is 401 and changes nothing', async () => {
    const w = await slackApprovalsWorld();
    const { id } = await w.request('vm stop web01');
    expect((await w.click(APPROVE_ACTION, id, 'U0BOB', { tag: 'forged', forge: true })).status).toBe(401);
    const stale = await postSigned(
      w.events,
      SIGNING_SECRET,
      buttonClickBody(APPROVE_ACTION, id, { user: 'U0BOB', responseUrl: w.fake.responseUrl('stale') }),
      { ts: Math.floor(Date.now() / 1000) - 400 },
    );
    expect(stale.status).toBe(401);
    // Anything a click could have started has finished: the request and the cloud are untouched.
    await w.settle();
    expect((await w.service.approvals.get(id))!.status).toBe('pending');
    expect(w.changes()).toEqual([]);
    expect(w.fake.responses.filter((r) => /forged|stale/.test(r.path))).toEqual([]);
  });

  it('refuses privately: a made-up id, a tampered value, self-approval, an unauthorized clicker', async () => {
    const w = await slackApprovalsWorld();
    const { id } = await w.request('vm stop web01');
    const cases: [string, string, RegExp][] = [
      ['req_doesnotexist', 'U0BOB', /no such request/],
      ['"><script>', 'U0BOB', /no such request/],
      [id, 'U0ALICE', /someone else must approve/],
      [id, 'U0EVE', /not an approver/],
    ];
    for (const [value, user, why] of cases) {
      const { status, tag } = await w.click(APPROVE_ACTION, value, user);
      expect(status).toBe(200);
      const r = await w.refusalFor(tag);
      expect(r.body.response_type).toBe('ephemeral');
      expect(String(r.body.text)).toMatch(why);
    }
    expect((await w.service.approvals.get(id))!.status).toBe('pending');
    expect(w.changes()).toEqual([]);
    const refused = await w.service.audit.list({ limit: 50, kind: 'approval_refused' });
    expect(refused.map((e) => e.actor)).toEqual(expect.arrayContaining(['U0ALICE', 'U0EVE']));
  });

  it('50 concurrent Approve clicks run the stop exactly once; the card then says who approved', {
    timeout: 60_000,
  }, async () => {
    const w = await slackApprovalsWorld();
    const { id, ts } = await w.request('vm stop web01');
    const clicks = await Promise.all(
      Array.from({ length: 50 }, (_, i) => w.click(APPROVE_ACTION, id, i % 2 ? 'U0BOB' : 'U0CAROL')),
    );
    expect(clicks.every((c) => c.status === 200)).toBe(true);
    const done = await w.waitStatus(id, [...DONE]);
    expect(done.status).toBe('done');
    await w.settle();
    expect(w.changes()).toEqual(['stopVirtualMachine']);
    expect(w.lab.world.vmByName('web01')!.state).toBe('Stopped');
    const final = await w.fake.waitFor(() =>
      w.fake.callsTo('chat.update').find((c) => c.body.ts === ts && blocks(c).includes('Approved by')),
    );
    expect(blocks(final)).not.toContain(APPROVE_ACTION);

    // Replay after completion: refused, nothing runs again.
    const { tag } = await w.click(APPROVE_ACTION, id, 'U0CAROL');
    expect(String((await w.refusalFor(tag)).body.text)).toMatch(/already decided/);
    expect(w.changes()).toEqual(['stopVirtualMachine']);
  });

  it('a destructive change needs two different approvers; one is not enough', {
    timeout: 30_000,
  }, async () => {
    const w = await slackApprovalsWorld();
    const { id } = await w.request(
      'config set mem.overprovisioning.factor 1 cluster cl-tokyo-a',
      'U0BOB',
      'config set mem.overprovisioning.factor=1',
    );
    const stored = await w.service.approvals.get(id);
    expect(stored!.risk).toBe('destructive');
    expect(stored!.required).toBe(2);
    // The requester cannot be one of them; CAROL alone is not enough.
    const own = await w.click(APPROVE_ACTION, id, 'U0BOB');
    expect(String((await w.refusalFor(own.tag)).body.text)).toMatch(/someone else/);
    await w.click(APPROVE_ACTION, id, 'U0CAROL');
    await w.settle();
    const after = await w.service.approvals.get(id);
    expect(after!.status).toBe('pending');
    expect(after!.approvals.map((a) => a.user)).toEqual(['U0CAROL']);
    expect(w.changes()).toEqual([]);
    const { tag } = await w.click(APPROVE_ACTION, id, 'U0CAROL');
    expect(String((await w.refusalFor(tag)).body.text)).toMatch(/different second approver/);
    expect(w.changes()).toEqual([]);
  });

  it('Reject opens a modal; submitting it rejects with the reason and the card says so', async () => {
    const w = await slackApprovalsWorld();
    const { id, ts } = await w.request('vm start web01');
    await w.click(REJECT_ACTION, id, 'U0CAROL');
    const open = await w.fake.waitFor(() =>
      w.fake.callsTo('views.open').find((c) => JSON.stringify(c.body).includes(id)),
    );
    expect(JSON.stringify(open.body.view)).toContain(REJECT_VIEW);
    const res = await postSigned(
      w.events,
      SIGNING_SECRET,
      viewSubmissionBody(
        REJECT_VIEW,
        id,
        { [REASON_BLOCK]: { [REASON_INPUT]: { type: 'plain_text_input', value: 'wrong VM, use web02' } } },
        { user: 'U0CAROL' },
      ),
    );
    expect(res.status).toBe(200);
    const r = await w.waitStatus(id, ['rejected']);
    expect(r.decision).toMatchObject({ by: 'U0CAROL', reason: 'wrong VM, use web02' });
    const card = await w.fake.waitFor(() =>
      w.fake.callsTo('chat.update').find((c) => c.body.ts === ts && blocks(c).includes('Rejected by')),
    );
    expect(blocks(card)).toContain('wrong VM, use web02');
    const { tag } = await w.click(APPROVE_ACTION, id, 'U0BOB');
    expect(String((await w.refusalFor(tag)).body.text)).toMatch(/already decided/);
  });

  it('"Run this plan" under a diagnosis becomes ONE approval request for its steps, in the thread; nothing runs', {
    timeout: 90_000,
  }, async () => {
    const w = await slackApprovalsWorld();
    const thread = '1700000500.000100';
    const offer = await w.diagnosisOffer(thread, 'EvPlan1');
    await Promise.all([
      w.click(RUN_PLAN_ACTION, offer, 'U0ALICE', { tag: 'plan1', threadTs: thread }),
      w.click(RUN_PLAN_ACTION, offer, 'U0BOB', { tag: 'plan2', threadTs: thread }),
    ]);
    // Both clicks' work is over (the winner filed the request and posted its card, the other was told).
    await w.settle();
    const cards = w.fake.callsTo('chat.postMessage').filter((c) => blocks(c).includes(APPROVE_ACTION));
    expect(cards).toHaveLength(1);
    expect(cards[0]!.body.thread_ts).toBe(thread);
    expect(blocks(cards[0]!)).toContain('mem.overprovisioning.factor');
    const pending = await w.service.approvals.list({ status: ['pending'] });
    expect(pending).toHaveLength(1);
    expect(pending[0]!.origin.threadTs).toBe(thread);
    expect(pending[0]!.steps.length).toBeGreaterThan(1);
    expect(pending[0]!.risk).toBe('destructive');
    expect(w.changes()).toEqual([]);
  });

  it('a "Run this plan" id replayed from another channel, or from a channel the bot may not serve, files nothing', {
    timeout: 90_000,
  }, async () => {
    const w = await slackApprovalsWorld();
    const thread = '1700000550.000100';
    const offer = await w.diagnosisOffer(thread, 'EvPlanReplay');
    const clickIn = async (channel: string, tag: string) => {
      const res = await w.click(RUN_PLAN_ACTION, offer, 'U0ALICE', { channel, threadTs: thread, tag });
      expect(res.status).toBe(200);
      return String((await w.refusalFor(tag)).body.text);
    };
    // C0SECRET is not an allowed channel; C0QUIET is allowed, but the offer was posted in C0OPS.
    expect(await clickIn('C0SECRET', 'replay-denied')).toMatch(/not allowed|許可/i);
    expect(await clickIn('C0QUIET', 'replay-elsewhere')).toMatch(/no longer available/);
    await w.settle();
    expect(await w.service.approvals.list()).toHaveLength(0);
    // The offer is still open where it was posted.
    await w.click(RUN_PLAN_ACTION, offer, 'U0ALICE', { tag: 'replay-home', threadTs: thread });
    const filed = await w.waitCreated((r) => r.origin.threadTs === thread);
    expect(filed.origin.channel).toBe('C0OPS');
    await w.settle();
    expect((await w.service.approvals.list()).map((r) => r.origin.channel)).toEqual(['C0OPS']);
  });

  it('expiry updates the card by itself, and a late click is refused', async () => {
    const w = await slackApprovalsWorld();
    const { id, ts } = await w.request('vm start web01');
    // Time passes (the service's clock), then sweep: the request is past its expiry.
    const expiresAt = Date.parse((await w.service.approvals.get(id))!.expiresAt);
    w.advanceClock(expiresAt - Date.now() + 1000);
    await w.service.approvals.sweep();
    const card = await w.fake.waitFor(() =>
      w.fake.callsTo('chat.update').find((c) => c.body.ts === ts && blocks(c).includes('Expired')),
    );
    expect(blocks(card)).not.toContain(APPROVE_ACTION);
    const { tag } = await w.click(APPROVE_ACTION, id, 'U0BOB');
    expect(String((await w.refusalFor(tag)).body.text)).toMatch(/expired|already decided/);
    expect(w.changes()).toEqual([]);
  });

  it('where Slack refuses plan blocks (invalid_blocks) the card is posted with the plain-text steps', async () => {
    const w = await slackApprovalsWorld();
    w.fake.failOnce('chat.postMessage', 'invalid_blocks');
    const { id } = await w.request('vm stop web02');
    const tries = w.fake.callsTo('chat.postMessage').filter((c) => blocks(c).includes(id));
    expect(tries).toHaveLength(2);
    expect(blocks(tries[0]!)).toContain('"type":"plan"');
    const card = tries[1]!;
    expect(blocks(card)).not.toContain('"type":"plan"');
    expect(blocks(card)).toContain('vm stop web02');
  });

  it('/cloudops audit shows the recent entries privately', async () => {
    const w = await slackApprovalsWorld();
    await w.request('vm start web01');
    await postSigned(
      w.events,
      SIGNING_SECRET,
      slashBody('audit 5', { responseUrl: w.fake.responseUrl('audit') }),
    );
    const r = await w.refusalFor('audit');
    expect(r.body.response_type).toBe('ephemeral');
    expect(String(JSON.stringify(r.body.blocks))).toMatch(/request_created|rejection|approval/);
  });
});
