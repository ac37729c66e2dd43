/**
 * Approvals through Slack, end to end: signed slash commands and button clicks into Bolt's HTTPReceiver,
 * the real ApprovalService over SQLite, the real tools against the lab's CloudStack API. Every test asserts
 * on the lab API's own record of mutating calls (lab.mutations()), not on what the bot says about itself.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ApprovalRequest } from '../../src/approvals/types.ts';
import { approvalsSchema } from '../../src/config/approvals-schema.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createOpsService } from '../../src/core/create-ops-service.ts';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';
import type { SlackBot } from '../../src/slack/app.ts';
import { APPROVE_ACTION, REJECT_ACTION, RUN_PLAN_ACTION } from '../../src/slack/blocks/approval-card.ts';
import {
  REASON_BLOCK,
  REASON_INPUT,
  REJECT_VIEW,
} from '../../src/slack/listeners/views/reject-reason-view.ts';
import { SIGNING_SECRET, startBotOn } from '../helpers/slack-bot.ts';
import { FakeSlack } from '../helpers/slack-fake-api.ts';
import {
  buttonClickBody,
  mentionEvent,
  postSigned,
  slashBody,
  viewSubmissionBody,
} from '../helpers/slack-sign.ts';

let fake: FakeSlack;
let lab: Lab;
let service: Awaited<ReturnType<typeof createOpsService>>;
let bot: SlackBot;
let events: string;
let clockSkewMs = 0;
/** The lab API's own record of every mutating call (what reached the cloud). */
const changes = {
  get length() {
    return lab.mutations().length;
  },
  slice: (n: number) =>
    lab
      .mutations()
      .slice(n)
      .map((m) => m.command),
};

beforeAll(async () => {
  fake = await FakeSlack.start();
  fake.usergroups.S0OPS = ['U0BOB', 'U0CAROL', 'U0EVE'];
  lab = await startLab({ scenario: 'memory-cap', logger: pino({ level: 'silent' }) });
  const loaded = await loadConfig(lab.configPath, {});
  loaded.config.approvals = approvalsSchema.parse({
    requesters: ['U0ALICE', 'U0BOB'],
    approvers: { mutate: ['U0BOB', 'U0CAROL'], destructive: ['U0BOB', 'U0CAROL'] },
    raise: { update_setting: 'destructive' },
  });
  // Time passes by this clock: the stored expiry is signed and bound, so a test cannot just edit it.
  service = await createOpsService({
    loaded,
    logger: pino({ level: 'silent' }),
    now: () => new Date(Date.now() + clockSkewMs),
  });
  const started = await startBotOn(
    fake,
    { kind: 'http', signingSecret: SIGNING_SECRET },
    service,
    undefined,
    service.store,
  );
  bot = started.bot;
  events = `http://127.0.0.1:${started.port}/slack/events`;
});
afterAll(async () => {
  await bot?.stop(1000);
  await service?.close();
  await lab?.close();
  await fake?.close();
});

const blocks = (c: { body: Record<string, unknown> }) => JSON.stringify(c.body.blocks ?? '');
let n = 0;

/** Asks for a change by slash command and returns the request id read from the posted card's button. */
async function request(text: string, user = 'U0ALICE', mark = text): Promise<{ id: string; ts: string }> {
  const tag = `req${++n}`;
  const res = await postSigned(
    events,
    SIGNING_SECRET,
    slashBody(text, { user, responseUrl: fake.responseUrl(tag) }),
  );
  expect(res.status).toBe(200);
  const card = await fake.waitFor(
    () =>
      fake
        .callsTo('chat.postMessage')
        .find(
          (c) =>
            blocks(c).includes(APPROVE_ACTION) && blocks(c).includes(mark) && !seenCards.has(String(c.seq)),
        ),
    10_000,
    `card for ${text}`,
  );
  seenCards.add(String(card.seq));
  const actions = (
    card.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]
  ).find((b) => b.type === 'actions');
  const id = actions!.elements!.find((e) => e.action_id === APPROVE_ACTION)!.value;
  // The card's ts is recorded (setCard) right after chat.postMessage returns.
  for (let i = 0; i < 200; i++) {
    const ts = (await service.approvals.get(id))?.card?.ts;
    if (ts) return { id, ts };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`card of ${id} never recorded`);
}
const seenCards = new Set<string>();

/** Puts the lab back as a test found it (VMs running, the cap setting), so tests pass in any order. */
function labSnapshot(): () => void {
  const name = 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor';
  const setting = lab.world.effectiveSetting(name);
  const running = lab.world.vms.filter((v) => v.state === 'Running');
  return () => {
    for (const v of running) if (v.state !== 'Running') lab.world.startVm(v);
    if (setting !== undefined && lab.world.effectiveSetting(name) !== setting)
      lab.world.setSetting(name, setting);
  };
}
const _seenPlans = new Set<number>();

