import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { Envelope } from '../../src/tools/types.ts';
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
const urlPosts = (id: string) => fake.responses.filter((r) => r.path === `/response/${id}`);
const blocksOf = (c: { body: Record<string, unknown> }) => JSON.stringify(c.body.blocks ?? '');
const slash = (text: string, o: { user?: string; channel?: string; response: string }) =>
  postSigned(events, SIGNING_SECRET, slashBody(text, { ...o, responseUrl: fake.responseUrl(o.response) }));

/** A tool answer for this test only: put back when the test ends, pass or fail, so no other test sees it. */
function envelopeForThisTest(name: string, make: (input: unknown) => Envelope): void {
  const had = t.service.envelopes[name];
  t.service.envelopes[name] = make;
  onTestFinished(() => {
    if (had) t.service.envelopes[name] = had;
    else delete t.service.envelopes[name];
  });
}

describe('HTTP mode (Bolt HTTPReceiver, signed requests)', () => {
  // One bot and fake Slack for the file: each test starts when the work of the one before (late edits,
  // a mention's tool calls) is over, so none sees another's calls or takes another's failOnce.
  beforeEach(() => t.bot.jobs.idle());
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

  it('acks /cloudops audit memory with the running line itself, then progress and the result replace it through response_url', async () => {
    const before = fake.calls.length;
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
    // The ack carries the first visible response: in the channel, naming what runs for whom.
    const ack = JSON.parse(res.text) as Record<string, unknown>;
    expect(ack.response_type).toBe('in_channel');
    expect(JSON.stringify(ack.blocks)).toContain('audit memory (prod)');
    expect(JSON.stringify(ack.blocks)).toContain('U0ALICE');
    const final = await fake.waitFor(
      () => urlPosts('audit').find((r) => JSON.stringify(r.body.blocks).includes('34 of 36 running VMs')),
      10_000,
      'result through response_url',
    );
    expect(final.body).toMatchObject({ response_type: 'in_channel', replace_original: true });
    expect(JSON.stringify(final.body.blocks)).toContain('kvm04: host unreachable');
    // Progress edited the same message (at most two uses, so response_url's 5 uses last), never a new one.
    const progress = urlPosts('audit').filter((r) => r !== final);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(2);
    expect(progress.every((r) => r.body.replace_original === true && r.seq < final.seq)).toBe(true);
    expect(progress.some((r) => JSON.stringify(r.body.blocks).includes('kvm0'))).toBe(true);
    // Nothing of this request went to the channel as a message of its own (other tests post in C0OPS too).
    expect(
      fake.calls.slice(before).filter((c) => c.body.channel === 'C0OPS' && c.method.startsWith('chat.')),
    ).toHaveLength(0);
    expect(t.service.calls.at(-1)).toMatchObject({
      method: 'runTool',
      name: 'fleet_memory_audit',
      input: {},
      opts: { env: 'prod' },
    });
    t.service.delayMs = 0;
    t.service.progressNotes = [];
  });

  it('answers an unknown subcommand with ephemeral help in the ack itself', async () => {
    const res = await slash('frobnicate kvm01', { response: 'unknown' });
    const ack = JSON.parse(res.text) as Record<string, unknown>;
    expect(ack.response_type).toBe('ephemeral');
    expect(JSON.stringify(ack.blocks)).toContain('/cloudops audit memory [env]');
    expect(JSON.stringify(ack.blocks)).toContain('frobnicate');
  });

  it('refuses a user who is not allowed, politely and privately', async () => {
    // Its own environment name marks the refused request among calls other tests' jobs may still be making.
    const res = await slash('audit memory evezone', { user: 'U0EVE', response: 'eve' });
    const ack = JSON.parse(res.text) as Record<string, unknown>;
    expect(ack.response_type).toBe('ephemeral');
    expect(String(ack.text)).toContain('not allowed');
    // A valid request sent after it is the barrier: once it reached the service, the refused one is done.
    await slash('drbd', { channel: 'C0QUIET', response: 'after-eve' });
    await fake.waitFor(() => urlPosts('after-eve')[0]);
    expect(t.service.calls.filter((c) => c.opts?.env === 'evezone')).toEqual([]);
    expect(t.service.calls.some((c) => c.name === 'drbd_status')).toBe(true);
    expect(urlPosts('eve')).toHaveLength(0);
  });

  it('lets a member of an allowed user group in (usergroups.users.list)', async () => {
    await slash('drbd', { user: 'U0BOB', channel: 'C0QUIET', response: 'bob' });
    await fake.waitFor(() =>
      urlPosts('bob').find((r) => JSON.stringify(r.body.blocks).includes('drbd_status: all good')),
    );
    // Looked up once (for the refused user above), then served from the cache.
    expect(fake.callsTo('usergroups.users.list').map((c) => c.body.usergroup)).toEqual(['S0OPS']);
  });

  it('delivers a private request only ephemerally', async () => {
    const res = await slash('vm web01 memory private', { channel: 'C0PRIV', response: 'priv' });
    expect((JSON.parse(res.text) as Record<string, unknown>).response_type).toBe('ephemeral');
    const r = await fake.waitFor(() => urlPosts('priv')[0]);
    expect(r.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(r.body.blocks)).toContain('vm_memory: all good');
    expect(inChannel('C0PRIV')).toHaveLength(0);
  });

  it('uploads a 60 000-character output as a file; a private run says the file was not sent', async () => {
    const long = Array.from({ length: 1200 }, (_, i) => `setting.${i} = ${'v'.repeat(40)}`).join('\n');
    envelopeForThisTest('cloudstack_setting', () => simpleEnvelope('cloudstack_setting', long));
    // Counts from here: another test may have uploaded to C0LONG before.
    const before = fake.calls.length;
    const uploads = () =>
      fake.calls
        .slice(before)
        .filter((c) => c.method === 'files.completeUploadExternal' && c.body.channel_id === 'C0LONG');
    await slash('config overprovisioning', { channel: 'C0LONG', response: 'long' });
    await fake.waitFor(() => uploads()[0], 10_000, 'file upload');
    expect(fake.uploads.some((u) => u.raw.includes('setting.1199 = '))).toBe(true);
    await fake.waitFor(
      () => urlPosts('long').find((r) => JSON.stringify(r.body.blocks).includes('attached below as a file')),
      10_000,
      'the result saying the output is attached as a file',
    );

    await slash('config overprovisioning private', { channel: 'C0LONG', response: 'longpriv' });
    const priv = await fake.waitFor(() => urlPosts('longpriv')[0]);
    const shown = JSON.stringify(priv.body.blocks);
    expect(shown).not.toContain('attached');
    expect(shown).toContain('without `private`');
    expect(uploads()).toHaveLength(1);
  });

  it('a long answer to a mention is uploaded into the mention thread, not the channel', async () => {
    const long = Array.from({ length: 1200 }, (_, i) => `setting.${i} = ${'v'.repeat(40)}`).join('\n');
    envelopeForThisTest('cloudstack_setting', () => simpleEnvelope('cloudstack_setting', long));
    const parent = '1700000450.000100';
    const before = fake.calls.length;
    const body = JSON.stringify(
      mentionEvent('<@UBOT> config overprovisioning', {
        channel: 'C0LONG',
        ts: parent,
        eventId: 'EvUpThread',
      }),
    );
    await postSigned(events, SIGNING_SECRET, body, { contentType: 'application/json' });
    const done = await fake.waitFor(
      () => fake.calls.slice(before).find((c) => c.method === 'files.completeUploadExternal'),
      10_000,
      'file upload',
    );
    // The parent is the mention itself: the file goes to its thread.
    expect(done.body.channel_id).toBe('C0LONG');
    expect(done.body.thread_ts).toBe(parent);
  });

  it('honours 429 Retry-After on chat.postMessage (a mention posts its one message)', async () => {
    fake.rateLimitOnce('chat.postMessage', 1);
    const body = JSON.stringify(
      mentionEvent('<@UBOT> cluster nfs-a', {
        channel: 'C0BUSY',
        ts: '1700000300.000100',
        eventId: 'EvBusy',
      }),
    );
    await postSigned(events, SIGNING_SECRET, body, { contentType: 'application/json' });
    await fake.waitFor(
      () =>
        inChannel('C0BUSY').find(
          (c) => c.method === 'chat.update' && blocksOf(c).includes('pacemaker_status: all good'),
        ),
      10_000,
    );
    const attempts = fake.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0BUSY');
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('escapes <!channel> coming back from a tool (VM name, log line)', async () => {
    envelopeForThisTest('oom_kills', () =>
      simpleEnvelope('oom_kills', 'guest <!channel> killed java', {
        warnings: ['dmesg: <!here> Out of memory'],
      }),
    );
    await slash('oom web01 24h', { channel: 'C0ESC', response: 'esc' });
    const c = await fake.waitFor(() =>
      urlPosts('esc').find((x) => JSON.stringify(x.body.blocks).includes('killed java')),
    );
    const all = JSON.stringify(urlPosts('esc').map((x) => x.body));
    expect(JSON.stringify(c.body.blocks)).toContain('&lt;!channel&gt;');
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<!here>');
    expect(t.service.calls.at(-1)).toMatchObject({
      name: 'oom_kills',
      input: { target: 'web01', since: '-24h' },
    });
  });

  it('keeps a finished result when response_url fails: it arrives as a new message, the tool is not blamed (7.18)', async () => {
    fake.httpFailOnce('/response/urlfail', 500);
    await slash('host kvm01 memory', { channel: 'C0QUIET', response: 'urlfail' });
    const post = await fake.waitFor(() =>
      fake
        .callsTo('chat.postMessage')
        .find((c) => c.body.channel === 'C0QUIET' && blocksOf(c).includes('host_memory: all good')),
    );
    expect(post.body.thread_ts).toBeUndefined();
    // The request's work is over (nothing more can be posted for it): now look for a wrong "failed".
    await t.bot.jobs.idle();
    const all = JSON.stringify([
      ...urlPosts('urlfail').map((r) => r.body),
      ...inChannel('C0QUIET').map((c) => c.body),
    ]);
    expect(all).not.toContain('failed');
  });

  it('keeps a finished result when chat.update answers 500: a new message in the thread (7.18)', async () => {
    fake.httpFailOnce('chat.update', 500);
    const body = JSON.stringify(
      mentionEvent('<@UBOT> drbd', { channel: 'C0QUIET', ts: '1700000400.000100', eventId: 'EvUpd500' }),
    );
    await postSigned(events, SIGNING_SECRET, body, { contentType: 'application/json' });
    const post = await fake.waitFor(() =>
      fake
        .callsTo('chat.postMessage')
        .find(
          (c) => c.body.thread_ts === '1700000400.000100' && blocksOf(c).includes('drbd_status: all good'),
        ),
    );
    expect(post.body.channel).toBe('C0QUIET');
    const failedUpdates = fake.calls.filter((c) => c.method === 'chat.update' && c.status === 500);
    expect(failedUpdates).toHaveLength(1);
    expect(
      JSON.stringify(fake.calls.filter((c) => c.body.thread_ts === '1700000400.000100').map((c) => c.body)),
    ).not.toContain('This check failed');
  });

  it('answers an unknown VM only to the requester and removes the public running line (7.20)', async () => {
    envelopeForThisTest('vm_memory', () =>
      simpleEnvelope('vm_memory', 'vm_memory failed: no VM named nosuch', {
        status: 'error',
        error: { code: 'unknown_vm', message: 'no VM named "nosuch"' },
      }),
    );
    await slash('vm nosuch memory', { channel: 'C0QUIET', response: 'novm' });
    await fake.waitFor(() => urlPosts('novm').length >= 2 || undefined);
    const [del, answer] = urlPosts('novm');
    expect(del!.body.delete_original).toBe(true);
    expect(answer!.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer!.body.blocks)).toContain('nosuch');
  });

  it('says that stopping a VM needs an approval instead of "Missing memory" (7.20)', async () => {
    await slash('vm stop web01', { channel: 'C0QUIET', response: 'stop' });
    const r = await fake.waitFor(() => urlPosts('stop')[0]);
    expect(r.body.response_type).toBe('ephemeral');
    expect(String(r.body.text)).toContain('approval');
    expect(String(r.body.text)).not.toContain('Missing');
    expect(t.service.calls.some((c) => c.name === 'stop_vm')).toBe(false);
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
  it('ignores a mention posted by another bot or an edit event: no request, no reply (bot-to-bot loops)', async () => {
    const post = (e: ReturnType<typeof mentionEvent>) =>
      postSigned(events, SIGNING_SECRET, JSON.stringify(e), { contentType: 'application/json' });
    const fromBot = mentionEvent('<@UBOT> vm stop web01', { ts: '1700009100.000100', eventId: 'EvBot1' });
    Object.assign(fromBot.event, { bot_id: 'B0OTHER', subtype: 'bot_message' });
    const edited = mentionEvent('<@UBOT> drbd', { ts: '1700009100.000200', eventId: 'EvBot2' });
    Object.assign(edited.event, { subtype: 'message_changed' });
    expect((await post(fromBot)).status).toBe(200);
    expect((await post(edited)).status).toBe(200);
    // A plain mention after them: once it is answered, the two before would have been too.
    await post(mentionEvent('<@UBOT> drbd', { ts: '1700009100.000300', eventId: 'EvBot3' }));
    await fake.waitFor(() =>
      fake.calls.find((c) => c.body.thread_ts === '1700009100.000300' || c.body.ts === '1700009100.000300'),
    );
    const touched = fake.calls.filter((c) =>
      ['1700009100.000100', '1700009100.000200'].some((ts) => c.body.thread_ts === ts),
    );
    expect(touched.map((c) => [c.method, c.body.thread_ts, String(c.body.text).slice(0, 80)])).toEqual([]);
  });
});
