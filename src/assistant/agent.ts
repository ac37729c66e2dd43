/**
 * The assistant's loop, one turn per user message: ask the model, run the tools it asks for (reads in parallel,
 * mutations as approval requests), feed the results back, until it answers or a named stop condition ends the
 * turn (max steps, deadline, token budget, model failure). The conversation is saved after every step.
 */
import type {
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from 'openai/resources/chat/completions';
import type { Actor, ApprovalService } from '../approvals/types.ts';
import type { OpsService } from '../core/ops-service.ts';
import { redactText } from '../core/redact-text.ts';
import type { Lang } from '../tools/types.ts';
import { type Conversation, type ConversationStore, newConversation } from './conversation.ts';
import type { AgentLimits } from './llm-settings.ts';
import { type ModelClient, ModelFailure, type ModelReply } from './model-client.ts';
import type { RunbookProse } from './runbook-prose.ts';
import { type StopReason, stopMessage } from './stop-messages.ts';
import { runToolCall, type ToolOutcome } from './tool-calls.ts';
import { offeredTools } from './tool-catalog.ts';

export type AgentEvent =
  | { type: 'text'; delta: string }
  | { type: 'tool_start'; id: string; name: string }
  | { type: 'tool_end'; id: string; name: string; status: ToolOutcome['status']; oneLine: string }
  | { type: 'status'; text: string };

export interface TurnRequest {
  conversationId: string;
  text: string;
  actor: Actor;
  lang: Lang;
  /** May this person request changes? If not, mutating tools are not offered at all. */
  canRequestChanges: boolean;
  env?: string;
  channel?: string;
  threadTs?: string;
  onEvent?: (e: AgentEvent) => void;
  signal?: AbortSignal;
}

export interface TurnResult {
  stop: StopReason;
  /** The model's answer (streamed already through onEvent). */
  answer: string;
  /** Set when the turn ended without a full answer: the thread message to show. */
  notice?: string;
  toolCalls: number;
  approvals: string[];
  promptTokens: number;
}

export interface AgentDeps {
  service: OpsService;
  model: ModelClient;
  conversations: ConversationStore;
  systemPrompt: string;
  catalogue: Map<string, RunbookProse>;
  limits: AgentLimits;
  approvals?: ApprovalService;
  /** The default environment name, for approval requests' origin. */
  defaultEnv: string;
  /** Configured secrets (API keys, DB passwords…): never sent to the model or logged. */
  knownSecrets: string[];
}

const MAX_QUESTION_CHARS = 4000;

export class Agent {
  /** Turns of one conversation run one after another (a thread's second message waits for the first). */
  private readonly chains = new Map<string, Promise<unknown>>();

  private readonly deps: AgentDeps;

  constructor(deps: AgentDeps) {
    this.deps = deps;
  }

  turn(req: TurnRequest): Promise<TurnResult> {
    const prev = this.chains.get(req.conversationId) ?? Promise.resolve();
    const next = prev.catch(() => {}).then(() => this.run(req));
    this.chains.set(req.conversationId, next);
    void next.finally(() => {
      if (this.chains.get(req.conversationId) === next) this.chains.delete(req.conversationId);
    });
    return next;
  }

  private async run(req: TurnRequest): Promise<TurnResult> {
    const { deps } = this;
    const emit = req.onEvent ?? (() => {});
    const stored = await deps.conversations.get(req.conversationId);
    const conv: Conversation =
      stored?.value ??
      newConversation(req.conversationId, {
        lang: req.lang,
        ...(req.env ? { env: req.env } : {}),
        ...(req.channel ? { channel: req.channel } : {}),
        ...(req.threadTs ? { threadTs: req.threadTs } : {}),
      });
    let revision = stored?.revision ?? 0;
    const save = async () => {
      const r = await deps.conversations.put(conv, revision);
      if (r === undefined) {
        // A decision or a vote was written meanwhile: keep theirs, then ours on top.
        const cur = await deps.conversations.get(conv.id);
        if (cur) {
          conv.pendingApprovals = [...new Set([...cur.value.pendingApprovals, ...conv.pendingApprovals])];
          conv.feedback = cur.value.feedback;
          const extra = cur.value.messages.slice(conv.messages.length);
          if (extra.length) conv.messages.push(...extra);
          revision = (await deps.conversations.put(conv, cur.revision)) ?? cur.revision;
        }
      } else revision = r;
    };

    const text = redactText(req.text.slice(0, MAX_QUESTION_CHARS), deps.knownSecrets);
    conv.messages.push({ role: 'user', content: text });
    const tools = offeredTools(
      deps.service.tools(),
      deps.catalogue,
      req.canRequestChanges && !!deps.approvals,
    );
    const deadline = AbortSignal.timeout(deps.limits.deadlineMs);
    const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
    const result: TurnResult = { stop: 'answered', answer: '', toolCalls: 0, approvals: [], promptTokens: 0 };
    const end = async (stop: StopReason): Promise<TurnResult> => {
      result.stop = stop;
      const notice = stopMessage(stop, req.lang);
      if (notice) result.notice = notice;
      await save();
      return result;
    };

    for (let step = 0; step < deps.limits.maxSteps; step++) {
      if (conv.promptTokens + conv.completionTokens >= deps.limits.tokenBudget) return end('token_budget');
      if (signal.aborted) return end(deadline.aborted ? 'deadline' : 'cancelled');
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: deps.systemPrompt },
        ...conv.messages,
      ];
      let reply: ModelReply;
      try {
        reply = await deps.model.complete({ messages, tools: tools.definitions, signal }, (delta) =>
          emit({ type: 'text', delta }),
        );
      } catch (e) {
        const f = e instanceof ModelFailure ? e : new ModelFailure('model_error', String(e));
        if (f.kind === 'aborted') return end(deadline.aborted ? 'deadline' : 'cancelled');
        return end(
          f.kind === 'rate_limited' ? 'rate_limited' : f.kind === 'timeout' ? 'model_timeout' : 'model_error',
        );
      }
      // Servers that omit usage still count against the budget: estimate with a real tokenizer.
      const promptTokens =
        reply.promptTokens ||
        (await countTokens(JSON.stringify(messages) + JSON.stringify(tools.definitions)));
      conv.promptTokens += promptTokens;
      conv.completionTokens +=
        reply.completionTokens || (await countTokens(reply.text + JSON.stringify(reply.toolCalls)));
      result.promptTokens += promptTokens;
      result.answer += reply.text;

      const calls: ChatCompletionMessageToolCall[] = reply.toolCalls.map((c) => ({
        id: c.id,
        type: 'function',
        function: { name: c.name, arguments: c.arguments },
      }));
      conv.messages.push({
        role: 'assistant',
        content: reply.text || null,
        ...(calls.length ? { tool_calls: calls } : {}),
      });
      if (!calls.length) return end('answered');

      result.toolCalls += calls.length;
      const ctx = {
        service: deps.service,
        tools,
        catalogue: deps.catalogue,
        ...(deps.approvals ? { approvals: deps.approvals } : {}),
        requester: req.actor,
        origin: {
          env: req.env ?? conv.env ?? deps.defaultEnv,
          ...(req.channel ? { channel: req.channel } : {}),
          ...(req.threadTs ? { threadTs: req.threadTs } : {}),
          conversationId: conv.id,
        },
        ...(req.env ? { env: req.env } : {}),
        lang: req.lang,
        toolTimeoutMs: deps.limits.toolTimeoutMs,
        maxConversationToolChars: deps.limits.maxConversationToolChars,
        knownSecrets: deps.knownSecrets,
        signal,
      };
      const one = async (c: (typeof reply.toolCalls)[number]) => {
        emit({ type: 'tool_start', id: c.id, name: c.name });
        const o = await runToolCall(c, conv, ctx);
        emit({ type: 'tool_end', id: c.id, name: c.name, status: o.status, oneLine: o.oneLine });
        return o;
      };
      const isRead = (c: { name: string }) => (tools.offered.get(c.name)?.risk ?? 'read') === 'read';
      // Reads at once and together; approval requests one at a time, in the model's order.
      const reads = Promise.all(reply.toolCalls.filter(isRead).map(one));
      const writes: ToolOutcome[] = [];
      for (const c of reply.toolCalls.filter((c) => !isRead(c))) writes.push(await one(c));
      const byId = new Map([...(await reads), ...writes].map((o) => [o.callId, o]));
      for (const c of reply.toolCalls) {
        const o = byId.get(c.id)!;
        conv.messages.push({ role: 'tool', tool_call_id: c.id, content: o.content });
        if (o.approvalId) {
          result.approvals.push(o.approvalId);
          conv.pendingApprovals.push(o.approvalId);
        }
      }
      // The model answered and, in the same message, asked for approvals that were all recorded: the answer
      // stands, and asking the model again only to repeat "awaits approval" would cost a full request.
      if (reply.text.trim() && [...byId.values()].every((o) => o.status === 'approval_required'))
        return end('answered');
      await save();
    }
    return end('max_steps');
  }
}

/**
 * The tokenizer's encoding tables are megabytes; they are loaded the first time an endpoint omits `usage`, not
 * at start-up, so a bot without a model (or with one that reports usage) never holds them.
 */
async function countTokens(text: string): Promise<number> {
  const { countTokens: count } = await import('gpt-tokenizer');
  return count(text);
}
