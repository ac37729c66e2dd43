/** A mention or DM becomes a request: deduped, mention stripped, then a subcommand or a diagnosis. */
import type { webApi } from '@slack/bolt';
import { oversize } from '../../../core/input-limit.ts';
import { detectLang } from '../../../i18n/detect.ts';
import { isTooLong, parseSlashText, type SlashCommand, tooLongCommand } from '../../command-parse.ts';
import { type BotContext, dispatch } from '../../dispatch.ts';
import { RequestMessages } from '../../request-messages.ts';

export interface IncomingText {
  client: webApi.WebClient;
  channel: string;
  user: string;
  text: string;
  ts: string;
  threadTs?: string;
  eventId?: string;
  botUserId?: string;
}

/** A subcommand when it reads like one, otherwise the whole text is a question (assistant, or runbooks without a model). */
export function commandFromText(text: string): { command: SlashCommand; private: boolean } {
  if (!text) return { command: { kind: 'help' }, private: false };
  const parsed = parseSlashText(text);
  const c = parsed.command;
  // An over-long text is refused, never handed on as a free-text incident.
  if (isTooLong(parsed)) return parsed;
  if (c.kind === 'invalid' || (c.kind === 'help' && c.unknown !== undefined))
    return { command: { kind: 'ask', text }, private: false };
  return parsed;
}

export function onText(ctx: BotContext, m: IncomingText): void {
  // Slack redelivers after 3 s without an ack, and a DM mention can arrive as two events: same channel+ts.
  if (ctx.dedupe.seen(m.eventId, `${m.channel}:${m.ts}`)) return;
  // Input-size guard at the entry: nothing below reads more than the cap.
  const big = oversize(m.text);
  const text = big
    ? m.text.slice(0, 200)
    : (m.botUserId ? m.text.replaceAll(`<@${m.botUserId}>`, ' ') : m.text).trim();
  const { command, private: priv } = big ? tooLongCommand(big.length) : commandFromText(text);
  const msgs = new RequestMessages(ctx.deps, {
    client: m.client,
    channel: m.channel,
    user: m.user,
    lang: detectLang(text),
    threadTs: m.threadTs ?? m.ts,
    private: priv,
  });
  ctx.jobs.run((signal) => dispatch(ctx, msgs, command, signal));
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
