/**
 * Builds the assistant from settings: model client, system prompt, runbook catalogue, conversations and — when an
 * ApprovalService is given — the decision feed. Without one, mutating tools are never offered.
 */
import type { ApprovalService } from '../approvals/types.ts';
import type { EnvSecrets } from '../config/load.ts';
import type { OpsService } from '../core/ops-service.ts';
import type { StateStore } from '../store/types.ts';
import { Agent } from './agent.ts';
import { ConversationStore } from './conversation.ts';
import { feedDecisions } from './decision-feed.ts';
import type { LlmSettings } from './llm-settings.ts';
import { createModelClient } from './model-client.ts';
import { loadRunbookCatalogue } from './runbook-prose.ts';
import { loadSystemPrompt } from './system-prompt.ts';

export interface AssistantOptions {
  service: OpsService;
  settings: LlmSettings;
  store?: StateStore;
  approvals?: ApprovalService;
  defaultEnv: string;
  knownSecrets?: string[];
  onError?: (err: unknown) => void;
}

export interface Assistant {
  agent: Agent;
  conversations: ConversationStore;
  model: string;
  close(): void;
}

export async function createAssistant(o: AssistantOptions): Promise<Assistant> {
  const conversations = new ConversationStore(o.store);
  const knownSecrets = [...(o.knownSecrets ?? []), o.settings.apiKey].filter((s) => s.length >= 6);
  const agent = new Agent({
    service: o.service,
    model: createModelClient(o.settings, o.settings.limits),
    conversations,
    systemPrompt: await loadSystemPrompt(),
    catalogue: await loadRunbookCatalogue(),
    limits: o.settings.limits,
    ...(o.approvals ? { approvals: o.approvals } : {}),
    defaultEnv: o.defaultEnv,
    knownSecrets,
  });
  const unsubscribe = o.approvals
    ? feedDecisions(o.approvals, conversations, knownSecrets, o.onError ?? (() => {}))
    : () => {};
  return { agent, conversations, model: o.settings.model, close: unsubscribe };
}

/** Every configured secret value (API keys, DB passwords, SSH keys): redacted by value wherever they appear. */
export function configuredSecrets(secrets: Map<string, EnvSecrets>): string[] {
  const out: string[] = [];
  for (const s of secrets.values())
    for (const v of Object.values(s)) if (typeof v === 'string' && v.length >= 6) out.push(v);
  return out;
}
