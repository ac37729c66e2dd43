/**
 * One assistant conversation per Slack thread (or CLI run), stored in the StateStore under 'conversation' with a
 * schema version, so a restart resumes it. Changed only through `update()`: reload, apply, compare-and-set, retry.
 */
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { StateStore } from '../store/types.ts';
import type { Lang } from '../tools/types.ts';

export const CONVERSATION_NS = 'conversation';
const SCHEMA_VERSION = 1;

export interface FeedbackVote {
  user: string;
  vote: 'positive' | 'negative';
  /** The answer message voted on. */
  messageTs?: string;
  at: string;
}

export interface Conversation {
  id: string;
  schemaVersion: number;
  env?: string;
  lang: Lang;
  channel?: string;
  threadTs?: string;
  messages: ChatCompletionMessageParam[];
  /** Read-call results by canonical call key: identical repeats are answered from here. */
  toolCache: [string, string][];
  /** Characters of tool output already given to the model (capped per conversation). */
  toolOutputChars: number;
  promptTokens: number;
  completionTokens: number;
  /** Approval requests this conversation made whose decision has not been fed back yet. */
  pendingApprovals: string[];
  feedback: FeedbackVote[];
  createdAt: string;
  updatedAt: string;
}

export function newConversation(
  id: string,
  p: { lang: Lang; env?: string; channel?: string; threadTs?: string },
): Conversation {
  const now = new Date().toISOString();
  return {
    id,
    schemaVersion: SCHEMA_VERSION,
    ...p,
    messages: [],
    toolCache: [],
    toolOutputChars: 0,
    promptTokens: 0,
    completionTokens: 0,
    pendingApprovals: [],
    feedback: [],
    createdAt: now,
    updatedAt: now,
  };
}

/** Thread key: one conversation per Slack thread. */
export const threadConversationId = (channel: string, threadTs: string): string =>
  `slack:${channel}:${threadTs}`;

export class ConversationStore {
  /** Without a StateStore (a one-shot CLI run) conversations live only in this process. */
  private readonly local = new Map<string, { value: Conversation; revision: number }>();

  private readonly store: StateStore | undefined;

  constructor(store?: StateStore) {
    this.store = store;
  }

  async get(id: string): Promise<{ value: Conversation; revision: number } | undefined> {
    if (!this.store) return this.local.get(id);
    const doc = await this.store.get<Conversation>(CONVERSATION_NS, id);
    return doc && doc.value.schemaVersion === SCHEMA_VERSION
      ? { value: doc.value, revision: doc.revision }
      : undefined;
  }

  /** Writes `next` if nobody wrote since `revision`; returns the new revision or undefined on a lost race. */
  async put(next: Conversation, revision: number): Promise<number | undefined> {
    next.updatedAt = new Date().toISOString();
    if (!this.store) {
      const cur = this.local.get(next.id);
      if ((cur?.revision ?? 0) !== revision) return undefined;
      this.local.set(next.id, { value: structuredClone(next), revision: revision + 1 });
      return revision + 1;
    }
    return this.store.put(CONVERSATION_NS, next.id, next, revision);
  }

  /** Applies `change` to the stored conversation with compare-and-set, retrying on a lost race. */
  async update(id: string, change: (c: Conversation) => void): Promise<Conversation | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const cur = await this.get(id);
      if (!cur) return undefined;
      const next = structuredClone(cur.value);
      change(next);
      if ((await this.put(next, cur.revision)) !== undefined) return next;
    }
    throw new Error(`conversation ${id}: too many concurrent writes`);
  }
}
