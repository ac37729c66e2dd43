/**
 * One model request over any OpenAI-compatible Chat Completions endpoint, streamed: text deltas go to `onText`
 * as they arrive, tool-call fragments are assembled. 429s, 5xx and connection errors are retried here (the SDK's
 * own retries are off so a server's Retry-After cannot stall us unbounded), then classified for a clear message.
 */
import OpenAI from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { AgentLimits, LlmSettings } from './llm-settings.ts';

export interface ModelToolCall {
  id: string;
  name: string;
  /** Raw JSON text as the model wrote it; may be malformed. */
  arguments: string;
}

export interface ModelReply {
  text: string;
  toolCalls: ModelToolCall[];
  promptTokens: number;
  completionTokens: number;
}

export type ModelFailureKind = 'rate_limited' | 'timeout' | 'model_error' | 'aborted';

export class ModelFailure extends Error {
  readonly kind: ModelFailureKind;
  constructor(kind: ModelFailureKind, message: string) {
    super(message);
    this.kind = kind;
    this.name = 'ModelFailure';
  }
}

export interface ModelClient {
  complete(
    p: { messages: ChatCompletionMessageParam[]; tools: ChatCompletionFunctionTool[]; signal: AbortSignal },
    onText: (delta: string) => void,
  ): Promise<ModelReply>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new ModelFailure('aborted', 'stopped'));
      },
      { once: true },
    );
  });

function retryAfterMs(err: unknown): number | undefined {
  const h = (err as { headers?: Headers }).headers;
  const v = typeof h?.get === 'function' ? h.get('retry-after') : undefined;
  const s = v ? Number(v) : Number.NaN;
  return Number.isFinite(s) && s >= 0 ? s * 1000 : undefined;
}

function classify(err: unknown, signal: AbortSignal): ModelFailure {
  if (err instanceof ModelFailure) return err;
  if (signal.aborted) return new ModelFailure('aborted', 'stopped');
  if (err instanceof OpenAI.RateLimitError)
    return new ModelFailure('rate_limited', 'the model endpoint is rate-limiting (HTTP 429)');
  if (err instanceof OpenAI.APIConnectionTimeoutError)
    return new ModelFailure('timeout', 'the model did not answer in time');
  if (err instanceof OpenAI.APIConnectionError)
    return new ModelFailure('model_error', 'cannot reach the model endpoint');
  if (err instanceof OpenAI.APIError)
    return new ModelFailure('model_error', `the model endpoint failed (HTTP ${err.status ?? '?'})`);
  return new ModelFailure('model_error', 'the model endpoint returned something unreadable');
}

const retryable = (f: ModelFailure) =>
  f.kind === 'rate_limited' || f.kind === 'timeout' || f.kind === 'model_error';

export function createModelClient(
  settings: Pick<LlmSettings, 'baseURL' | 'apiKey' | 'model'>,
  limits: AgentLimits,
): ModelClient {
  const client = new OpenAI({
    baseURL: settings.baseURL,
    apiKey: settings.apiKey,
    maxRetries: 0,
    timeout: limits.modelTimeoutMs,
  });

  const once = async (
    p: Parameters<ModelClient['complete']>[0],
    onText: (d: string) => void,
    streamed: { any: boolean },
  ): Promise<ModelReply> => {
    const stream = await client.chat.completions.create(
      {
        model: settings.model,
        messages: p.messages,
        ...(p.tools.length ? { tools: p.tools, tool_choice: 'auto' as const } : {}),
        stream: true,
        stream_options: { include_usage: true },
      },
      { signal: p.signal, timeout: limits.modelTimeoutMs },
    );
    const reply: ModelReply = { text: '', toolCalls: [], promptTokens: 0, completionTokens: 0 };
    const calls = new Map<number, ModelToolCall>();
    for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
      if (chunk.usage) {
        reply.promptTokens = chunk.usage.prompt_tokens ?? 0;
        reply.completionTokens = chunk.usage.completion_tokens ?? 0;
      }
      const delta = chunk.choices?.[0]?.delta;
      if (!delta) continue;
      if (delta.content) {
        streamed.any = true;
        reply.text += delta.content;
        onText(delta.content);
      }
      for (const tc of delta.tool_calls ?? []) {
        const cur = calls.get(tc.index) ?? { id: '', name: '', arguments: '' };
        if (tc.id) cur.id = tc.id;
        if (tc.function?.name) cur.name += tc.function.name;
        if (tc.function?.arguments) cur.arguments += tc.function.arguments;
        calls.set(tc.index, cur);
      }
    }
    // Ids must be unique for the tool results to pair up; some local servers repeat or omit them.
    const seen = new Set<string>();
    reply.toolCalls = [...calls.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([i, c]) => {
        const id = c.id && !seen.has(c.id) ? c.id : `call_${i}_${seen.size}`;
        seen.add(id);
        return { ...c, id };
      });
    return reply;
  };

  return {
    async complete(p, onText) {
      let wait = limits.backoffMs;
      for (let attempt = 1; ; attempt++) {
        const streamed = { any: false };
        try {
          return await once(p, onText, streamed);
        } catch (err) {
          const f = classify(err, p.signal);
          // Text already shown cannot be taken back: a retry would repeat it.
          if (!retryable(f) || streamed.any || attempt >= limits.modelAttempts) throw f;
          await sleep(Math.min(retryAfterMs(err) ?? wait, limits.maxBackoffMs), p.signal);
          wait *= 2;
        }
      }
    },
  };
}