async function click(
  actionId: string,
  value: string,
  user: string,
  tag = `click${++n}`,
  forge = false,
  threadTs?: string,
) {
  const res = await postSigned(
    events,
    SIGNING_SECRET,
    buttonClickBody(actionId, value, {
      user,
      responseUrl: fake.responseUrl(tag),
      ...(threadTs ? { threadTs } : {}),
    }),
    { forge },
  );
  return { status: res.status, tag };
}
const refusalFor = (tag: string) =>
  fake.waitFor(() => fake.responses.find((r) => r.path === `/response/${tag}`), 8000, `refusal ${tag}`);
const settled = (id: string) =>
  waitStatus(id, ['done', 'failed', 'rejected', 'expired', 'cancelled', 'paused']);
async function poll<T>(check: () => Promise<T | undefined | 0 | false>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await check();
    if (v) return v;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('condition never held');
}
async function waitStatus(id: string, statuses: ApprovalRequest['status'][]): Promise<ApprovalRequest> {
  for (let i = 0; i < 400; i++) {
    const r = await service.approvals.get(id);
    if (r && statuses.includes(r.status)) return r;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`request ${id} never reached ${statuses.join('|')}`);
}

// These tests share one lab whose VMs are re-sized when a plan restarts them (a fixed cap cannot be put back),
// and one fake Slack whose failOnce() any in-flight card update may take: they run in declared order.
describe('approvals through Slack', { shuffle: false }, () => {
  it('a stop request posts a card with only the request id in its buttons, and nothing runs', async () => {
    const before = changes.length;
    const { id } = await request('vm stop web01');
    const card = fake.callsTo('chat.postMessage').find((c) => blocks(c).includes(id))!;
    const buttons = (
      card.body.blocks as { type: string; elements?: { value: string; confirm?: unknown }[] }[]
    )
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements ?? []);
    expect(buttons.map((b) => b.value)).toEqual([id, id]);
    expect(buttons[0]!.confirm).toBeDefined();
    expect(blocks(card)).toContain('"type":"plan"');
    expect(changes.length).toBe(before);
    expect((await service.approvals.get(id))!.status).toBe('pending');
  });

  it('a forged or stale signature on Approve is 401 and changes nothing', async () => {
    const before = changes.length;
    const { id } = await request('vm stop web01');
    expect((await click(APPROVE_ACTION, id, 'U0BOB', 'forged', true)).status).toBe(401);
    const stale = await postSigned(
      events,
      SIGNING_SECRET,
      buttonClickBody(APPROVE_ACTION, id, { user: 'U0BOB', responseUrl: fake.responseUrl('stale') }),
      { ts: Math.floor(Date.now() / 1000) - 400 },
    );
    expect(stale.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect((await service.approvals.get(id))!.status).toBe('pending');
    expect(changes.length).toBe(before);
  });

  it('refuses privately: a made-up id, a tampered value, self-approval, an unauthorized clicker', async () => {
    const before = changes.length;
    const { id } = await request('vm stop web01');
    const cases: [string, string, RegExp][] = [
      ['req_doesnotexist', 'U0BOB', /no such request/],
      ['"><script>', 'U0BOB', /no such request/],
      [id, 'U0ALICE', /someone else must approve/],
      [id, 'U0EVE', /not an approver/],
    ];
    for (const [value, user, why] of cases) {
      const { status, tag } = await click(APPROVE_ACTION, value, user);
      expect(status).toBe(200);
      const r = await refusalFor(tag);
      expect(r.body.response_type).toBe('ephemeral');
      expect(String(r.body.text)).toMatch(why);
    }
    expect((await service.approvals.get(id))!.status).toBe('pending');
    expect(changes.length).toBe(before);
    const refused = await service.audit.list({ limit: 50, kind: 'approval_refused' });
    expect(refused.map((e) => e.actor)).toEqual(expect.arrayContaining(['U0ALICE', 'U0EVE']));
  });

  it('50 concurrent Approve clicks run the stop exactly once; the card then says who approved', {
    timeout: 30_000,
  }, async () => {
    const before = changes.length;
    onTestFinished(labSnapshot());
    const { id, ts } = await request('vm stop web01');
    const clicks = await Promise.all(
      Array.from({ length: 50 }, (_, i) => click(APPROVE_ACTION, id, i % 2 ? 'U0BOB' : 'U0CAROL')),
    );
    expect(clicks.every((c) => c.status === 200)).toBe(true);
    const done = await settled(id);
    expect(done.status).toBe('done');
    expect(changes.slice(before)).toEqual(['stopVirtualMachine']);
    expect(lab.world.vmByName('web01')!.state).toBe('Stopped');
    const final = await fake.waitFor(() =>
      fake.callsTo('chat.update').find((c) => c.body.ts === ts && blocks(c).includes('Approved by')),
    );
    expect(blocks(final)).not.toContain(APPROVE_ACTION);

    // Replay after completion: refused, nothing runs again.
    const { tag } = await click(APPROVE_ACTION, id, 'U0CAROL');
    expect(String((await refusalFor(tag)).body.text)).toMatch(/already decided/);
    expect(changes.slice(before)).toEqual(['stopVirtualMachine']);
  });

  it('a destructive change needs two different approvers; one is not enough', {
    timeout: 20_000,
  }, async () => {
    const before = changes.length;
    const { id } = await request(
      'config set mem.overprovisioning.factor 1 cluster cl-tokyo-a',
      'U0BOB',
      'config set mem.overprovisioning.factor=1',
    );
    const stored = await service.approvals.get(id);
    expect(stored!.risk).toBe('destructive');
    expect(stored!.required).toBe(2);
    // The requester cannot be one of them; CAROL alone is not enough.
    expect(String((await refusalFor((await click(APPROVE_ACTION, id, 'U0BOB')).tag)).body.text)).toMatch(
      /someone else/,
    );
    await click(APPROVE_ACTION, id, 'U0CAROL');
    await poll(async () => (await service.approvals.get(id))?.approvals.length);
    const after = await service.approvals.get(id);
    expect(after!.status).toBe('pending');
    expect(after!.approvals.map((a) => a.user)).toEqual(['U0CAROL']);
    expect(changes.length).toBe(before);
    const { tag } = await click(APPROVE_ACTION, id, 'U0CAROL');
    expect(String((await refusalFor(tag)).body.text)).toMatch(/different second approver/);
    expect(changes.length).toBe(before);
  });

  it('Reject opens a modal; submitting it rejects with the reason and the card says so', async () => {
    const { id, ts } = await request('vm start web01');
    await click(REJECT_ACTION, id, 'U0CAROL');
    const open = await fake.waitFor(() =>
      fake.callsTo('views.open').find((c) => JSON.stringify(c.body).includes(id)),
    );
    expect(JSON.stringify(open.body.view)).toContain(REJECT_VIEW);
    const res = await postSigned(
      events,
      SIGNING_SECRET,
      viewSubmissionBody(
        REJECT_VIEW,
        id,
        { [REASON_BLOCK]: { [REASON_INPUT]: { type: 'plain_text_input', value: 'wrong VM, use web02' } } },
        { user: 'U0CAROL' },
      ),
    );
    expect(res.status).toBe(200);
    const r = await waitStatus(id, ['rejected']);
    expect(r.decision).toMatchObject({ by: 'U0CAROL', reason: 'wrong VM, use web02' });
    const card = await fake.waitFor(() =>
      fake.callsTo('chat.update').find((c) => c.body.ts === ts && blocks(c).includes('Rejected by')),
    );
    expect(blocks(card)).toContain('wrong VM, use web02');
    const { tag } = await click(APPROVE_ACTION, id, 'U0BOB');
    expect(String((await refusalFor(tag)).body.text)).toMatch(/already decided/);
  });

  it('"Run this plan" under a diagnosis becomes ONE approval request for its steps, in the thread; nothing runs', {
    timeout: 90_000,
  }, async () => {
    const before = changes.length;
    const thread = '1700000500.000100';
    await postSigned(
      events,
      SIGNING_SECRET,
      JSON.stringify(mentionEvent('<@UBOT> VMs only see 3GB', { ts: thread, eventId: 'EvPlan1' })),
      { contentType: 'application/json' },
    );
    const result = await fake.waitFor(
      () => fake.callsTo('chat.update').find((c) => blocks(c).includes(RUN_PLAN_ACTION)),
      40_000,
      'diagnosis with a plan button',
    );
    const button = (
      result.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]
    )
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === RUN_PLAN_ACTION)!;
    expect(button.value).toMatch(/^plan_[A-Za-z0-9_-]+$/);
    const cardsBefore = fake
      .callsTo('chat.postMessage')
      .filter((c) => blocks(c).includes(APPROVE_ACTION)).length;
    await Promise.all([
      click(RUN_PLAN_ACTION, button.value, 'U0ALICE', 'plan1', false, thread),
      click(RUN_PLAN_ACTION, button.value, 'U0BOB', 'plan2', false, thread),
    ]);
    // Creating the request runs every step's pre-check (each VM's place and its storage pair): generous.
    const card = await fake.waitFor(
      () =>
        fake
          .callsTo('chat.postMessage')
          .find((c) => blocks(c).includes(APPROVE_ACTION) && c.body.thread_ts === thread),
      40_000,
      'the plan card',
    );
    expect(blocks(card)).toContain('mem.overprovisioning.factor');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.callsTo('chat.postMessage').filter((c) => blocks(c).includes(APPROVE_ACTION))).toHaveLength(
      cardsBefore + 1,
    );
    const pending = await service.approvals.list({ status: ['pending'] });
    const mine = pending.find((r) => r.origin.threadTs === thread)!;
    expect(mine.steps.length).toBeGreaterThan(1);
    expect(mine.risk).toBe('destructive');
    expect(changes.length).toBe(before);
  });

  it('a "Run this plan" id replayed from another channel, or from a channel the bot may not serve, files nothing', {
    timeout: 20_000,
  }, async () => {
    const thread = '1700000550.000100';
    const earlier = new Set(fake.callsTo('chat.update').map((c) => c.seq));
    await postSigned(
      events,
      SIGNING_SECRET,
      JSON.stringify(mentionEvent('<@UBOT> VMs only see 3GB', { ts: thread, eventId: 'EvPlanReplay' })),
      { contentType: 'application/json' },
    );
    const result = await fake.waitFor(
      () =>
        fake.callsTo('chat.update').find((c) => !earlier.has(c.seq) && blocks(c).includes(RUN_PLAN_ACTION)),
      40_000,
      'diagnosis with a plan button',
    );
    const offer = (result.body.blocks as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === RUN_PLAN_ACTION)!.value;
    const clickIn = async (channel: string, tag: string) => {
      const res = await postSigned(
        events,
        SIGNING_SECRET,
        buttonClickBody(RUN_PLAN_ACTION, offer, {
          user: 'U0ALICE',
          channel,
          threadTs: thread,
          responseUrl: fake.responseUrl(tag),
        }),
      );
      expect(res.status).toBe(200);
      return String((await refusalFor(tag)).body.text);
    };
    // C0SECRET is not an allowed channel; C0QUIET is allowed, but the offer was posted in C0OPS.
    expect(await clickIn('C0SECRET', 'replay-denied')).toMatch(/not allowed|許可/i);
    expect(await clickIn('C0QUIET', 'replay-elsewhere')).toMatch(/no longer available/);
    const filed = async () =>
      (await service.approvals.list({ status: ['pending'] })).filter((r) => r.origin.threadTs === thread);
    expect(await filed()).toHaveLength(0);
    // The offer is still open where it was posted.
    await click(RUN_PLAN_ACTION, offer, 'U0ALICE', 'replay-home', false, thread);
    for (let i = 0; i < 400 && (await filed()).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await filed()).map((r) => r.origin.channel)).toEqual(['C0OPS']);
  });

  it('expiry updates the card by itself, and a late click is refused', async () => {
    const { id, ts } = await request('vm start web01');
    // Time passes (the service's clock), then sweep: only requests made before the jump expire.
    const expiresAt = Date.parse((await service.approvals.get(id))!.expiresAt);
    clockSkewMs = expiresAt - Date.now() + 1000;
    onTestFinished(() => {
      clockSkewMs = 0;
    });
    await service.approvals.sweep();
    const card = await fake.waitFor(() =>
      fake.callsTo('chat.update').find((c) => c.body.ts === ts && blocks(c).includes('Expired')),
    );
    expect(blocks(card)).not.toContain(APPROVE_ACTION);
    const before = changes.length;
    const { tag } = await click(APPROVE_ACTION, id, 'U0BOB');
    expect(String((await refusalFor(tag)).body.text)).toMatch(/expired|already decided/);
    expect(changes.length).toBe(before);
  });

  it('where Slack refuses plan blocks (invalid_blocks) the card is posted with the plain-text steps', async () => {
    // In shuffled order an earlier test may have stopped web02: the stop's pre-check needs it running.
    const web02 = lab.world.vms.find((v) => v.name === 'web02');
    if (web02 && web02.state !== 'Running') lab.world.startVm(web02);
    fake.failOnce('chat.postMessage', 'invalid_blocks');
    const { id } = await request('vm stop web02');
    const tries = fake.callsTo('chat.postMessage').filter((c) => blocks(c).includes(id));
    expect(tries).toHaveLength(2);
    expect(blocks(tries[0]!)).toContain('"type":"plan"');
    const card = tries[1]!;
    expect(blocks(card)).not.toContain('"type":"plan"');
    expect(blocks(card)).toContain('vm stop web02');
  });

  it('/cloudops audit shows the recent entries privately', async () => {
    // Its own entry first: in shuffled order this test may be the file's first.
    await request('vm start web01');
    await postSigned(
      events,
      SIGNING_SECRET,
      slashBody('audit 5', { responseUrl: fake.responseUrl('audit') }),
    );
    const r = await refusalFor('audit');
    expect(r.body.response_type).toBe('ephemeral');
    expect(String(JSON.stringify(r.body.blocks))).toMatch(/request_created|rejection|approval/);
  });
});
