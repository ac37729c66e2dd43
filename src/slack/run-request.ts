/**
 * Runs one request (a tool or a diagnosis) and delivers it: a parent "running…" line in the channel, one
 * progress message in its thread rewritten as checks run, then the result in that same message (plus a
 * file when too long). Private requests go ephemeral instead.
 */
import type { RespondArguments, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { describeError } from '../core/errors.ts';
import type { OpsService, RunOptions } from '../core/ops-service.ts';
import { tr } from '../i18n/text.ts';
import type { Lang } from '../tools/types.ts';
import type { SlackMessage } from './blocks/message.ts';
import {
  doneMessage,
  errorMessage,
  progressMessage,
  runningMessage,
  withFileNote,
} from './blocks/notices.ts';
import type { SlackPoster } from './poster.ts';
import { ThrottledProgress } from './progress.ts';

export interface RequestDeps {
  service: OpsService;
  poster: SlackPoster;
  logger: Logger;
  progressIntervalMs: number;
}

/** Where a request came from and where its answers go. */
export interface RequestTarget {
  client: webApi.WebClient;
  channel: string;
  user: string;
  lang: Lang;
  /** An existing thread (mentions); without one a parent message is posted first (slash commands). */
  threadTs?: string;
  private: boolean;
  /** Slash commands: the response_url, which also works where the bot is not a channel member. */
  respond?: (msg: RespondArguments) => Promise<unknown>;
}

export interface Work {
  label: string;
  run(opts: RunOptions): Promise<{ message: SlackMessage; icon: string; headline: string }>;
}

/** Short notices and private results: ephemeral via response_url when there is one, else chat.postEphemeral. */
export async function sendPrivately(deps: RequestDeps, t: RequestTarget, msg: SlackMessage): Promise<void> {
  if (t.respond)
    await t.respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: msg.text,
      blocks: msg.blocks,
    });
  else await deps.poster.ephemeral(t.client, t.channel, t.user, msg, t.threadTs);
}

const cannotPostHere = (err: unknown): boolean => {
  const code = (err as { data?: { error?: string } } | null)?.data?.error;
  return code === 'not_in_channel' || code === 'channel_not_found' || code === 'is_archived';
};

export async function executeRequest(
  deps: RequestDeps,
  t: RequestTarget,
  work: Work,
  signal: AbortSignal,
): Promise<void> {
  const { lang } = t;
  if (t.private) {
    await sendPrivately(deps, t, runningMessage(lang, work.label));
    const out = await work.run({ lang, signal, progress: () => {} });
    await sendPrivately(deps, t, withFileNote(out.message, lang, true));
    return;
  }
  const { client, channel, poster } = { ...t, poster: deps.poster };
  let thread = t.threadTs;
  let parent: string | undefined;
  if (!thread) {
    try {
      parent = await poster.post(client, channel, runningMessage(lang, work.label, t.user));
      thread = parent;
    } catch (err) {
      if (!cannotPostHere(err) || !t.respond) throw err;
      const hint = tr(
        lang,
        'I am not a member of this channel, so the result is shown only to you. Invite me with `/invite @cloudops` to share results here.',
        'このチャンネルに参加していないため、結果はあなたにだけ表示します。共有するには `/invite @cloudops` で招待してください。',
      );
      await sendPrivately(deps, t, {
        text: hint,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: hint } }],
      });
      return executeRequest(deps, { ...t, private: true }, work, signal);
    }
  }
  const progressTs = await poster.post(client, channel, progressMessage(lang, [], 0), thread);
  const progress = new ThrottledProgress({
    intervalMs: deps.progressIntervalMs,
    write: (notes, ms) => poster.update(client, channel, progressTs, progressMessage(lang, notes, ms)),
    onError: (err) => deps.logger.warn({ err: describeError(err) }, 'slack progress update failed'),
  });
  let out: Awaited<ReturnType<Work['run']>>;
  try {
    out = await work.run({ lang, signal, progress: progress.note });
  } catch (err) {
    await progress.close();
    // Never leave "Working…" behind: the thread says it failed, the requester gets the what-to-do privately.
    await poster
      .update(
        client,
        channel,
        progressTs,
        errorMessage(tr(lang, 'This check failed.', 'このチェックは失敗しました。')),
      )
      .catch(() => undefined);
    if (parent)
      await poster
        .update(client, channel, parent, doneMessage(lang, work.label, ':x:', describeError(err)))
        .catch(() => undefined);
    throw err;
  }
  await progress.close();
  const msg = withFileNote(out.message, lang, false);
  await poster.update(client, channel, progressTs, msg);
  if (msg.file) await poster.upload(client, channel, msg.file, thread);
  if (parent)
    await poster.update(client, channel, parent, doneMessage(lang, work.label, out.icon, out.headline));
}

/** Wraps executeRequest so a failure ends as a short ephemeral "what to do", never as a crash. */
export async function executeSafely(
  deps: RequestDeps,
  t: RequestTarget,
  work: Work,
  signal: AbortSignal,
): Promise<void> {
  try {
    await executeRequest(deps, t, work, signal);
  } catch (err) {
    deps.logger.error({ err: describeError(err), work: work.label }, 'slack request failed');
    const what = signal.aborted
      ? tr(
          t.lang,
          'The bot is restarting; please run the command again in a minute.',
          'ボットが再起動中です。少し待ってからもう一度実行してください。',
        )
      : tr(
          t.lang,
          `\`${work.label}\` failed: ${describeError(err)}. Try again; if it keeps failing, check the bot's logs or run it from the CLI.`,
          `\`${work.label}\` が失敗しました: ${describeError(err)}。再実行しても失敗する場合はボットのログを確認するか CLI から実行してください。`,
        );
    await sendPrivately(deps, t, errorMessage(what)).catch((e: unknown) =>
      deps.logger.warn({ err: describeError(e) }, 'could not tell the user about a failure'),
    );
  }
}
