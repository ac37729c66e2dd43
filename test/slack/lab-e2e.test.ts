/** The real Bolt app on the real OpsService against the lab: what an operator sees for the seed's incident. */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { SlackBot } from '../../src/slack/app.ts';
import { type LabService, startLabService } from '../helpers/lab-service.ts';
import { SIGNING_SECRET, startBotOn } from '../helpers/slack-bot.ts';
import { FakeSlack } from '../helpers/slack-fake-api.ts';
import { mentionEvent, postSigned, slashBody } from '../helpers/slack-sign.ts';

let fake: FakeSlack;
let s: LabService;
let bot: SlackBot;
let events: string;

beforeAll(async () => {
  fake = await FakeSlack.start();
  s = await startLabService('memory-cap');
  const started = await startBotOn(fake, { kind: 'http', signingSecret: SIGNING_SECRET }, s.service);
  bot = started.bot;
  const port = started.port;
  events = `http://127.0.0.1:${port}/slack/events`;
});
afterAll(async () => {
  await bot?.stop(1000);
  await s?.close();
  await fake?.close();
});

const urlPosts = (id: string) => fake.responses.filter((r) => r.path === `/response/${id}`);
const text = (c: { body: Record<string, unknown> }) =>
  `${String(c.body.text ?? '')} ${JSON.stringify(c.body.blocks ?? '')}`;

describe('Slack against the memory-cap lab', () => {
  it('/cloudops audit memory: the ack shows it running, the result replaces it with a problem icon', async () => {
    const before = fake.calls.length;
    const res = await postSigned(
      events,
      SIGNING_SECRET,
      slashBody('audit memory', { channel: 'C0OPS', responseUrl: fake.responseUrl('audit') }),
    );
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    expect(res.text).toContain('in_channel');
    const result = await fake.waitFor(
      () =>
        urlPosts('audit').find((r) => text(r).includes('5 of 5 running VMs have only 50% of their offering')),
      15000,
      'result through response_url',
    );
    expect(result.body.replace_original).toBe(true);
    // 7.19: capped VMs are a problem, not a green tick.
    expect(text(result)).toContain(':red_circle: 5 of 5 running VMs');
    expect(text(result)).not.toContain(':white_check_mark: 5 of 5');
    // Everything went through response_url: no message of its own in the channel. (The mention test's
    // late updates may still arrive in C0OPS, but they edit or reply in its own thread.)
    expect(
      fake.calls
        .slice(before)
        .filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0OPS' && !c.body.thread_ts),
    ).toHaveLength(0);
  });

  it('an @mention "VMs only see 3GB" yields the diagnosis with its cause', async () => {
    const before = fake.calls.length;
    const res = await postSigned(
      events,
      SIGNING_SECRET,
      JSON.stringify(
        mentionEvent('<@UBOT> VMs only see 3GB', { eventId: 'EvLab1', ts: '1700000200.000100' }),
      ),
      { contentType: 'application/json' },
    );
    expect(res.status).toBe(200);
    const reply = await fake.waitFor(
      () =>
        fake.calls
          .slice(before)
          .find(
            (c) =>
              (c.method === 'chat.postMessage' || c.method === 'chat.update') &&
              text(c).includes('vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor'),
          ),
      15000,
    );
    expect(text(reply!)).toMatch(/50%/);
    // The answer is in the mention's thread: the message (or the message it edits) has thread_ts = the mention's ts.
    const posted =
      reply.method === 'chat.postMessage'
        ? reply
        : fake.calls
            .slice(before)
            .find((c) => c.method === 'chat.postMessage' && fake.tsOf(c) === reply.body.ts);
    expect(posted?.body.channel).toBe('C0OPS');
    expect(posted?.body.thread_ts).toBe('1700000200.000100');
    // This bot has no model configured: it says the answer comes from the runbooks.
    expect(text(reply!)).toContain('No model is configured');
  });

  it('a dead host shows as unreachable and the ack still comes inside 3 s when a host hangs', async () => {
    await s.lab.setHostFault('kvm02', 'silent');
    // Healthy again for whichever test runs next, even when this one fails.
    onTestFinished(() => s.lab.setHostFault('kvm02', 'none'));
    const before = fake.calls.length;
    const res = await postSigned(
      events,
      SIGNING_SECRET,
      slashBody('audit memory', { channel: 'C0OPS', responseUrl: fake.responseUrl('hang') }),
    );
    expect(res.ms).toBeLessThan(3000);
    // The final result, not a progress note: the audit's own line about the host it could not reach.
    const reply = await fake.waitFor(
      () =>
        urlPosts('hang').find((c) => text(c).includes('Unreachable hosts (not audited via libvirt): kvm02')),
      20000,
    );
    expect(fake.calls.length).toBe(before);
    expect(text(reply!)).toContain('5 of 5 running VMs have only 50% of their offering');
  });
});
