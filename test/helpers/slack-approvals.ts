/**
 * One fresh world per Slack approval test: a fake Slack, a memory-cap lab, the real OpsService with an
 * approval policy over SQLite, and the real Bolt app on HTTP. A plan that restarts VMs re-sizes them and
 * a fixed cap cannot be put back, so no two tests share a lab; each passes alone and in any order.
 * Waits are on events (approval transitions, the card being recorded, the bot's jobs going idle), never on
 * a clock; the only deadlines are generous ones that turn a hang into a message.
 */
import { pino } from 'pino';
import { expect, onTestFinished } from 'vitest';
import type { ApprovalRequest } from '../../src/approvals/types.ts';
import { approvalsSchema } from '../../src/config/approvals-schema.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createOpsService } from '../../src/core/create-ops-service.ts';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';
import type { SlackBot } from '../../src/slack/app.ts';
import { APPROVE_ACTION, RUN_PLAN_ACTION } from '../../src/slack/blocks/approval-card.ts';
import { firstRequest, HANG_MS, statusReached, withDeadline } from './approval-events.ts';
import { SIGNING_SECRET, startBotOn } from './slack-bot.ts';
import { type ApiCall, FakeSlack, type UrlPost } from './slack-fake-api.ts';
import { buttonClickBody, mentionEvent, postSigned, slashBody } from './slack-sign.ts';

type Service = Awaited<ReturnType<typeof createOpsService>>;
type Status = ApprovalRequest['status'];

export const blocks = (c: { body: Record<string, unknown> }): string => JSON.stringify(c.body.blocks ?? '');

const buttonsOf = (c: ApiCall) =>
  (c.body.blocks as { elements?: { action_id: string; value: string }[] }[]).flatMap((b) => b.elements ?? []);

export interface ClickOptions {
  tag?: string;
  forge?: boolean;
  threadTs?: string;
  channel?: string;
}

