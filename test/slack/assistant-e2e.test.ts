/**
 * The assistant in Slack for real: signed events into Bolt's HTTPReceiver, the fake Slack Web API recording the
 * streaming calls, the scripted model over HTTP, real tools over the memory-cap lab, a SQLite store.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp, type SlackBot } from '../../src/slack/app.ts';
import { type Harness, startHarness } from '../helpers/assistant-harness.ts';
import type { ModelRequest, ScriptedReply } from '../helpers/scripted-model.ts';
import { SIGNING_SECRET, TEST_ACCESS } from '../helpers/slack-bot.ts';
import { type ApiCall, FakeSlack } from '../helpers/slack-fake-api.ts';
import { mentionEvent, postSigned, slashBody } from '../helpers/slack-sign.ts';

const SETTING = 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor';
const CANARY = 'sk-canaryInSlackQuestion0123456789';

/** Reacts to the latest question, so one model serves every test in this file. */
function script(req: ModelRequest): ScriptedReply {
  const lastUser = req.messages.findLastIndex((m) => m.role === 'user');
  const q = String(req.messages[lastUser]?.content ?? '');
  const toolsSince = req.messages.slice(lastUser).filter((m) => m.role === 'tool').length;
  if (q.includes('3GB')) {
    if (toolsSince === 0)
      return {
        toolCalls: [
          { name: 'diagnose', arguments: { target: 'VMs only see 3GB' } },
          { name: 'vm_memory', arguments: { vm: 'web01' } },
        ],
      };
    if (toolsSince === 2)
      return {
        toolCalls: [
          { name: 'update_setting', arguments: { name: SETTING, value: 'false', scope: 'global' } },
        ],
      };
    return {
      text: `The cause is \`${SETTING}\` = true with overcommit ratio 2 (observed: vm_memory on kvm01, web01 has 3 GiB of 6 GiB). I requested the change; it awaits approval.`,
      chunkSize: 9,
    };
  }
  if (q.includes('rate')) return { status: 429, retryAfter: 0 };
  if (q.includes('slow')) return { delayMs: 3000, reply: { text: 'late' } };
  if (q.includes('malformed')) return { toolCalls: [{ name: 'vm_memory', arguments: '{"vm":' }] };
  return { text: `You asked: ${q.slice(0, 40)}` };
}

let fake: FakeSlack;
let h: Harness;
let bot: SlackBot;
let events: string;
const logLines: string[] = [];
async function startBot(): Promise<void> {
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _enc, cb) {
        logLines.push(String(chunk));
        cb();
      },
    }),
  );
  bot = createSlackApp({
    service: h.service,
    logger,
    access: TEST_ACCESS,
    botToken: 'xoxb-test-token',
    mode: { kind: 'http', signingSecret: SIGNING_SECRET },
    slackApiUrl: fake.apiUrl,
    postIntervalMs: 50,
    progressIntervalMs: 200,
    webApiRetries: 0,
    assistant: {
      assistant: h.assistant,
      canRequestChanges: async (u) => u === 'U0ALICE',
      audit: h.service.audit,
      logger,
    },
  });
  await bot.init();
  const { port } = await bot.start(0, '127.0.0.1');
  events = `http://127.0.0.1:${port}/slack/events`;
}

beforeAll(async () => {
  fake = await FakeSlack.start();
  h = await startHarness('memory-cap', script, {
    limits: { modelTimeoutMs: 1000, modelAttempts: 2, maxSteps: 3 },
    knownSecrets: [CANARY],
    policy: { requesters: ['U0ALICE'] },
  });
  await startBot();
});
afterAll(async () => {
  await bot?.stop(1000);
  await h?.close();
  await fake?.close();
});

const mention = (text: string, ts: string, eventId: string, threadTs?: string) => {
  const body = mentionEvent(`<@UBOT> ${text}`, { ts, eventId });
  if (threadTs) (body.event as Record<string, unknown>).thread_ts = threadTs;
  return postSigned(events, SIGNING_SECRET, JSON.stringify(body), { contentType: 'application/json' });
};

/** The calls of the one stream answering in `threadTs`: its start, and the appends/stop on the ts it got. */
const streamCalls = (threadTs: string) => {
  const start = fake.calls.find((c) => c.method === 'chat.startStream' && c.body.thread_ts === threadTs);
  const ts = (start?.response as { ts?: string } | undefined)?.ts;
  if (!start || !ts) return [];
  return [
    start,
    ...fake.calls.filter(
      (c) => (c.method === 'chat.appendStream' || c.method === 'chat.stopStream') && c.body.ts === ts,
    ),
  ];
};
const chunksOf = (c: ApiCall) =>
  Array.isArray(c.body.chunks) ? (c.body.chunks as Record<string, unknown>[]) : [];
