/**
 * One assistant turn in a Slack thread, whatever the door (assistant pane, @mention, DM, /cloudops ask): the
 * conversation is the thread, the answer streams into it, tools show as tasks, and a turn that stops early says why.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { AuditLog } from '../../approvals/types.ts';
import { threadConversationId } from '../../assistant/conversation.ts';
import type { Assistant } from '../../assistant/create-assistant.ts';
import { describeError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import type { Lang } from '../../tools/types.ts';
import { StreamedAnswer } from './streamed-answer.ts';

export interface SlackAssistantDeps {
  assistant: Assistant;
  /** May this Slack user request changes (approval requests)? If not, no mutating tool is offered. */
  canRequestChanges(user: string): Promise<boolean>;
  audit?: AuditLog;
  logger: Logger;
  /** Posts a request's approval card in the thread (set by createSlackApp, which owns the poster). */
  postApprovalCard?: (
    requestId: string,
    where: { client: webApi.WebClient; channel: string; threadTs: string; lang: Lang },
  ) => Promise<void>;
}

export interface TurnPlace {
  client: webApi.WebClient;
  channel: string;
  threadTs: string;
  user: string;
  teamId?: string;
  text: string;
  lang: Lang;
  /** Assistant threads: the "is checking…" status under the composer. */
  setStatus?: (status: string) => Promise<unknown>;
  signal?: AbortSignal;
}

export async function runAssistantTurn(sa: SlackAssistantDeps, p: TurnPlace): Promise<void> {
  const conversationId = threadConversationId(p.channel, p.threadTs);
  const answer = new StreamedAnswer(
    p.client,
    {
      channel: p.channel,
      threadTs: p.threadTs,
      recipientUserId: p.user,
      ...(p.teamId ? { recipientTeamId: p.teamId } : {}),
    },
    p.lang,
    sa.logger,
  );
  const status = (s: string) => void p.setStatus?.(s).catch(() => {});
  status(tr(p.lang, 'is looking at the systems…', 'がシステムを確認しています…'));
  try {
    const r = await sa.assistant.agent.turn({
      conversationId,
      text: p.text,
      actor: { user: p.user, via: 'slack' },
      lang: p.lang,
      canRequestChanges: await sa.canRequestChanges(p.user).catch(() => false),
      channel: p.channel,
      threadTs: p.threadTs,
      ...(p.signal ? { signal: p.signal } : {}),
      onEvent: (e) => {
        if (e.type === 'text') answer.text(e.delta);
        else if (e.type === 'tool_start') {
          answer.taskStarted(e.id, e.name);
          status(tr(p.lang, `is running ${e.name}…`, `が ${e.name} を実行しています…`));
        } else if (e.type === 'tool_end') answer.taskEnded(e.id, e.status !== 'error', e.oneLine);
      },
    });
    sa.logger.info(
      {
        user: p.user,
        channel: p.channel,
        conversationId,
        stop: r.stop,
        toolCalls: r.toolCalls,
        promptTokens: r.promptTokens,
        approvals: r.approvals,
      },
      'assistant turn',
    );
    await answer.finish({ conversationId, ...(r.notice ? { notice: r.notice } : {}) });
    // Each change the model proposed gets the same approval card as a /cloudops change, in this thread.
    for (const id of r.approvals)
      await sa
        .postApprovalCard?.(id, { client: p.client, channel: p.channel, threadTs: p.threadTs, lang: p.lang })
        .catch((err: unknown) => sa.logger.warn({ err: describeError(err), id }, 'approval card not posted'));
  } catch (err) {
    sa.logger.error({ err: describeError(err), conversationId }, 'assistant turn failed');
    await answer.finish({
      conversationId,
      notice: tr(
        p.lang,
        'Something went wrong while answering; nothing was changed. Try again.',
        '回答中にエラーが発生しました。何も変更していません。もう一度お試しください。',
      ),
    });
  } finally {
    status('');
  }
}
