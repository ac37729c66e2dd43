/**
 * Slack's AI surfaces for the assistant: Bolt's `Assistant` (the side-pane threads: suggested prompts, a title per
 * thread, a status while tools run) and the feedback buttons under every answer, each vote stored with the
 * conversation and audited. Mentions, DMs and `/cloudops ask` reach the same turn through dispatch.
 */
import { type App, Assistant } from '@slack/bolt';
import { detectLang } from '../../i18n/detect.ts';
import { tr } from '../../i18n/text.ts';
import type { Lang } from '../../tools/types.ts';
import type { AccessChecker } from '../access.ts';
import { refusalMessage } from '../blocks/notices.ts';
import type { JobTracker } from '../jobs.ts';
import { FEEDBACK_ACTION, parseFeedbackValue } from './blocks.ts';
import { runAssistantTurn, type SlackAssistantDeps } from './run-turn.ts';

export interface AssistantSurfaceContext {
  sa: SlackAssistantDeps;
  access: AccessChecker;
  jobs: JobTracker;
  defaultLang: Lang;
}

const MAX_TEXT = 4000;

function suggestedPrompts(lang: Lang) {
  return {
    title: tr(lang, 'Try asking', '例えばこんな質問'),
    prompts: [
      {
        title: tr(lang, 'VMs see less memory', 'VMのメモリが少ない'),
        message: tr(
          lang,
          'Our VMs only see 3 GB of their 6 GB offering. Why?',
          'VMが6GBのオファリングなのに3GBしか見えません。なぜ？',
        ),
      },
      {
        title: tr(lang, 'OOM kills', 'OOM Killer'),
        message: tr(lang, 'Were there OOM kills on kvm02 today?', '今日kvm02でOOM Killerは発動しましたか？'),
      },
      {
        title: tr(lang, 'Storage health', 'ストレージの状態'),
        message: tr(lang, 'Is the NFS storage pair healthy?', 'NFSストレージのペアは正常ですか？'),
      },
    ],
  };
}

export function registerAssistantSurfaces(app: App, ctx: AssistantSurfaceContext): void {
  const assistant = new Assistant({
    threadStarted: async ({ say, setSuggestedPrompts }) => {
      const lang = ctx.defaultLang;
      await say(
        tr(
          lang,
          'Ask me about the cloud: I look at the systems before I answer, and every change needs a human approval.',
          'クラウドについて質問してください。回答の前にシステムを確認します。変更はすべて人の承認が必要です。',
        ),
      );
      await setSuggestedPrompts(suggestedPrompts(lang));
    },
    userMessage: async ({ message, client, context, setTitle, setStatus, say }) => {
      const m = message as unknown as Record<string, unknown>;
      const text = typeof m.text === 'string' ? m.text.slice(0, MAX_TEXT) : '';
      const user = typeof m.user === 'string' ? m.user : undefined;
      const channel = typeof m.channel === 'string' ? m.channel : '';
      const threadTs = typeof m.thread_ts === 'string' ? m.thread_ts : undefined;
      if (!user || !threadTs || !text.trim() || m.bot_id !== undefined) return;
      const lang = detectLang(text);
      const decision = await ctx.access.check(user, channel);
      if (!decision.allowed) {
        await say(refusalMessage(lang).text);
        return;
      }
      await setTitle(text.slice(0, 80)).catch(() => {});
      ctx.jobs.run((signal) =>
        runAssistantTurn(ctx.sa, {
          client,
          channel,
          threadTs,
          user,
          ...(context.teamId ? { teamId: context.teamId } : {}),
          text,
          lang,
          setStatus: (s) => setStatus(s),
          signal,
        }),
      );
    },
  });
  app.assistant(assistant);

  app.action(FEEDBACK_ACTION, async ({ ack, body, action }) => {
    await ack();
    const value = (action as { value?: unknown }).value;
    const parsed = typeof value === 'string' ? parseFeedbackValue(value) : undefined;
    const user = body.user.id;
    if (!parsed) return;
    const messageTs = (body as { message?: { ts?: string } }).message?.ts;
    ctx.jobs.run(async () => {
      const saved = await ctx.sa.assistant.conversations.update(parsed.conversationId, (c) => {
        c.feedback = c.feedback.filter((f) => !(f.user === user && f.messageTs === messageTs));
        c.feedback.push({
          user,
          vote: parsed.vote,
          at: new Date().toISOString(),
          ...(messageTs ? { messageTs } : {}),
        });
      });
      if (!saved) return;
      await ctx.sa.audit?.append({
        actor: user,
        via: 'slack',
        kind: 'feedback',
        target: parsed.conversationId,
        outcome: parsed.vote,
        ...(messageTs ? { detail: { messageTs } } : {}),
      });
      ctx.sa.logger.info(
        { user, conversationId: parsed.conversationId, vote: parsed.vote },
        'assistant feedback',
      );
    });
  });
}
