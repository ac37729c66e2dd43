/**
 * `/cloudops vm stop ウェブ01` as Slack sends it (signed slash command into Bolt's HTTPReceiver): the card is
 * posted, a signed Approve click runs it, and the lab API records a stop of exactly web02. Hostile names
 * get a short private refusal in the ack, with hidden characters shown escaped, and nothing runs.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalsSchema } from '../../src/config/approvals-schema.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createOpsService } from '../../src/core/create-ops-service.ts';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';
import type { SlackBot } from '../../src/slack/app.ts';
import { APPROVE_ACTION } from '../../src/slack/blocks/approval-card.ts';
import { labCalls } from '../helpers/approvals-lab.ts';
import { SIGNING_SECRET, startBotOn } from '../helpers/slack-bot.ts';
import { FakeSlack } from '../helpers/slack-fake-api.ts';
import { buttonClickBody, postSigned, slashBody } from '../helpers/slack-sign.ts';

let fake: FakeSlack;
let lab: Lab;
let service: Awaited<ReturnType<typeof createOpsService>>;
let bot: SlackBot;
let events: string;

beforeAll(async () => {
  fake = await FakeSlack.start();
  fake.usergroups.S0OPS = ['U0BOB'];
  lab = await startLab({ scenario: 'unicode-names', logger: pino({ level: 'silent' }) });
  const loaded = await loadConfig(lab.configPath, {});
  loaded.config.approvals = approvalsSchema.parse({
    requesters: ['U0ALICE'],
    approvers: { mutate: ['U0BOB'], destructive: ['U0BOB'] },
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
}, 60_000);
afterAll(async () => {
  await bot?.stop(1000);
  await service?.close();
  await lab?.close();
  await fake?.close();
});

const blocks = (c: { body: Record<string, unknown> }) => JSON.stringify(c.body.blocks ?? '');

describe('Unicode VM names from Slack', () => {
  it('vm stop ウェブ01: card, signed Approve, the lab stops web02', { timeout: 60_000 }, async () => {
    const res = await postSigned(
      events,
      SIGNING_SECRET,
      slashBody('vm stop ウェブ01', { user: 'U0ALICE', responseUrl: fake.responseUrl('uni1') }),
    );
    expect(res.status).toBe(200);
    const card = await fake.waitFor(
      () =>
        fake
          .callsTo('chat.postMessage')
          .find((c) => blocks(c).includes(APPROVE_ACTION) && blocks(c).includes('ウェブ01')),
      20_000,
      'approval card for ウェブ01',
    );
    const id = (card.body.blocks as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === APPROVE_ACTION)!.value;
    const done = new Promise<string>((resolve) =>
      service.approvals.subscribe((r, e) => {
        if (r.id === id && (e === 'done' || e === 'failed')) resolve(`${r.status} ${r.outcome ?? ''}`);
      }),
    );
    await postSigned(
      events,
      SIGNING_SECRET,
      buttonClickBody(APPROVE_ACTION, id, { user: 'U0BOB', responseUrl: fake.responseUrl('uni2') }),
    );
    expect(await done).toMatch(/^done/);
    expect(labCalls(lab)).toEqual(['stop web02']);
  });

  it.each([
    ['vm stop ウェブ\u202E10', 'text-direction', '\\\\u{202E}'],
    ['vm ウェブ\u200B01 memory', 'invisible', '\\\\u{200B}'],
    ['vm stop "web\u000001"', 'control', '\\\\u{0}'],
  ])('hostile %j: a short private refusal, nothing runs', async (text, why, shown) => {
    const before = lab.mutations().length;
    const res = await postSigned(
      events,
      SIGNING_SECRET,
      slashBody(text, { user: 'U0ALICE', responseUrl: fake.responseUrl('hostile') }),
    );
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain(why);
    expect(JSON.stringify(body.text)).toContain(shown);
    expect(body.text).not.toMatch(/[\u0000\u200B\u202E]/);
    expect(body.text.length).toBeLessThan(300);
    expect(lab.mutations().length).toBe(before);
  });
});
