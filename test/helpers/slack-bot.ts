/** Starts the real Bolt app (createSlackApp) against the fake Slack, with a quiet logger, for the e2e tests. */
import type { OpsService } from '../../src/core/ops-service.ts';
import type { AccessPolicy } from '../../src/slack/access.ts';
import { createSlackApp, type SlackBot } from '../../src/slack/app.ts';
import type { SlackMode } from '../../src/slack/settings.ts';
import type { StateStore } from '../../src/store/types.ts';
import { capturedLogger } from './canaries.ts';
import type { FakeSlack } from './slack-fake-api.ts';
import { OpsServiceDouble } from './slack-ops-double.ts';

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

export const TEST_ACCESS: AccessPolicy = {
  allowedChannels: ['C0OPS', 'C0QUIET', 'C0LONG', 'C0BUSY', 'C0PRIV', 'C0ESC'],
  allowedUsers: ['U0ALICE'],
  allowedUserGroups: ['S0OPS'],
};

export interface RunningTestBot {
  bot: SlackBot;
  service: OpsServiceDouble;
  port?: number;
}

export async function startTestBot(
  fake: FakeSlack,
  mode: SlackMode,
  access: AccessPolicy = TEST_ACCESS,
): Promise<RunningTestBot> {
  const service = new OpsServiceDouble();
  return { ...(await startBotOn(fake, mode, service, access)), service };
}

/** The real Bolt app on any OpsService (a double, or the real one over the lab). */
export async function startBotOn(
  fake: FakeSlack,
  mode: SlackMode,
  service: OpsService,
  access: AccessPolicy = TEST_ACCESS,
  store?: StateStore,
): Promise<{ bot: SlackBot; port?: number }> {
  const bot = createSlackApp({
    service,
    logger: capturedLogger('slack bot'),
    access,
    botToken: 'xoxb-test-token',
    mode,
    slackApiUrl: fake.apiUrl,
    postIntervalMs: 50,
    progressIntervalMs: 200,
    webApiRetries: 0,
    ...(store ? { store } : {}),
  });
  await bot.init();
  const { port } = await bot.start(0, '127.0.0.1');
  return port === undefined ? { bot } : { bot, port };
}
