import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTestBot, SIGNING_SECRET, startTestBot } from '../helpers/slack-bot.ts';
import { FakeSlack } from '../helpers/slack-fake-api.ts';
import { simpleEnvelope } from '../helpers/slack-ops-double.ts';
import { mentionEvent, postSigned, slashBody } from '../helpers/slack-sign.ts';

let fake: FakeSlack;
let t: RunningTestBot;
let events: string;

beforeAll(async () => {
  fake = await FakeSlack.start();
  fake.usergroups.S0OPS = ['U0BOB'];
  t = await startTestBot(fake, { kind: 'http', signingSecret: SIGNING_SECRET });
  events = `http://127.0.0.1:${t.port}/slack/events`;
});
afterAll(async () => {
  await t?.bot.stop(1000);
  await fake?.close();
});

const inChannel = (channel: string) =>
  fake.calls.filter((c) => c.body.channel === channel || c.body.channel_id === channel);
const blocksOf = (c: { body: Record<string, unknown> }) => JSON.stringify(c.body.blocks ?? '');
const slash = (text: string, o: { user?: string; channel?: string; response: string }) =>
  postSigned(events, SIGNING_SECRET, slashBody(text, { ...o, responseUrl: fake.responseUrl(o.response) }));

describe('HTTP mode (Bolt HTTPReceiver, signed requests)', () => {
  it('serves /healthz', async () => {
    const res = await fetch(`http://127.0.0.1:${t.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, mode: 'http' });
  });

  it('rejects a forged signature and a stale timestamp with 401', async () => {
    const before = t.service.calls.length;
    const body = slashBody('audit memory', { responseUrl: fake.responseUrl('forged') });
    expect((await postSigned(events, SIGNING_SECRET, body, { forge: true })).status).toBe(401);
    expect(
      (await postSigned(events, SIGNING_SECRET, body, { ts: Math.floor(Date.now() / 1000) - 301 })).status,
    ).toBe(401);
    // A valid request sent after them is the barrier: once it reached the service, the forged ones are done.
    await slash('drbd', { channel: 'C0QUIET', response: 'after-forged' });
    await fake.waitFor(() => t.service.calls.slice(before).length > 0 || undefined);
    expect(t.service.calls.slice(before)).toMatchObject([{ method: 'runTool', name: 'drbd_status' }]);
  });

  it('acks /cloudops audit memory at once, then posts a parent, ONE progress message updated in place, and the result in the thread', async () => {
    const before = fake.calls.length;
    // Only this request's calls: other tests post in C0OPS too, in any order.
    const ops = () => fake.calls.slice(before).filter((c) => c.body.channel === 'C0OPS');
    t.service.delayMs = 1600;
    t.service.progressNotes = [
      'kvm01: virsh domstats',
      'kvm02: virsh domstats',
      'kvm03: virsh domstats',
      'kvm04: connecting',
      'database: cluster settings',
    ];
    const res = await slash('audit memory prod', { response: 'audit' });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    const final = await fake.waitFor(
      () => ops().find((c) => c.method === 'chat.update' && blocksOf(c).includes('34 of 36 running VMs')),
      10_000,
      'threaded result',
    );
    const posts = ops().filter((c) => c.method === 'chat.postMessage');
    expect(posts).toHaveLength(2);
    const [parent, progress] = posts;
    expect(parent!.body.thread_ts).toBeUndefined();
    expect(blocksOf(parent!)).toContain('audit memory (prod)');
    const parentTs = await fake.waitFor(
      () => ops().find((c) => c.method === 'chat.update' && c.body.ts !== final.body.ts)?.body.ts,
    );
    expect(progress!.body.thread_ts).toBe(parentTs);
    // The result replaced the progress message; progress rewrote that same message, throttled.
    const progressTs = final.body.ts;
    const progressUpdates = ops().filter((c) => c.method === 'chat.update' && c.body.ts === progressTs);
    expect(progressUpdates.length).toBeGreaterThanOrEqual(3);
    expect(progressUpdates.length).toBeLessThanOrEqual(10);
    expect(progressUpdates.some((c) => blocksOf(c).includes('kvm0'))).toBe(true);
    expect(blocksOf(final)).toContain('kvm04: host unreachable');
    expect(t.service.calls.at(-1)).toMatchObject({
      method: 'runTool',
      name: 'fleet_memory_audit',
      input: {},
      opts: { env: 'prod' },
    });
    t.service.delayMs = 0;
    t.service.progressNotes = [];
  });

  it('answers an unknown subcommand with ephemeral help through response_url', async () => {
    await slash('reboot kvm01', { response: 'unknown' });
    const r = await fake.waitFor(() => fake.responses.find((x) => x.path === '/response/unknown'));
    expect(r.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(r.body.blocks)).toContain('/cloudops audit memory [env]');
    expect(JSON.stringify(r.body.blocks)).toContain('reboot');
  });

  it('refuses a user who is not allowed, politely and privately', async () => {
    const before = t.service.calls.length;
    await slash('audit memory', { user: 'U0EVE', response: 'eve' });
    const r = await fake.waitFor(() => fake.responses.find((x) => x.path === '/response/eve'));
    expect(r.body.response_type).toBe('ephemeral');
    expect(String(r.body.text)).toContain('not allowed');
    expect(t.service.calls.length).toBe(before);
  });

  it('lets a member of an allowed user group in (usergroups.users.list)', async () => {
    await slash('drbd', { user: 'U0BOB', channel: 'C0QUIET', response: 'bob' });
    await fake.waitFor(() =>
      inChannel('C0QUIET').find(
        (c) => c.method === 'chat.update' && blocksOf(c).includes('drbd_status: all good'),
      ),
    );
    // Looked up once (for the refused user above), then served from the cache.
    expect(fake.callsTo('usergroups.users.list').map((c) => c.body.usergroup)).toEqual(['S0OPS']);
  });

  it('delivers a private request only ephemerally', async () => {
    await slash('vm web01 memory private', { channel: 'C0PRIV', response: 'priv' });
    await fake.waitFor(
      () => fake.responses.filter((x) => x.path === '/response/priv').length >= 2 || undefined,
    );
    const rs = fake.responses.filter((x) => x.path === '/response/priv');
    expect(rs.every((r) => r.body.response_type === 'ephemeral')).toBe(true);
    expect(JSON.stringify(rs.at(-1)!.body.blocks)).toContain('vm_memory: all good');
    expect(inChannel('C0PRIV')).toHaveLength(0);
  });

  it('uploads a 60 000-character output as a file in the thread', async () => {
    const long = Array.from({ length: 1200 }, (_, i) => `setting.${i} = ${'v'.repeat(40)}`).join('\n');
    t.service.envelopes.cloudstack_setting = () => simpleEnvelope('cloudstack_setting', long);
    await slash('config overprovisioning', { channel: 'C0LONG', response: 'long' });
    const done = await fake.waitFor(
      () => fake.callsTo('files.completeUploadExternal').find((c) => c.body.channel_id === 'C0LONG'),
      10_000,
      'file upload',
    );
    expect(fake.uploads.some((u) => u.raw.includes('setting.1199 = '))).toBe(true);
    const thread = fake
      .callsTo('chat.postMessage')
      .find((c) => c.body.channel === 'C0LONG' && !c.body.thread_ts)!;
    const parentTs = fake.tsOf(thread);
    expect(parentTs).toMatch(/^\d+\.\d+$/);
    expect(done.body.thread_ts).toBe(parentTs);
    const result = inChannel('C0LONG').find(
      (c) => c.method === 'chat.update' && blocksOf(c).includes('attached below as a file'),
    );
    const resultPost = inChannel('C0LONG').find(
      (c) => c.method === 'chat.postMessage' && fake.tsOf(c) === result?.body.ts,
    );
    expect(resultPost?.body.thread_ts).toBe(parentTs);
  });

  it('honours 429 Retry-After on chat.postMessage', async () => {
    fake.rateLimitOnce('chat.postMessage', 1);
    await slash('cluster nfs-a', { channel: 'C0BUSY', response: 'busy' });
    await fake.waitFor(
      () =>
        inChannel('C0BUSY').find(
          (c) => c.method === 'chat.update' && blocksOf(c).includes('pacemaker_status: all good'),
        ),
      10_000,
    );
    const attempts = fake.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0BUSY');
    expect(attempts[0]!.status).toBe(429);
    expect(attempts[1]!.status).toBe(200);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('escapes <!channel> coming back from a tool (VM name, log line)', async () => {
    t.service.envelopes.oom_kills = () =>
      simpleEnvelope('oom_kills', 'guest <!channel> killed java', {
        warnings: ['dmesg: <!here> Out of memory'],
      });
    await slash('oom web01 24h', { channel: 'C0ESC', response: 'esc' });
    const c = await fake.waitFor(() =>
      inChannel('C0ESC').find((x) => x.method === 'chat.update' && blocksOf(x).includes('killed java')),
    );
    const all = JSON.stringify(inChannel('C0ESC').map((x) => x.body));
    expect(blocksOf(c)).toContain('&lt;!channel&gt;');
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<!here>');
    expect(t.service.calls.at(-1)).toMatchObject({
      name: 'oom_kills',
      input: { target: 'web01', since: '-24h' },
    });
  });

  it('falls back to ephemeral results where the bot is not a channel member', async () => {
    fake.failOnce('chat.postMessage', 'not_in_channel');
    await slash('host kvm01 memory', { response: 'nomember' });
    await fake.waitFor(
      () => fake.responses.filter((x) => x.path === '/response/nomember').length >= 3 || undefined,
    );
    const rs = fake.responses.filter((x) => x.path === '/response/nomember');
    expect(String(rs[0]!.body.text)).toContain('/invite');
    expect(JSON.stringify(rs.at(-1)!.body.blocks)).toContain('host_memory: all good');
  });

  it('starts a diagnosis in a thread for an @mention (signed Events API request)', async () => {
    const body = JSON.stringify(
      mentionEvent('<@UBOT> web servers keep going down, OOM in the logs', {
        channel: 'C0OPS',
        ts: '1700000200.000100',
        eventId: 'EvHTTP1',
      }),
    );
    const res = await postSigned(events, SIGNING_SECRET, body, { contentType: 'application/json' });
    expect(res.status).toBe(200);
    const c = await fake.waitFor(() =>
      fake
        .callsTo('chat.update')
        .find((x) => blocksOf(x).includes('web01 runs with 50% of its offered memory')),
    );
    expect(c.body.channel).toBe('C0OPS');
    const progress = fake
      .callsTo('chat.postMessage')
      .find((x) => x.body.ts === c.body.ts || x.body.thread_ts === '1700000200.000100');
    expect(progress?.body.thread_ts).toBe('1700000200.000100');
    expect(t.service.calls.at(-1)).toMatchObject({
      method: 'diagnose',
      target: 'web servers keep going down, OOM in the logs',
      opts: { lang: 'en' },
    });
  });
});