export interface SlackApprovalsWorld {
  fake: FakeSlack;
  lab: Lab;
  service: Service;
  bot: SlackBot;
  /** Bolt's HTTP events URL. */
  events: string;
  /** The lab API's own record of mutating calls (what reached the cloud), as command names. */
  changes(): string[];
  /** Asks for a change by slash command; returns the request id from the posted card and the card's ts. */
  request(text: string, user?: string, mark?: string): Promise<{ id: string; ts: string }>;
  click(
    actionId: string,
    value: string,
    user: string,
    o?: ClickOptions,
  ): Promise<{ status: number; tag: string }>;
  /** The private answer posted to a click's response_url. */
  refusalFor(tag: string): Promise<UrlPost>;
  /** Resolves when the request is in one of `statuses` (checked now and on every transition). */
  waitStatus(id: string, statuses: Status[]): Promise<ApprovalRequest>;
  /** Resolves with the first request that `match` accepts when it is created (or already exists). */
  waitCreated(match: (r: ApprovalRequest) => boolean): Promise<ApprovalRequest>;
  /** Mentions the bot with a memory-cap question in `thread` and returns the "Run this plan" offer id. */
  diagnosisOffer(thread: string, eventId: string): Promise<string>;
  /** Every click's work has finished (the bot's detached jobs are idle). */
  settle(): Promise<void>;
  /** Moves the service's clock `ms` forward (this world only). */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

/** Starts a world and closes it when the calling test finishes. */
export async function slackApprovalsWorld(): Promise<SlackApprovalsWorld> {
  const w = await startSlackApprovalsWorld();
  onTestFinished(() => w.close());
  return w;
}

export async function startSlackApprovalsWorld(): Promise<SlackApprovalsWorld> {
  const fake = await FakeSlack.start();
  fake.usergroups.S0OPS = ['U0BOB', 'U0CAROL', 'U0EVE'];
  const lab = await startLab({ scenario: 'memory-cap', logger: pino({ level: 'silent' }) });
  const loaded = await loadConfig(lab.configPath, {});
  loaded.config.approvals = approvalsSchema.parse({
    requesters: ['U0ALICE', 'U0BOB'],
    approvers: { mutate: ['U0BOB', 'U0CAROL'], destructive: ['U0BOB', 'U0CAROL'] },
    raise: { update_setting: 'destructive' },
  });
  // The service's clock: a test moves it forward (expiry) instead of editing stored, bound fields.
  let skewMs = 0;
  const service = await createOpsService({
    loaded,
    logger: pino({ level: 'silent' }),
    now: () => new Date(Date.now() + skewMs),
  });
  // Recording where a card is shown is not a transition (no event): announce it to the waiters here.
  const cards = new Map<string, (ts: string) => void>();
  const setCard = service.approvals.setCard.bind(service.approvals);
  service.approvals.setCard = async (id, card) => {
    await setCard(id, card);
    cards.get(id)?.(card.ts);
  };
  const started = await startBotOn(
    fake,
    { kind: 'http', signingSecret: SIGNING_SECRET },
    service,
    undefined,
    service.store,
  );
  const { bot } = started;
  const events = `http://127.0.0.1:${started.port}/slack/events`;
  let n = 0;
  const seenCards = new Set<number>();

  const waitStatus = (id: string, statuses: Status[]) => statusReached(service.approvals, id, statuses);
  const waitCreated = (match: (r: ApprovalRequest) => boolean) =>
    firstRequest(
      service.approvals,
      match,
      async () => (await service.approvals.list()).find(match),
      'a matching request is created',
    );

  const cardRecorded = (id: string) =>
    withDeadline(
      new Promise<string>((resolve, reject) => {
        cards.set(id, resolve);
        service.approvals.get(id).then((r) => {
          if (r?.card?.ts) resolve(r.card.ts);
        }, reject);
      }),
      `card of ${id} recorded`,
    ).finally(() => cards.delete(id));

  const click: SlackApprovalsWorld['click'] = async (actionId, value, user, o = {}) => {
    const tag = o.tag ?? `click${++n}`;
    const res = await postSigned(
      events,
      SIGNING_SECRET,
      buttonClickBody(actionId, value, {
        user,
        responseUrl: fake.responseUrl(tag),
        ...(o.threadTs ? { threadTs: o.threadTs } : {}),
        ...(o.channel ? { channel: o.channel } : {}),
      }),
      { forge: o.forge ?? false },
    );
    return { status: res.status, tag };
  };

  return {
    fake,
    lab,
    service,
    bot,
    events,
    changes: () => lab.mutations().map((m) => m.command),
    async request(text, user = 'U0ALICE', mark = text) {
      const res = await postSigned(
        events,
        SIGNING_SECRET,
        slashBody(text, { user, responseUrl: fake.responseUrl(`req${++n}`) }),
      );
      expect(res.status).toBe(200);
      const card = await fake.waitFor(
        () =>
          fake
            .callsTo('chat.postMessage')
            .find(
              (c) => blocks(c).includes(APPROVE_ACTION) && blocks(c).includes(mark) && !seenCards.has(c.seq),
            ),
        HANG_MS,
        `card for ${text}`,
      );
      seenCards.add(card.seq);
      const id = buttonsOf(card).find((e) => e.action_id === APPROVE_ACTION)!.value;
      return { id, ts: await cardRecorded(id) };
    },
    click,
    refusalFor: (tag) =>
      fake.waitFor(
        () => fake.responses.find((r) => r.path === `/response/${tag}`),
        HANG_MS,
        `answer to ${tag}`,
      ),
    waitStatus,
    waitCreated,
    async diagnosisOffer(thread, eventId) {
      const earlier = new Set(fake.callsTo('chat.update').map((c) => c.seq));
      await postSigned(
        events,
        SIGNING_SECRET,
        JSON.stringify(mentionEvent('<@UBOT> VMs only see 3GB', { ts: thread, eventId })),
        { contentType: 'application/json' },
      );
      const result = await fake.waitFor(
        () =>
          fake.callsTo('chat.update').find((c) => !earlier.has(c.seq) && blocks(c).includes(RUN_PLAN_ACTION)),
        HANG_MS,
        'diagnosis with a plan button',
      );
      const offer = buttonsOf(result).find((e) => e.action_id === RUN_PLAN_ACTION)!.value;
      expect(offer).toMatch(/^plan_[A-Za-z0-9_-]+$/);
      return offer;
    },
    settle: () => withDeadline(bot.jobs.idle(), 'the bot finishes its jobs'),
    advanceClock(ms) {
      skewMs += ms;
    },
    async close() {
      await bot.stop(1000);
      await service.close();
      await lab.close();
      await fake.close();
    },
  };
}
