/**
 * The assistant for real over the lab: real OpsService on a lab scenario, the scripted model over HTTP, a SQLite
 * state store in a temp dir, and (test-only) recording approvals. `restart()` rebuilds the assistant on the same
 * store file, as a bot restart would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Assistant, createAssistant } from '../../src/assistant/create-assistant.ts';
import { type AgentLimits, DEFAULT_LIMITS } from '../../src/assistant/llm-settings.ts';
import type { StateStore } from '../../src/store/types.ts';
import { type LabService, startLabService } from './lab-service.ts';
import { type Script, ScriptedModel } from './scripted-model.ts';
import { startTestApprovals, type TestApprovals } from './test-approvals.ts';
import { openTestStore } from './test-state-store.ts';

export interface Harness {
  s: LabService;
  model: ScriptedModel;
  store: StateStore;
  approvals: TestApprovals;
  assistant: Assistant;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export const FAST_LIMITS: AgentLimits = {
  ...DEFAULT_LIMITS,
  modelTimeoutMs: 2000,
  backoffMs: 20,
  maxBackoffMs: 100,
  deadlineMs: 60_000,
};

export async function startHarness(
  scenario: Parameters<typeof startLabService>[0],
  script: Script,
  o: {
    limits?: Partial<AgentLimits>;
    knownSecrets?: string[];
    apiKey?: string;
    /** Evals: a real endpoint behind a recording proxy instead of the script. */
    upstream?: { baseURL: string; apiKey: string; model: string };
  } = {},
): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'assistant-test-'));
  const s = await startLabService(scenario);
  const model = o.upstream
    ? await ScriptedModel.proxy(o.upstream.baseURL, o.upstream.apiKey)
    : await ScriptedModel.start(script);
  let store = await openTestStore(join(dir, 'state.db'));
  const approvals = startTestApprovals(store, s.service.tools());
  const build = () =>
    createAssistant({
      service: s.service,
      settings: {
        baseURL: model.url,
        model: o.upstream?.model ?? 'scripted-model',
        apiKey: o.apiKey ?? 'sk-test-not-a-real-key-000000',
        limits: { ...FAST_LIMITS, ...o.limits },
      },
      store,
      approvals,
      defaultEnv: s.service.environments()[0]?.name ?? 'lab',
      knownSecrets: o.knownSecrets ?? [],
    });
  const h: Harness = {
    s,
    model,
    store,
    approvals,
    assistant: await build(),
    async restart() {
      h.assistant.close();
      await store.close();
      store = await openTestStore(join(dir, 'state.db'));
      h.store = store;
      h.assistant = await build();
    },
    async close() {
      h.assistant.close();
      await store.close();
      await model.close();
      await s.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return h;
}
