/**
 * Stop on a running plan, in its own lab (the plan really changes it). Signed Slack requests into Bolt's
 * HTTPReceiver,
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
import {
  APPROVE_ACTION,
  RESUME_ACTION,
  RUN_PLAN_ACTION,
  STOP_ACTION,
} from '../../src/slack/blocks/approval-card.ts';
import { SIGNING_SECRET, startBotOn } from '../helpers/slack-bot.ts';
import { FakeSlack } from '../helpers/slack-fake-api.ts';
import { buttonClickBody, mentionEvent, postSigned, slashBody } from '../helpers/slack-sign.ts';

let fake: FakeSlack;
let lab: Lab;
let service: Awaited<ReturnType<typeof createOpsService>>;
let bot: SlackBot;
let events: string;
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
  service = await createOpsService({ loaded, logger: pino({ level: 'silent' }) });
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
async function _request(text: string, user = 'U0ALICE', mark = text): Promise<{ id: string; ts: string }> {
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
const seenPlans = new Set<number>();

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
const _settled = (id: string) =>
  waitStatus(id, ['done', 'failed', 'rejected', 'expired', 'cancelled', 'paused']);
async function poll<T>(check: () => Promise<T | undefined | 0 | false>): Promise<T> {
  for (let i = 0; i < 1600; i++) {
    const v = await check();
    if (v) return v;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('condition never held');
}
async function waitStatus(
  id: string,
  statuses: ApprovalRequest['status'][],
  tries = 400,
): Promise<ApprovalRequest> {
  for (let i = 0; i < tries; i++) {
    const r = await service.approvals.get(id);
    if (r && statuses.includes(r.status)) return r;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`request ${id} never reached ${statuses.join('|')}`);
}

/** Diagnosis → "Run this plan" → two approvals → Stop after the first step finished: a paused plan. */
async function pausedPlan(thread: string, eventId: string): Promise<ApprovalRequest> {
  await postSigned(
    events,
    SIGNING_SECRET,
    JSON.stringify(mentionEvent('<@UBOT> VMs only see 3GB', { ts: thread, eventId })),
    { contentType: 'application/json' },
  );
  const result = await fake.waitFor(
    () =>
      fake
        .callsTo('chat.update')
        .find(
          (c) => c.body.channel === 'C0OPS' && blocks(c).includes(RUN_PLAN_ACTION) && !seenPlans.has(c.seq),
        ),
    40_000,
  );
  seenPlans.add(result.seq);
  const offer = (result.body.blocks as { elements?: { action_id: string; value: string }[] }[])
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === RUN_PLAN_ACTION)!.value;
  await click(RUN_PLAN_ACTION, offer, 'U0ALICE', `plan${++n}`, false, thread);
  const pending = await poll(async () =>
    (await service.approvals.list({ status: ['pending'] })).find((r) => r.origin.threadTs === thread),
  );
  // Stop is clicked when the first step has finished: event-driven, no clock.
  let stopped: Promise<unknown> | undefined;
  const off = service.approvals.subscribe((r, e) => {
    if (r.id === pending.id && e === 'step_finished' && !stopped) stopped = click(STOP_ACTION, r.id, 'U0BOB');
  });
  await click(APPROVE_ACTION, pending.id, 'U0BOB');
  await click(APPROVE_ACTION, pending.id, 'U0CAROL');
  const paused = await waitStatus(pending.id, ['paused', 'done', 'failed']);
  off();
  return paused;
}

// These tests share one lab whose VMs are re-sized when a plan restarts them (a fixed cap cannot be put back),
// and one fake Slack whose failOnce() any in-flight card update may take: they run in declared order.
describe('stopping a running plan from Slack', { shuffle: false }, () => {
  it('Stop halts a running plan before its next step; the card then offers Resume', {
    timeout: 90_000,
  }, async () => {
    const before = changes.length;
    onTestFinished(labSnapshot());
    const paused = await pausedPlan('1700000600.000100', 'EvStop1');
    expect(paused.status).toBe('paused');
    const ran = paused.steps.filter((st) => st.status !== 'pending').length;
    expect(ran).toBeGreaterThanOrEqual(1);
    expect(paused.steps.filter((st) => st.status === 'pending').length).toBeGreaterThan(0);
    expect(changes.length - before).toBeLessThan(paused.steps.length);
    const card = await fake.waitFor(() =>
      fake
        .callsTo('chat.update')
        .find((c) => c.body.ts === paused.card?.ts && blocks(c).includes(RESUME_ACTION)),
    );
    expect(blocks(card)).toContain('Paused');
  });

  it('Resume is acked; the requester is refused (four-eyes), two approvers run the rest (destructive)', {
    timeout: 90_000,
  }, async () => {
    onTestFinished(labSnapshot());
    const paused = await pausedPlan('1700000700.000100', 'EvResume1');
    expect(paused.status).toBe('paused');
    const atPause = changes.length;
    const own = await click(RESUME_ACTION, paused.id, 'U0ALICE');
    expect(own.status).toBe(200);
    const told = await refusalFor(own.tag);
    expect(JSON.stringify(told.body)).toContain('someone else must approve');
    expect((await service.approvals.get(paused.id))?.status).toBe('paused');
    expect(changes.length).toBe(atPause);
    // The plan is destructive (update_setting raised): one Resume is a vote, the second one runs it.
    const bob = await click(RESUME_ACTION, paused.id, 'U0BOB');
    expect(JSON.stringify((await refusalFor(bob.tag)).body)).toContain('another approver must also resume');
    expect((await service.approvals.get(paused.id))?.status).toBe('paused');
    expect(changes.length).toBe(atPause);
    const ok = await click(RESUME_ACTION, paused.id, 'U0CAROL');
    expect(ok.status).toBe(200);
    // The rest of the plan (stop and start of each VM) runs here: a generous deadline for a loaded machine.
    const done = await waitStatus(paused.id, ['done', 'failed'], 2400);
    expect(done.status, done.outcome).toBe('done');
    expect(done.decision?.by).toBe('U0CAROL');
    expect(changes.length).toBeGreaterThan(atPause);
  });
});
