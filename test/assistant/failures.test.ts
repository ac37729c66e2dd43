/**
 * How a turn ends when things go wrong: a model that keeps answering 429, one that is too slow, a malformed tool
 * call (answered to the model as an error it can fix), and the named limits (max steps, token budget). Also the
 * read cache: an identical repeated call is answered from the conversation, not run again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, REQUESTER, startHarness } from '../helpers/assistant-harness.ts';

const actor = { user: REQUESTER, via: 'slack' as const };
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const ask = (x: Harness, text: string, lang: 'en' | 'ja' = 'en', id = 'c') =>
  x.assistant.agent.turn({ conversationId: id, text, actor, lang, canRequestChanges: true });

describe('model failures end with a clear message', () => {
  it('429 is retried with backoff, then the thread is told the endpoint is rate-limiting', async () => {
    h = await startHarness('healthy', () => ({ status: 429, retryAfter: 0 }), {
      limits: { modelAttempts: 3 },
    });
    const r = await ask(h, 'is kvm01 ok?');
    expect(r.stop).toBe('rate_limited');
    expect(r.notice).toMatch(/rate-limiting us \(HTTP 429\)/);
    expect(h.model.requests).toHaveLength(3);
  });

  it('a 429 followed by an answer recovers without the user noticing', async () => {
    h = await startHarness('healthy', [{ status: 429, retryAfter: 0 }, { text: 'All fine.' }]);
    const r = await ask(h, 'is kvm01 ok?');
    expect(r.stop).toBe('answered');
    expect(r.answer).toBe('All fine.');
  });

  it('a model slower than the per-call timeout ends in a timeout message (in Japanese when asked in Japanese)', async () => {
    h = await startHarness('healthy', () => ({ delayMs: 5000, reply: { text: 'late' } }), {
      limits: { modelTimeoutMs: 300, modelAttempts: 2 },
    });
    const r = await ask(h, 'kvm01は正常ですか？', 'ja');
    expect(r.stop).toBe('model_timeout');
    expect(r.notice).toContain('モデルが時間内に応答しませんでした');
    expect(h.model.requests).toHaveLength(2);
  });

  it('a 500 that persists is a model_error with its own message', async () => {
    h = await startHarness('healthy', () => ({ status: 500 }), { limits: { modelAttempts: 2 } });
    const r = await ask(h, 'is kvm01 ok?');
    expect(r.stop).toBe('model_error');
    expect(r.notice).toMatch(/model endpoint failed/);
  });
});

describe('tool calls the model gets wrong', () => {
  it('malformed JSON arguments come back as an error result the model can act on', async () => {
    h = await startHarness('memory-cap', [
      { toolCalls: [{ name: 'vm_memory', arguments: '{"vm": "web01"' }] },
      { toolCalls: [{ name: 'vm_memory', arguments: { vm: 'web01' } }] },
      { text: 'web01 has 3 GiB.' },
    ]);
    const r = await ask(h, 'web01 memory?');
    expect(r.stop).toBe('answered');
    expect(h.model.toolResults(1)[0]).toContain('arguments are not valid JSON');
    expect(h.model.toolResults(2).at(-1)).toContain('status=ok');
  });

  it('a model that only ever asks for malformed calls ends at max steps with a clear message', async () => {
    h = await startHarness('healthy', () => ({ toolCalls: [{ name: 'vm_memory', arguments: 'not json' }] }), {
      limits: { maxSteps: 3 },
    });
    const r = await ask(h, 'web01 memory?');
    expect(r.stop).toBe('max_steps');
    expect(r.notice).toMatch(/maximum number of steps/);
    expect(h.model.requests).toHaveLength(3);
  });

  it('an identical repeated read call is answered from the conversation cache', async () => {
    h = await startHarness('memory-cap', [
      { toolCalls: [{ name: 'vm_memory', arguments: { vm: 'web01' } }] },
      { toolCalls: [{ name: 'vm_memory', arguments: '{ "vm" : "web01" }' }] },
      { text: 'done' },
    ]);
    const execs = () => h!.lab.hosts.get('kvm01')!.execCount();
    let afterFirst = -1;
    h.model.setScript((_req, i) => {
      if (i === 1) afterFirst = execs();
      return [
        { toolCalls: [{ name: 'vm_memory', arguments: { vm: 'web01' } }] },
        { toolCalls: [{ name: 'vm_memory', arguments: '{ "vm" : "web01" }' }] },
        { text: 'done' },
      ][i]!;
    });
    await ask(h, 'web01?');
    const second = h.model.toolResults(2).at(-1)!;
    expect(second).toContain('status=cached');
    expect(second).toContain('same call as earlier');
    expect(afterFirst).toBeGreaterThan(0);
    expect(execs()).toBe(afterFirst);
  });

  it('the token budget per conversation stops the next turn', async () => {
    h = await startHarness('healthy', () => ({ text: 'fine' }), { limits: { tokenBudget: 500 } });
    expect((await ask(h, 'first')).stop).toBe('answered');
    const r = await ask(h, 'second');
    expect(r.stop).toBe('token_budget');
    expect(r.notice).toMatch(/token budget/);
  });
});
