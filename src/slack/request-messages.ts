/**
 * The one owner of a request's messages: the first response, progress, the result (and its file), the
 * fallbacks when an edit fails, ephemeral notices and errors, and what a shutdown leaves behind. Slash
 * commands, mentions, approval cards and the assistant all write through it, so a failed edit, a rate limit
 * or a restart is handled once, here.
 *
 * Fewest writes: a slash command's ack already shows the "running" line (no Web API call), and its progress
 * and result replace that line through response_url, which is not paced like chat.postMessage. Mentions
 * and DMs post one message in the thread and edit it. A failed edit falls back to a new message; a
 * finished result is never dropped and a posting failure never reads as a failed check.
 */
import type { RespondArguments, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { describeError } from '../core/errors.ts';
import { tr } from '../i18n/text.ts';
import type { Lang } from '../tools/types.ts';
import { isInvalidBlocks, withoutPlanBlocks } from './blocks/approval-plan.ts';
import { type SlackMessage, section } from './blocks/message.ts';
import { errorMessage, progressMessage, runningMessage, withFileNote } from './blocks/notices.ts';
import type { SlackPoster } from './poster.ts';
import { ThrottledProgress } from './progress.ts';

export interface MessageDeps {
  poster: SlackPoster;
  logger: Logger;
  progressIntervalMs: number;
}

/** Where a request came from and where its answers go. */
export interface RequestPlace {
  client: webApi.WebClient;
  channel: string;
  user: string;
  lang: Lang;
  /** An existing thread (mentions, approval cards); slash commands have none. */
  threadTs?: string;
  private: boolean;
  /** Slash commands and button clicks: the response_url (works where the bot is not a channel member). */
  respond?: (msg: RespondArguments) => Promise<unknown>;
  /** The slash command's ack already showed the running line; response_url edits that message. */
  ackShown?: boolean;
}

/** response_url accepts 5 uses in 30 minutes: progress may use 2, the rest is kept for the result and fallbacks. */
const URL_USES = 5;
const URL_PROGRESS_USES = 2;

const slackCode = (err: unknown): string | undefined =>
  (err as { data?: { error?: string } } | null)?.data?.error;
const cannotPostHere = (err: unknown): boolean =>
  ['not_in_channel', 'channel_not_found', 'is_archived'].includes(slackCode(err) ?? '');

/** What a slash command's ack carries: the running line, in the channel or only for the requester. */
export function ackResponse(lang: Lang, label: string, user: string, privately: boolean): RespondArguments {
  const m = runningMessage(lang, label, privately ? undefined : user);
  return { response_type: privately ? 'ephemeral' : 'in_channel', text: m.text, blocks: m.blocks };
}

export class RequestMessages {
  readonly place: RequestPlace;
  private readonly deps: MessageDeps;
  /** The message this request edits, once posted through the Web API. */
  private ts: string | undefined;
  private urlUses = 0;
  private progress: ThrottledProgress | undefined;

  constructor(deps: MessageDeps, place: RequestPlace) {
    this.deps = deps;
    this.place = place;
  }

  get lang(): Lang {
    return this.place.lang;
  }

  /** The Web API message this request owns (its thread parent for files), if any. */
  get messageTs(): string | undefined {
    return this.ts;
  }

  /** First visible response. No write when the ack carried it; mentions post one message in the thread. */
  async start(label: string): Promise<void> {
    const p = this.place;
    if (!p.ackShown) {
      if (p.private) {
        await this.notice(runningMessage(p.lang, label));
        return;
      }
      try {
        this.ts = await this.deps.poster.post(
          p.client,
          p.channel,
          runningMessage(p.lang, label, p.threadTs ? undefined : p.user),
          p.threadTs,
        );
      } catch (err) {
        if (!cannotPostHere(err) || !p.respond) throw err;
        const hint = notMemberHint(p.lang);
        await this.notice({ text: hint, blocks: [section(hint)] });
        this.place.private = true;
        return;
      }
    }
    if (p.private) return;
    let uses = 0;
    this.progress = new ThrottledProgress({
      intervalMs: this.deps.progressIntervalMs,
      write: async (notes, ms) => {
        if (this.viaUrl && uses >= URL_PROGRESS_USES) return;
        uses++;
        if (!(await this.edit(progressMessage(p.lang, notes, ms)))) throw new Error('progress edit failed');
      },
      onError: (err) => this.deps.logger.warn({ err: describeError(err) }, 'slack progress update failed'),
    });
  }

  /** Progress note from a running tool: rewrites the one message, throttled; never a new message. */
  note = (text: string): void => {
    this.progress?.note(text);
  };

  /** The result: replaces the running line, or arrives as a new message when that edit fails. Never throws. */
  async result(msg: SlackMessage): Promise<void> {
    await this.progress?.close();
    const p = this.place;
    const out = withFileNote(msg, p.lang, p.private);
    if (p.private) {
      const { file: _dropped, ...rest } = out;
      if (!(await this.edit(rest))) await this.notice(rest);
      return;
    }
    const { file, ...shown } = out;
    if (!(await this.edit(shown)) && !(await this.postNew(shown))) {
      await this.notice(shown);
      return;
    }
    if (file)
      await this.deps.poster
        .upload(p.client, p.channel, file, p.threadTs ?? this.ts)
        .catch((err: unknown) => {
          this.deps.logger.warn({ err: describeError(err) }, 'slack file upload failed');
          return this.notice(errorMessage(uploadFailed(p.lang)));
        });
  }

  /** An answer only the requester should see (unknown VM, bad input): the public running line goes away. */
  async onlyForRequester(msg: SlackMessage): Promise<void> {
    await this.progress?.close();
    if (!this.place.private) await this.removeRunning();
    await this.notice(msg);
  }

  /** The work failed (or the bot is stopping): the running line says so, the what-to-do goes to the requester. */
  async failed(label: string, err: unknown, stopping: boolean): Promise<void> {
    await this.progress?.close();
    const l = this.place.lang;
    const line = stopping
      ? tr(l, 'The bot restarted before this finished.', 'ボットの再起動により中断しました。')
      : tr(l, 'This check failed.', 'このチェックは失敗しました。');
    if (!this.place.private && !(await this.edit(errorMessage(line)))) await this.removeRunning();
    const what = stopping
      ? tr(
          l,
          'The bot is restarting; please run the command again in a minute.',
          'ボットが再起動中です。少し待ってからもう一度実行してください。',
        )
      : tr(
          l,
          `\`${label}\` failed: ${describeError(err)}. Try again; if it keeps failing, check the bot's logs or run it from the CLI.`,
          `\`${label}\` が失敗しました: ${describeError(err)}。再実行しても失敗する場合はボットのログを確認するか CLI から実行してください。`,
        );
    await this.notice(errorMessage(what));
  }

  /** A new message in the request's thread that this request does not edit again (an approval card). */
  async postCard(msg: SlackMessage): Promise<string | undefined> {
    const p = this.place;
    try {
      return await this.deps.poster.post(p.client, p.channel, msg, p.threadTs).catch((err: unknown) => {
        if (!isInvalidBlocks(err)) throw err;
        return this.deps.poster.post(p.client, p.channel, withoutPlanBlocks(msg), p.threadTs);
      });
    } catch (err) {
      this.deps.logger.warn({ err: describeError(err) }, 'could not post the approval card');
      await this.notice(errorMessage(cardFailed(p.lang)));
      return undefined;
    }
  }

  /** A short ephemeral message to the requester (help, refusals, errors). Never throws. */
  async notice(msg: SlackMessage): Promise<void> {
    const p = this.place;
    try {
      if (p.respond && this.urlUses < URL_USES) {
        this.urlUses++;
        await p.respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: msg.text,
          blocks: msg.blocks,
        });
        return;
      }
    } catch (err) {
      this.deps.logger.warn({ err: describeError(err) }, 'response_url failed; using chat.postEphemeral');
    }
    await this.deps.poster
      .ephemeral(p.client, p.channel, p.user, msg, p.threadTs)
      .catch((err: unknown) =>
        this.deps.logger.warn({ err: describeError(err) }, 'could not tell the user privately'),
      );
  }

  private get viaUrl(): boolean {
    return !!this.place.ackShown && !!this.place.respond && this.ts === undefined;
  }

  /** Rewrites the running line (response_url for an acked slash command, chat.update otherwise). */
  private async edit(msg: SlackMessage): Promise<boolean> {
    const p = this.place;
    try {
      if (this.viaUrl && p.respond) {
        if (this.urlUses >= URL_USES - 1) return false;
        this.urlUses++;
        await p.respond({
          response_type: p.private ? 'ephemeral' : 'in_channel',
          replace_original: true,
          text: msg.text,
          blocks: msg.blocks,
        });
        return true;
      }
      if (this.ts === undefined) return false;
      await this.deps.poster.update(p.client, p.channel, this.ts, msg);
      return true;
    } catch (err) {
      this.deps.logger.warn({ err: describeError(err) }, 'slack edit failed; falling back to a new message');
      return false;
    }
  }

  /** A new message in the request's thread (the fallback when an edit fails). */
  private async postNew(msg: SlackMessage): Promise<boolean> {
    const p = this.place;
    try {
      await this.deps.poster.post(p.client, p.channel, msg, p.threadTs ?? this.ts);
      return true;
    } catch (err) {
      this.deps.logger.warn({ err: describeError(err) }, 'slack post failed; telling the user privately');
      return false;
    }
  }

  private async removeRunning(): Promise<void> {
    const p = this.place;
    try {
      if (this.viaUrl && p.respond && this.urlUses < URL_USES - 1) {
        this.urlUses++;
        await p.respond({ delete_original: true });
      } else if (this.ts !== undefined) {
        const ts = this.ts;
        await this.deps.poster.schedule(p.channel, () => p.client.chat.delete({ channel: p.channel, ts }));
      }
    } catch (err) {
      this.deps.logger.warn({ err: describeError(err) }, 'could not remove the running line');
    }
  }
}

function notMemberHint(lang: Lang): string {
  return tr(
    lang,
    'I am not a member of this channel, so the result is shown only to you. Invite me with `/invite @cloudops` to share results here.',
    'このチャンネルに参加していないため、結果はあなたにだけ表示します。共有するには `/invite @cloudops` で招待してください。',
  );
}

function uploadFailed(lang: Lang): string {
  return tr(
    lang,
    'The full output could not be attached as a file (Slack refused the upload). The result above is shortened; run the command from the CLI for everything.',
    '全文をファイルとして添付できませんでした（Slack がアップロードを拒否）。上の結果は一部省略されています。全文は CLI で実行してください。',
  );
}

function cardFailed(lang: Lang): string {
  return tr(
    lang,
    'The request was stored but its card could not be posted here (is the bot in this channel?). It expires unapproved; invite me and ask again.',
    '依頼は保存されましたが、ここにカードを投稿できませんでした（ボットはこのチャンネルに参加していますか？）。承認されないまま期限切れになります。招待してから再度依頼してください。',
  );
}