const streamedText = (calls: ApiCall[]) =>
  calls
    .map(
      (c) =>
        `${String(c.body.markdown_text ?? '')}${chunksOf(c)
          .filter((k) => k.type === 'markdown_text')
          .map((k) => String(k.text))
          .join('')}`,
    )
    .join('');
const stopped = (threadTs: string) => () => streamCalls(threadTs).find((c) => c.method === 'chat.stopStream');

const TS_3GB = '1700000500.000100';
let asked3gb: Promise<ApiCall> | undefined;
/** The 3 GB thread, asked once whichever test needs it first (tests run in any order). */
function ask3gb(): Promise<ApiCall> {
  asked3gb ??= (async () => {
    const res = await mention(`VMs only see 3GB, why? ${CANARY}`, TS_3GB, 'EvA1');
    expect(res.status).toBe(200);
    return fake.waitFor(stopped(TS_3GB), 20000, 'chat.stopStream');
  })();
  return asked3gb;
}

describe('the assistant in a Slack thread', () => {
  it('the 3 GB question streams an answer with task cards, proposes the fix as an approval request, and offers feedback', async () => {
    const ts = TS_3GB;
    const stop = await ask3gb();
    const calls = streamCalls(ts);
    expect(calls[0]).toMatchObject({
      method: 'chat.startStream',
      body: { channel: 'C0OPS', thread_ts: ts, recipient_user_id: 'U0ALICE' },
    });
    const text = streamedText(calls);
    expect(text).toContain(SETTING);
    expect(text).toContain('awaits approval');
    // Several appends: the answer streamed as it was generated.
    expect(calls.filter((c) => c.method === 'chat.appendStream').length).toBeGreaterThan(2);
    // Each tool call showed as a task while it ran.
    const tasks = calls.flatMap(chunksOf).filter((k) => k.type === 'task_update');
    expect(tasks.some((k) => k.title === 'vm_memory' && k.status === 'in_progress')).toBe(true);
    expect(tasks.some((k) => k.title === 'vm_memory' && k.status === 'complete')).toBe(true);
    const blocks = stop.body.blocks as Record<string, unknown>[];
    const plan = blocks.find((b) => b.type === 'plan') as {
      tasks: { type: string; title: string; status: string }[];
    };
    expect(plan.tasks.map((t) => t.type)).toEqual(['task_card', 'task_card', 'task_card']);
    expect(plan.tasks.map((t) => t.title).sort()).toEqual(['diagnose', 'update_setting', 'vm_memory']);
    expect(plan.tasks.every((t) => t.status === 'complete')).toBe(true);
    expect(JSON.stringify(blocks.find((b) => b.type === 'context_actions'))).toContain('feedback_buttons');
    // The fix is an approval request bound to this thread; nothing changed in the lab.
    expect((await h.requests()).find((r) => r.origin.threadTs === ts)).toMatchObject({
      steps: [{ tool: 'update_setting', input: { name: SETTING, value: 'false' } }],
      origin: { channel: 'C0OPS', threadTs: ts, conversationId: `slack:C0OPS:${ts}` },
      requester: { user: 'U0ALICE' },
    });
    // …and its approval card is posted in the thread, as for a /cloudops change.
    const card = await fake.waitFor(
      () =>
        fake.calls.find(
          (c) =>
            c.method === 'chat.postMessage' &&
            c.body.thread_ts === ts &&
            JSON.stringify(c.body.blocks ?? '').includes('update_setting'),
        ),
      8000,
      'approval card',
    );
    expect(JSON.stringify(card.body.blocks)).toContain(SETTING);
    expect(h.lab.world.effectiveSetting(SETTING)).toBe('true');
    expect(h.lab.mutations()).toEqual([]);
    // The canary in the question reached neither the model nor the logs.
    expect(h.model.allRequestText()).not.toContain(CANARY);
    expect(logLines.join('')).not.toContain(CANARY);
  });

  it('a feedback vote is stored with the conversation and audited', async () => {
    const ts = TS_3GB;
    const stop = await ask3gb();
    const payload = {
      type: 'block_actions',
      team: { id: 'T0TEST' },
      user: { id: 'U0ALICE' },
      api_app_id: 'A0TEST',
      token: 'legacy-verification-token',
      container: { type: 'message', channel_id: 'C0OPS', message_ts: '1700000000.009999' },
      channel: { id: 'C0OPS' },
      message: { ts: String(stop.body.ts ?? '1700000000.009999'), text: '' },
      actions: [
        {
          type: 'feedback_buttons',
          action_id: 'assistant_feedback',
          block_id: 'b1',
          value: `negative slack:C0OPS:${ts}`,
          action_ts: '1700000600.1',
        },
      ],
    };
    const res = await postSigned(
      events,
      SIGNING_SECRET,
      `payload=${encodeURIComponent(JSON.stringify(payload))}`,
    );
    expect(res.status).toBe(200);
    await expect.poll(async () => (await h.service.audit.list({ kind: 'feedback' })).length).toBe(1);
    const [entry] = await h.service.audit.list({ kind: 'feedback' });
    expect(entry).toMatchObject({
      actor: 'U0ALICE',
      target: `slack:C0OPS:${ts}`,
      outcome: 'negative',
    });
    const conv = await h.assistant.conversations.get(`slack:C0OPS:${ts}`);
    expect(conv?.value.feedback).toMatchObject([{ user: 'U0ALICE', vote: 'negative' }]);
  });

  it.each([
    ['rate', /rate-limiting us \(HTTP 429\)/, '1700000700.000101'],
    ['slow', /did not answer in time/, '1700000700.000102'],
    ['malformed', /maximum number of steps/, '1700000700.000103'],
  ])('a model that is %s ends with a clear thread message', async (word, expected, ts) => {
    await mention(`${word} question about kvm01`, ts, `EvF-${word}`);
    const stop = await fake.waitFor(stopped(ts), 20000, `stopStream for ${word}`);
    expect(streamedText(streamCalls(ts))).toMatch(expected);
    expect(stop.body.markdown_text ?? JSON.stringify(stop.body.chunks)).toMatch(expected);
  });

  it('the conversation resumes in the same thread after the bot restarts', async () => {
    const ts = TS_3GB;
    await ask3gb();
    await bot.stop(1000);
    await h.restart();
    await startBot();
    const before = h.model.requests.length;
    await mention('and what do you remember?', '1700000800.000100', 'EvR1', ts);
    await fake.waitFor(() => h.model.requests.length > before, 8000, 'a model request');
    const sent = h.model.requests[before]!.body.messages;
    expect(sent.some((m) => m.role === 'user' && String(m.content).includes('VMs only see 3GB'))).toBe(true);
    expect(sent.some((m) => m.role === 'tool' && String(m.content).includes('approval_required'))).toBe(true);
    expect(sent.at(-1)).toMatchObject({ role: 'user', content: 'and what do you remember?' });
  });
});

