import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTestBot, startTestBot } from '../helpers/slack-bot.ts';
import { FakeSlack } from '../helpers/slack-fake-api.ts';
import { mentionEvent, slashPayload } from '../helpers/slack-sign.ts';

let fake: FakeSlack;
let t: RunningTestBot;

beforeAll(async () => {
  fake = await FakeSlack.start();
  t = await startTestBot(fake, { kind: 'socket', appToken: 'xapp-1-test' });
});
afterAll(async () => {
  await t?.bot.stop(500);
  await fake?.close();
});

const ackFor = (id: string) => fake.frames.find((f) => f.data.envelope_id === id);
const blocksOf = (c: { body: Record<string, unknown> }) => JSON.stringify(c.body.blocks ?? '');

describe('Socket Mode (real SocketModeClient against a local WebSocket server)', () => {
  it('connected with the app token through apps.connections.open', () => {
    expect(fake.connected).toBe(1);
    expect(fake.callsTo('apps.connections.open')[0]?.token).toBe('xapp-1-test');
    expect(fake.callsTo('auth.test')[0]?.token).toBe('xoxb-test-token');
  });

  it('acks a slash command within 3 s while the service is still working, then posts the result', async () => {
    let release: () => void = () => {};
    t.service.gate = new Promise<void>((r) => (release = r));
    const mine = () => fake.responses.filter((r) => r.path === '/response/sock');
    try {
      const sent = Date.now();
      fake.send({
        envelope_id: 'env-slash-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: slashPayload('audit memory', { responseUrl: fake.responseUrl('sock') }),
      });
      // Slack's own deadline is the point here: an ack later than 3 s is an error shown to the user.
      const ack = await fake.waitFor(() => ackFor('env-slash-1'), 3000, 'ack frame');
      expect(ack.at - sent).toBeLessThan(3000);
      await fake.waitFor(() => t.service.calls.find((c) => c.name === 'fleet_memory_audit'));
      // The ack frame itself carries the running line, shown in the channel.
      expect(JSON.stringify(ack.data)).toContain('Running');
      expect(JSON.stringify(ack.data)).toContain('in_channel');
      // Still held by the gate: nothing can have been posted as a result yet.
      expect(mine().some((r) => JSON.stringify(r.body.blocks).includes('34 of 36 running VMs'))).toBe(false);
    } finally {
      release();
      t.service.gate = undefined;
    }
    const result = await fake.waitFor(
      () => mine().find((r) => JSON.stringify(r.body.blocks).includes('34 of 36 running VMs')),
      15_000,
      'result',
    );
    expect(result.body).toMatchObject({ response_type: 'in_channel', replace_original: true });
  });

  it('answers a Japanese @mention in Japanese, in the thread, once even when Slack retries', async () => {
    const ts = '1700000300.000100';
    const payload = mentionEvent('<@UBOT> Webサーバーが何度も落ちます。ログに OOM が出ています', {
      ts,
      eventId: 'EvSock1',
    });
    fake.send({
      envelope_id: 'env-ev-1',
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload,
    });
    await fake.waitFor(() => ackFor('env-ev-1'), 3000, 'event ack');
    // Slack's redelivery of the same event (it thought the ack was late).
    fake.send({
      envelope_id: 'env-ev-1b',
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 1,
      retry_reason: 'timeout',
      payload,
    });
    await fake.waitFor(() => ackFor('env-ev-1b'), 3000, 'retry ack');
    const result = await fake.waitFor(
      () => fake.callsTo('chat.update').find((c) => blocksOf(c).includes('診断')),
      8000,
      'japanese result',
    );
    expect(blocksOf(result)).toContain('次の対応案');
    const progress = fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === ts);
    expect(progress?.body.channel).toBe('C0OPS');
    // A later event is the barrier: once it reached the service, a duplicate would have arrived before it.
    fake.send({
      envelope_id: 'env-ev-barrier',
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload: mentionEvent('<@UBOT> barrier after the retry', {
        ts: '1700000300.000900',
        eventId: 'EvSockB',
      }),
    });
    await fake.waitFor(() => t.service.calls.find((c) => c.target === 'barrier after the retry'));
    const diagnoses = t.service.calls.filter(
      (c) => c.method === 'diagnose' && c.target === 'Webサーバーが何度も落ちます。ログに OOM が出ています',
    );
    expect(diagnoses).toHaveLength(1);
    expect(diagnoses[0]).toMatchObject({
      target: 'Webサーバーが何度も落ちます。ログに OOM が出ています',
      opts: { lang: 'ja' },
    });
  });

  it('treats a DM as a request too, and refuses a user who is not allowed', async () => {
    const ts = '1700000400.000100';
    fake.send({
      envelope_id: 'env-dm-1',
      type: 'events_api',
      accepts_response_payload: false,
      payload: mentionEvent('envs', {
        type: 'message',
        channel: 'D0EVE',
        user: 'U0EVE',
        ts,
        eventId: 'EvDm1',
      }),
    });
    const refusal = await fake.waitFor(() =>
      fake.callsTo('chat.postEphemeral').find((c) => c.body.channel === 'D0EVE'),
    );
    expect(refusal.body.user).toBe('U0EVE');
    expect(String(refusal.body.text)).toContain('not allowed');
    fake.send({
      envelope_id: 'env-dm-2',
      type: 'events_api',
      accepts_response_payload: false,
      payload: mentionEvent('envs', {
        type: 'message',
        channel: 'D0ALICE',
        user: 'U0ALICE',
        ts,
        eventId: 'EvDm2',
      }),
    });
    const envs = await fake.waitFor(() =>
      fake.callsTo('chat.postEphemeral').find((c) => c.body.channel === 'D0ALICE'),
    );
    expect(blocksOf(envs)).toContain('prod');
  });
});
