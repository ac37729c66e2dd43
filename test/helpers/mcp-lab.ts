/**
 * A memory-cap lab, a fake Slack, and a config that gives the MCP server identities (tokens by sha256, a stdio
 * user), an approval policy and a card channel; plus the real Slack bot on the same store, so approvals are
 * given the way humans give them: a signed button click into Bolt's HTTPReceiver.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { pino } from 'pino';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.ts';
import { createOpsService, type WiredOpsService } from '../../src/core/create-ops-service.ts';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';
import { newToken } from '../../src/mcp/tokens.ts';
import type { SlackBot } from '../../src/slack/app.ts';
import { APPROVE_ACTION } from '../../src/slack/blocks/approval-card.ts';
import { SIGNING_SECRET, startBotOn } from './slack-bot.ts';
import { FakeSlack } from './slack-fake-api.ts';
import { buttonClickBody, postSigned } from './slack-sign.ts';

/** Alice may request changes; Bob approves; Rita only reads; Otto holds a token but may not use the bot. */
export const ALICE = 'U0ALICE';
export const BOB = 'U0BOB';
export const RITA = 'U0RITA';
export const OTTO = 'U0OTTO';
export const CHANNEL = 'C0OPS';

export interface McpLab {
  lab: Lab;
  fake: FakeSlack;
  configPath: string;
  tokens: Record<'alice' | 'rita' | 'otto', string>;
  /** The lab's own CloudStack API key pair: config secrets that must never reach a client. */
  apiSecrets: string[];
  /** The Slack bot process side: same store, decides approvals from signed clicks. */
  botService: WiredOpsService;
  bot: SlackBot;
  eventsUrl: string;
  close(): Promise<void>;
}

export async function startMcpLab(): Promise<McpLab> {
  const logger = pino({ level: 'silent' });
  const fake = await FakeSlack.start();
  const lab = await startLab({ scenario: 'memory-cap', logger });
  const t = { alice: newToken(), rita: newToken(), otto: newToken() };
  const config = parse(await readFile(lab.configPath, 'utf8')) as Record<string, unknown>;
  const env = (config.environments as { cloudstack: { apiKey: string; secretKey: string } }[])[0]!;
  config.slack = { allowedUsers: [ALICE, BOB, RITA], allowAll: false };
  config.approvals = { requesters: [ALICE], approvers: { mutate: [BOB], destructive: [BOB] } };
  config.mcp = {
    stdioUser: ALICE,
    channel: CHANNEL,
    tokens: [
      { user: ALICE, sha256: t.alice.sha256 },
      { user: RITA, sha256: t.rita.sha256 },
      { user: OTTO, sha256: t.otto.sha256 },
    ],
    http: { host: '127.0.0.1', port: 0, maxBodyBytes: 64 * 1024 },
  };
  const configPath = join(lab.dir, 'mcp.yaml');
  await writeFile(configPath, stringify(config), { mode: 0o600 });
  const botService = await createOpsService({ loaded: await loadConfig(configPath, {}), logger });
  const started = await startBotOn(fake, { kind: 'http', signingSecret: SIGNING_SECRET }, botService, {
    allowedChannels: [CHANNEL],
    allowedUsers: [ALICE, BOB],
    allowedUserGroups: [],
  });
  return {
    lab,
    fake,
    configPath,
    tokens: { alice: t.alice.token, rita: t.rita.token, otto: t.otto.token },
    apiSecrets: [env.cloudstack.apiKey, env.cloudstack.secretKey],
    botService,
    bot: started.bot,
    eventsUrl: `http://127.0.0.1:${started.port}/slack/events`,
    async close() {
      await started.bot.stop(1000);
      await botService.close();
      await lab.close();
      await fake.close();
    },
  };
}

/** All the text of a tool result (what a client's model would read). */
export const textOf = (r: Awaited<ReturnType<Client['callTool']>>): string =>
  (r.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n');

/** A human clicks Approve on the card in Slack (signed, through Bolt's HTTPReceiver). */
export async function clickApprove(m: McpLab, id: string, user: string): Promise<number> {
  const res = await postSigned(
    m.eventsUrl,
    SIGNING_SECRET,
    buttonClickBody(APPROVE_ACTION, id, {
      user,
      channel: CHANNEL,
      responseUrl: m.fake.responseUrl(`click-${user}`),
    }),
  );
  return res.status;
}

/** The request id on the approval card posted for it (the button value), proving the card reached Slack. */
export function cardRequestIds(fake: FakeSlack): string[] {
  return fake
    .callsTo('chat.postMessage')
    .flatMap(
      (c) => (c.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]) ?? [],
    )
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.action_id === APPROVE_ACTION)
    .map((e) => e.value);
}
