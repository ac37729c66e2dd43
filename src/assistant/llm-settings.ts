/**
 * Which model the assistant talks to and its limits: the environment (OPENAI_BASE_URL, OPENAI_API_KEY,
 * OPENAI_MODEL) wins over the config's `llm:` section. No model configured ⇒ undefined, and callers fall back to
 * the runbook engine and say so.
 */
import type { Config } from '../config/schema.ts';

export interface AgentLimits {
  /** Model requests per turn. */
  maxSteps: number;
  /** Wall-clock budget for one turn, model and tools together. */
  deadlineMs: number;
  /** One model request (one attempt). */
  modelTimeoutMs: number;
  /** One tool call. */
  toolTimeoutMs: number;
  /** Prompt + completion tokens over the whole conversation. */
  tokenBudget: number;
  /** Tool output characters over the whole conversation. */
  maxConversationToolChars: number;
  /** Attempts per model request on 429 / 5xx / connection errors. */
  modelAttempts: number;
  /** First backoff; doubles per attempt; a server's Retry-After is honoured up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
}

export interface LlmSettings {
  baseURL: string;
  model: string;
  /** Local servers (Ollama, vLLM) accept any key; the SDK insists on one, so a placeholder is used. */
  apiKey: string;
  limits: AgentLimits;
}

export const DEFAULT_LIMITS: AgentLimits = {
  maxSteps: 8,
  deadlineMs: 180_000,
  modelTimeoutMs: 60_000,
  toolTimeoutMs: 45_000,
  tokenBudget: 120_000,
  maxConversationToolChars: 40_000,
  modelAttempts: 3,
  backoffMs: 1000,
  maxBackoffMs: 20_000,
};

export function readLlmSettings(
  config: Pick<Config, 'llm'> | undefined,
  env: NodeJS.ProcessEnv = process.env,
): LlmSettings | undefined {
  const llm = config?.llm;
  const model = env.OPENAI_MODEL || llm?.model;
  const baseURL =
    env.OPENAI_BASE_URL || llm?.baseURL || (env.OPENAI_API_KEY ? 'https://api.openai.com/v1' : undefined);
  if (!model || !baseURL) return undefined;
  const apiKey = env.OPENAI_API_KEY || (llm ? env[llm.apiKeyEnv] : undefined) || 'not-needed';
  return {
    baseURL,
    model,
    apiKey,
    limits: {
      ...DEFAULT_LIMITS,
      ...(llm ? { maxSteps: llm.maxSteps, modelTimeoutMs: llm.timeoutMs } : {}),
    },
  };
}
