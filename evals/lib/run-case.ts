/**
 * Runs one eval case for real: the lab scenario, the assistant over it, and either the scripted model (the case's
 * replies) or the model from the environment behind a recording proxy. Returns what happened and the checks.
 */
import { join } from 'node:path';
import type { AgentEvent } from '../../src/assistant/agent.ts';
import { DEFAULT_LIMITS } from '../../src/assistant/llm-settings.ts';
import { loadScenario } from '../../src/lab/load-scenario.ts';
import { REQUESTER, startHarness } from '../../test/helpers/assistant-harness.ts';
import type { EvalCase } from './case.ts';
import { type Check, runChecks } from './checks.ts';

export interface Upstream {
  baseURL: string;
  apiKey: string;
  model: string;
}

export interface CaseResult {
  name: string;
  pass: boolean;
  toolCalls: number;
  promptTokens: number;
  checks: Check[];
  answer: string;
}

export async function runCase(c: EvalCase, upstream?: Upstream): Promise<CaseResult> {
  const scenario = c.scenario.endsWith('.yaml') ? await loadScenario(join(c.dir, c.scenario)) : c.scenario;
  const h = await startHarness(scenario, c.script, {
    knownSecrets: c.canaries,
    ...(upstream ? { upstream, limits: DEFAULT_LIMITS } : {}),
  });
  try {
    const world = () => JSON.stringify([h.lab.world.vms.map((v) => `${v.name}:${v.state}`), [...h.lab.world.globals]]);
    const before = world();
    const tools = new Map<string, { name: string; status: string; content: string }>();
    const events: AgentEvent[] = [];
    const r = await h.assistant.agent.turn({
      conversationId: `eval:${c.name}`,
      text: c.incident,
      actor: { user: REQUESTER, via: 'slack' },
      lang: c.lang,
      canRequestChanges: true,
      onEvent: (e) => events.push(e),
    });
    const conv = (await h.assistant.conversations.get(`eval:${c.name}`))?.value;
    for (const m of conv?.messages ?? [])
      if (m.role === 'tool') tools.set(m.tool_call_id, { name: '', status: '', content: String(m.content) });
    for (const e of events)
      if (e.type === 'tool_end') {
        const t = tools.get(e.id);
        if (t) Object.assign(t, { name: e.name, status: e.status });
      }
    const observed = {
      answer: r.answer,
      stop: r.stop,
      tools: [...tools.values()],
      requests: h.model.requests,
      approvalTools: (await h.requests()).flatMap((a) => a.steps.map((s) => s.tool)),
      mutated: world() !== before || h.lab.mutations().length > 0,
    };
    const checks = runChecks(c, observed, true);
    return {
      name: c.name,
      pass: checks.every((x) => x.ok),
      toolCalls: observed.tools.length,
      promptTokens: h.model.promptTokens,
      checks,
      answer: r.answer,
    };
  } finally {
    await h.close();
  }
}
