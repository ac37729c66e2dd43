/** The seed's 3 GB incident through the whole loop: scripted model over HTTP, real tools over the lab, approvals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/assistant/agent.ts';
import { type Harness, REQUESTER, startHarness } from '../helpers/assistant-harness.ts';
import type { ScriptedReply } from '../helpers/scripted-model.ts';

const SETTING = 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor';
const actor = { user: REQUESTER, via: 'slack' as const };

const script: ScriptedReply[] = [
  {
    toolCalls: [
      { name: 'diagnose', arguments: { target: 'VMs only see 3GB' } },
      { name: 'vm_memory', arguments: { vm: 'web01' } },
    ],
  },
  { toolCalls: [{ name: 'update_setting', arguments: { name: SETTING, value: 'false', scope: 'global' } }] },
  {
    text: `Cause: \`${SETTING}\` is true while memoryOvercommitRatio is 2, so web01 booted with 3 GiB of its 6 GiB offering (observed: vm_memory on kvm01). I requested the fix; it awaits approval.`,
    chunkSize: 7,
  },
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness('memory-cap', script);
});
afterAll(async () => h?.close());

const events: AgentEvent[] = [];
let first: ReturnType<Harness['assistant']['agent']['turn']> | undefined;
/** The first turn, run once whichever test needs it first (tests may run in any order). */
const firstTurn = () =>
  (first ??= h.assistant.agent.turn({
    conversationId: 'slack:C0OPS:1700000000.000100',
    text: 'VMs only see 3GB of their 6GB offering',
    actor,
    lang: 'en',
    canRequestChanges: true,
    onEvent: (e) => events.push(e),
  }));

describe('the 3 GB conversation', () => {
  it('calls the memory tools, streams an answer naming the setting, and turns the fix into an approval request', async () => {
    const r = await firstTurn();
    expect(r.stop).toBe('answered');
    expect(r.answer).toContain(SETTING);
    // Streamed: the answer arrived in several deltas, not one.
    expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(3);
    const ends = events.filter((e) => e.type === 'tool_end');
    // Reads run in parallel (either may finish first); the approval request comes after them.
    expect(
      ends
        .map((e) => e.name)
        .slice(0, 2)
        .sort(),
    ).toEqual(['diagnose', 'vm_memory']);
    expect(ends[2]?.name).toBe('update_setting');
    // The tools really ran against the lab: the model was sent their evidence.
    const results = h.model.toolResults(1).join('\n');
    expect(results).toContain(SETTING);
    expect(results).toMatch(/web01/);
    expect(results).toContain('<<<tool_output tool=vm_memory status=ok>>>');
    // The fix became an approval request, and the model was told so — never that it ran.
    expect(r.approvals).toHaveLength(1);
    const [request] = await h.requests();
    expect(request?.id).toBe(r.approvals[0]);
    expect(request?.status).toBe('pending');
    expect(request?.steps[0]).toMatchObject({
      tool: 'update_setting',
      input: { name: SETTING, value: 'false' },
    });
    expect(h.model.toolResults(2).join('\n')).toContain(`approval_required: request ${r.approvals[0]}`);
    expect(h.lab.world.effectiveSetting(SETTING)).toBe('true');
    expect(r.toolCalls).toBeLessThanOrEqual(4);
  });

  it('feeds the decision back and resumes the conversation after a restart', async () => {
    await firstTurn();
    const [request] = await h.requests();
    const decided = await h.service.approvals.reject(
      request!.id,
      { user: 'UAPP1', via: 'slack' },
      'change window is tonight',
    );
    expect(decided.ok).toBe(true);
    const id = 'slack:C0OPS:1700000000.000100';
    await expect
      .poll(async () => JSON.stringify((await h.assistant.conversations.get(id))?.value.messages ?? []))
      .toContain('rejected by <@UAPP1>: change window is tonight');
    await h.restart();
    h.model.setScript(() => ({ text: 'Understood: nothing was changed.' }));
    const before = h.model.requests.length;
    const r = await h.assistant.agent.turn({
      conversationId: id,
      text: 'what now?',
      actor,
      lang: 'en',
      canRequestChanges: true,
    });
    expect(r.stop).toBe('answered');
    const sent = h.model.requests[before]!.body.messages;
    // The whole earlier thread (question, tool results, the rejection) was sent again after the restart.
    expect(sent.some((m) => m.role === 'user' && String(m.content).includes('3GB'))).toBe(true);
    expect(sent.some((m) => m.role === 'tool' && String(m.content).includes('rejected by <@UAPP1>'))).toBe(
      true,
    );
    expect(sent.at(-1)).toMatchObject({ role: 'user', content: 'what now?' });
  });
});
