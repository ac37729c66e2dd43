/**
 * One fake Slack and one real Bolt app in HTTP mode (over the ops double) for a whole test file: started
 * before its tests, stopped after them. Read the fields inside tests, once `beforeAll` has run.
 */
import { afterAll, beforeAll } from 'vitest';
import { type RunningTestBot, SIGNING_SECRET, startTestBot } from './slack-bot.ts';
import { FakeSlack } from './slack-fake-api.ts';

export interface HttpTestBot {
  fake: FakeSlack;
  t: RunningTestBot;
  /** Bolt's /slack/events URL. */
  events: string;
}

export function httpTestBotPerFile(): HttpTestBot {
  const ctx = {} as HttpTestBot;
  beforeAll(async () => {
    ctx.fake = await FakeSlack.start();
    ctx.t = await startTestBot(ctx.fake, { kind: 'http', signingSecret: SIGNING_SECRET });
    ctx.events = `http://127.0.0.1:${ctx.t.port}/slack/events`;
  });
  afterAll(async () => {
    await ctx.t?.bot.stop(1000);
    await ctx.fake?.close();
  });
  return ctx;
}