describe('the assistant pane and /cloudops ask', () => {
  const post = (body: unknown) =>
    postSigned(events, SIGNING_SECRET, JSON.stringify(body), { contentType: 'application/json' });
  const envelope = (event: Record<string, unknown>, id: string) => ({
    token: 'legacy-verification-token',
    team_id: 'T0TEST',
    api_app_id: 'A0TEST',
    event,
    type: 'event_callback',
    event_id: id,
    event_time: 1700000900,
    authorizations: [{ team_id: 'T0TEST', user_id: 'UBOT', is_bot: true }],
  });

  it('a new assistant thread gets suggested prompts; a message there gets a title, a status and a streamed answer', async () => {
    const thread = '1700000900.000100';
    await post(
      envelope(
        {
          type: 'assistant_thread_started',
          assistant_thread: { user_id: 'U0ALICE', channel_id: 'D0ALICE', thread_ts: thread, context: {} },
          event_ts: '1700000900.000200',
        },
        'EvP1',
      ),
    );
    const prompts = await fake.waitFor(
      () => fake.callsTo('assistant.threads.setSuggestedPrompts')[0],
      8000,
      'prompts',
    );
    expect(JSON.stringify(prompts.body.prompts)).toContain('3 GB');
    await post(
      envelope(
        {
          type: 'message',
          channel_type: 'im',
          channel: 'D0ALICE',
          user: 'U0ALICE',
          text: 'hello there',
          ts: '1700000901.000100',
          thread_ts: thread,
          event_ts: '1700000901.000100',
        },
        'EvP2',
      ),
    );
    await fake.waitFor(stopped(thread), 8000, 'pane answer');
    expect(fake.callsTo('assistant.threads.setTitle').at(-1)?.body.title).toBe('hello there');
    expect(
      fake
        .callsTo('assistant.threads.setStatus')
        .some((c) => String(c.body.status).includes('looking at the systems')),
    ).toBe(true);
    expect(streamedText(streamCalls(thread))).toContain('You asked: hello there');
  });

  it('/cloudops ask posts the question and answers in its thread', async () => {
    const res = await postSigned(
      events,
      SIGNING_SECRET,
      slashBody('ask what is the hello status', { channel: 'C0OPS', responseUrl: fake.responseUrl('ask') }),
    );
    expect(res.status).toBe(200);
    const parent = await fake.waitFor(
      () =>
        fake.calls.find(
          (c) => c.method === 'chat.postMessage' && String(c.body.text).includes('what is the hello status'),
        ),
      8000,
      'parent',
    );
    const threadTs = (parent.response as { ts: string }).ts;
    await fake.waitFor(stopped(threadTs), 8000, 'ask answer');
    expect(streamedText(streamCalls(threadTs))).toContain('You asked: what is the hello status');
  });
});
