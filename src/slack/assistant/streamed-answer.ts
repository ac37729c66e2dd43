/**
 * The one owner of an assistant answer in a thread: streams the model's text as it comes (chat.startStream /
 * appendStream / stopStream through `client.chatStream`), shows each tool call as a task while it runs, and
 * finishes with the plan of task cards and the feedback buttons. Writes are serialized; a failed Slack call is
 * logged and the answer goes on (the final stop still posts what there is).
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { describeError } from '../../core/errors.ts';
import type { Lang } from '../../tools/types.ts';
import { feedbackBlock, planBlock, type TaskState, taskId } from './blocks.ts';

export interface AnswerPlace {
  channel: string;
  threadTs: string;
  /** Required by Slack to stream outside a DM. */
  recipientUserId?: string;
  recipientTeamId?: string;
}

/** Broadcast mentions from model text would ping a whole channel: defuse them. */
const defuse = (s: string): string => s.replaceAll('<!', '<\u200b!');

export class StreamedAnswer {
  private readonly streamer: ReturnType<webApi.WebClient['chatStream']>;
  private readonly tasks: TaskState[] = [];
  private readonly byCall = new Map<string, TaskState>();
  private chain: Promise<unknown> = Promise.resolve();
  private wroteText = false;
  private readonly lang: Lang;
  private readonly logger: Logger;

  constructor(client: webApi.WebClient, place: AnswerPlace, lang: Lang, logger: Logger) {
    this.lang = lang;
    this.logger = logger;
    this.streamer = client.chatStream({
      channel: place.channel,
      thread_ts: place.threadTs,
      task_display_mode: 'plan',
      buffer_size: 120,
      ...(place.recipientUserId ? { recipient_user_id: place.recipientUserId } : {}),
      ...(place.recipientTeamId ? { recipient_team_id: place.recipientTeamId } : {}),
    });
  }

  private enqueue(what: string, f: () => Promise<unknown>): void {
    this.chain = this.chain
      .then(f)
      .catch((err: unknown) =>
        this.logger.warn({ err: describeError(err), what }, 'assistant stream write failed'),
      );
  }

  text(delta: string): void {
    if (!delta) return;
    this.wroteText = true;
    this.enqueue('text', () => this.streamer.append({ markdown_text: defuse(delta) }));
  }

  taskStarted(callId: string, title: string): void {
    const t: TaskState = { id: taskId(this.tasks.length + 1), title, status: 'in_progress' };
    this.tasks.push(t);
    this.byCall.set(callId, t);
    this.enqueue('task', () =>
      this.streamer.append({
        chunks: [{ type: 'task_update', id: t.id, title: t.title, status: 'in_progress' }],
      }),
    );
  }

  taskEnded(callId: string, ok: boolean, output: string): void {
    const t = this.byCall.get(callId);
    if (!t) return;
    t.status = ok ? 'complete' : 'error';
    t.output = output;
    this.enqueue('task', () =>
      this.streamer.append({
        chunks: [
          { type: 'task_update', id: t.id, title: t.title, status: t.status, output: output.slice(0, 280) },
        ],
      }),
    );
  }

  /** Ends the message: any notice (why the turn stopped), the plan, and feedback buttons when there was an answer. */
  async finish(p: { notice?: string; conversationId: string }): Promise<void> {
    const blocks = [
      ...(this.tasks.length ? [planBlock(this.tasks, this.lang)] : []),
      ...(this.wroteText ? [feedbackBlock(p.conversationId, this.lang)] : []),
    ];
    const text = p.notice ? `${this.wroteText ? '\n\n' : ''}${p.notice}` : this.wroteText ? '' : '…';
    this.enqueue('stop', () =>
      this.streamer.stop({ ...(text ? { markdown_text: text } : {}), ...(blocks.length ? { blocks } : {}) }),
    );
    await this.chain;
  }
}
