/**
 * The assistant for real over the lab: a lab scenario, a real OpsService with the test approval policy (its
 * SQLite store in the lab dir, its ApprovalService), the scripted model over HTTP. `restart()` closes the service
 * and the assistant and opens both again on the same store file, as a bot restart would.
 */
import { pino } from 'pino';
import type { ApprovalPolicy } from '../../src/approvals/policy.ts';
import type { ApprovalRequest } from '../../src/approvals/types.ts';
import { type Assistant, createAssistant } from '../../src/assistant/create-assistant.ts';
import { type AgentLimits, DEFAULT_LIMITS } from '../../src/assistant/llm-settings.ts';
import type { WiredOpsService } from '../../src/core/create-ops-service.ts';
import { type Lab, type StartLabOptions, startLab } from '../../src/lab/start-lab.ts';
import { openServiceOnLab } from './approvals-lab.ts';
import { type Script, ScriptedModel } from './scripted-model.ts';

export interface Harness {
  lab: Lab;
  service: WiredOpsService;
  model: ScriptedModel;
  assistant: Assistant;
  /** Every approval request the service holds, newest first. */
  requests(): Promise<ApprovalRequest[]>;
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

/** Who may request changes in these tests (the approval policy's requesters). */
export const REQUESTER = 'UREQ';

export async function startHarness(
  scenario: StartLabOptions['scenario'],
  script: Script,
  o: {
    limits?: Partial<AgentLimits>;
    knownSecrets?: string[];
    apiKey?: string;
    policy?: Partial<ApprovalPolicy>;
    /** Evals: a real endpoint behind a recording proxy instead of the script. */
    upstream?: { baseURL: string; apiKey: string; model: string };
  } = {},
): Promise<Harness> {
  const lab = await startLab({ scenario, logger: pino({ level: 'silent' }) });
  const model = o.upstream
    ? await ScriptedModel.proxy(o.upstream.baseURL, o.upstream.apiKey)
    : await ScriptedModel.start(script);
  const open = async () => {
    const service = await openServiceOnLab(lab.configPath, o.policy ? { policy: o.policy } : {});
    const assistant = await createAssistant({
      service,
      settings: {
        baseURL: model.url,
        model: o.upstream?.model ?? 'scripted-model',
        apiKey: o.apiKey ?? 'sk-test-not-a-real-key-000000',
        limits: { ...FAST_LIMITS, ...o.limits },
      },
      store: service.store,
      approvals: service.approvals,
      defaultEnv: service.environments()[0]?.name ?? 'lab',
      knownSecrets: o.knownSecrets ?? [],
    });
    return { service, assistant };
  };
  const first = await open();
  const h: Harness = {
    lab,
    model,
    ...first,
    requests: () => h.service.approvals.list({ limit: 100 }),
    async restart() {
      h.assistant.close();
      await h.service.close();
      Object.assign(h, await open());
    },
    async close() {
      h.assistant.close();
      await h.service.close();
      await model.close();
      await lab.close();
    },
  };
  return h;
}
