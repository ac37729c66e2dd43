/**
 * The whole bot for watch tests: the lab's config with `watches:`/`intake:` added, the real OpsService and
 * store (SQLite in the lab dir, so a restarted bot sees the same state), the real Bolt app on the fake Slack.
 */
import { pino } from 'pino';
import { afterEach, beforeEach } from 'vitest';
import { approvalsSchema } from '../../src/config/approvals-schema.ts';
import { loadConfig } from '../../src/config/load.ts';
import { intakeSchema, watchesSchema } from '../../src/config/watch-schema.ts';
import { createOpsService } from '../../src/core/create-ops-service.ts';
import { type Lab, type StartLabOptions, startLab } from '../../src/lab/start-lab.ts';
import { createSlackApp, type SlackBot } from '../../src/slack/app.ts';
import type { BotStore } from '../../src/store/audit-rows.ts';
import { createWatchRuntime, type WatchRuntime } from '../../src/watch/runtime.ts';
import type { Announcement, WatchEvent } from '../../src/watch/types.ts';
import { SIGNING_SECRET, TEST_ACCESS } from './slack-bot.ts';
import { FakeSlack } from './slack-fake-api.ts';

export const INTAKE_SECRET = 'intake-secret-for-tests-0123456789';

export interface WatchBot {
  bot: SlackBot;
  runtime: WatchRuntime;
  service: Awaited<ReturnType<typeof createOpsService>>;
  port: number;
  /** Every event the stream handled, with what it announced. */
  handled: { e: WatchEvent; announce: Announcement | undefined }[];
  stop(): Promise<void>;
}

export interface WatchBotOptions {
  watches?: Record<string, unknown>;
  intake?: Record<string, unknown>;
  store?: BotStore;
  /** An approval policy (config `approvals:`), for "Run this plan". */
  approvals?: Record<string, unknown>;
}

export async function startWatchBot(
  lab: Pick<Lab, 'configPath'>,
  fake: Pick<FakeSlack, 'apiUrl'>,
  o: WatchBotOptions,
): Promise<WatchBot> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const loaded = await loadConfig(lab.configPath, {});
  const env = loaded.config.environments[0]!;
  if (o.watches) env.watches = watchesSchema.parse(o.watches);
  if (o.intake) loaded.config.intake = intakeSchema.parse(o.intake);
  if (o.approvals) loaded.config.approvals = approvalsSchema.parse(o.approvals);
  const service = await createOpsService({ loaded, logger, ...(o.store ? { store: o.store } : {}) });
  const handled: WatchBot['handled'] = [];
  const runtime = createWatchRuntime({
    config: loaded.config,
    service,
    store: service.store,
    audit: service.audit,
    logger,
    intakeSecret: INTAKE_SECRET,
    onHandled: (e, announce) => handled.push({ e, announce }),
  });
  const bot = createSlackApp({
    service,
    logger,
    access: TEST_ACCESS,
    botToken: 'xoxb-test-token',
    mode: { kind: 'http', signingSecret: SIGNING_SECRET },
    slackApiUrl: fake.apiUrl,
    postIntervalMs: 20,
    progressIntervalMs: 200,
    webApiRetries: 0,
    watch: runtime,
    store: service.store,
  });
  await bot.init();
  const { port } = await bot.start(0, '127.0.0.1');
  return {
    bot,
    runtime,
    service,
    port: port!,
    handled,
    async stop() {
      await bot.stop(1000);
      await service.close();
    },
  };
}

/** Sends a command to the lab's control surface over its loopback HTTP, as an operator's script would. */
export async function labCtl(lab: Lab, cmd: Record<string, unknown>): Promise<string> {
  const r = await fetch(lab.control.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${lab.control.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(cmd),
  });
  const body = (await r.json()) as { done?: string; error?: string };
  if (r.status !== 200) throw new Error(`lab ctl ${r.status}: ${body.error}`);
  return body.done ?? '';
}

/** Top-level posts (not thread replies) in a channel, and the replies in one thread. */
export const topPosts = (fake: FakeSlack, channel: string) =>
  fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel && !c.body.thread_ts);
export const replies = (fake: FakeSlack, ts: string) =>
  fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === ts);
export const textOf = (c: { body: Record<string, unknown> }): string =>
  `${String(c.body.text ?? '')}\n${JSON.stringify(c.body.blocks ?? [])}`;

/** One watch test's world: its own lab and fake Slack, and the bot the test starts on them (if any). */
export interface WatchWorld {
  lab: Lab;
  fake: FakeSlack;
  bot: WatchBot | undefined;
}

/**
 * Gives every test in the file a fresh lab (a healthy one unless told) and fake Slack, and stops the bot it
 * started: watches change the lab and the store, so no test may inherit another's.
 */
export function watchWorldEachTest(lab: Partial<StartLabOptions> = {}): WatchWorld {
  const w = {} as WatchWorld;
  beforeEach(async () => {
    w.lab = await startLab({ scenario: 'healthy', ...lab });
    w.fake = await FakeSlack.start();
    w.bot = undefined;
  });
  afterEach(async () => {
    await w.bot?.stop();
    w.bot = undefined;
    await w.fake.close();
    await w.lab.close();
  });
  return w;
}
