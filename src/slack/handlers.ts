/**
 * Bolt listeners. Each acks (or is auto-acked) at once and hands the work to the JobTracker, so Slack's
 * 3-second deadline never depends on how long a host takes to answer.
 */
import type { App } from '@slack/bolt';
import { detectLang } from '../i18n/detect.ts';
import type { SlashCommand } from './command-parse.ts';
import { parseSlashText } from './command-parse.ts';
import { type BotContext, dispatch } from './dispatch.ts';
import type { RequestTarget } from './run-request.ts';

export const SLASH_COMMAND = '/cloudops';

export function registerSlashCommand(app: App, ctx: BotContext): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
    await ack();
    const parsed = parseSlashText(command.text ?? '');
    // Subcommands are English words; only Japanese in the text says more than the configured default.
    const lang = detectLang(command.text ?? '') === 'ja' ? 'ja' : ctx.defaultLang;
    const t: RequestTarget = {
      client,
      channel: command.channel_id,
      user: command.user_id,
      lang,
      private: parsed.private,
      respond,
    };
    ctx.jobs.run((signal) => dispatch(ctx, t, parsed.command, signal));
  });
}

interface IncomingText {
  client: RequestTarget['client'];
  channel: string;
  user: string;
  text: string;
  ts: string;
  threadTs?: string;
  eventId?: string;
  botUserId?: string;
}

/** A mention or DM: a subcommand when it reads like one, otherwise the whole text is a question (assistant or runbooks). */
export function commandFromText(text: string): { command: SlashCommand; private: boolean } {
  if (!text) return { command: { kind: 'help' }, private: false };
  const parsed = parseSlashText(text);
  const c = parsed.command;
  if (c.kind === 'invalid' || (c.kind === 'help' && c.unknown !== undefined))
    return { command: { kind: 'ask', text }, private: false };
  return parsed;
}

function onText(ctx: BotContext, m: IncomingText): void {
  // Slack redelivers after 3 s without an ack, and a DM mention can arrive as two events: same channel+ts.
  if (ctx.dedupe.seen(m.eventId, `${m.channel}:${m.ts}`)) return;
  const text = (m.botUserId ? m.text.replaceAll(`<@${m.botUserId}>`, ' ') : m.text).trim();
  const { command, private: priv } = commandFromText(text);
  const t: RequestTarget = {
    client: m.client,
    channel: m.channel,
    user: m.user,
    lang: detectLang(text),
    threadTs: m.threadTs ?? m.ts,
    private: priv,
  };
  ctx.jobs.run((signal) => dispatch(ctx, t, command, signal));
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function registerEvents(app: App, ctx: BotContext): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    if (!event.user) return;
    onText(ctx, {
      client,
      channel: event.channel,
      user: event.user,
      text: event.text,
      ts: event.ts,
      ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
      ...(str(body.event_id) ? { eventId: str(body.event_id) } : {}),
      ...(context.botUserId ? { botUserId: context.botUserId } : {}),
    });
  });
  app.message(async ({ message, body, client, context }) => {
    const m = message as unknown as Record<string, unknown>;
    // Only plain user messages in the bot's DM: edits, joins and other bots' posts are not requests.
    if (m.channel_type !== 'im' || m.subtype !== undefined || m.bot_id !== undefined) return;
    const user = str(m.user);
    const ts = str(m.ts);
    if (!user || !ts) return;
    onText(ctx, {
      client,
      channel: str(m.channel) ?? '',
      user,
      text: str(m.text) ?? '',
      ts,
      ...(str(m.thread_ts) ? { threadTs: str(m.thread_ts) } : {}),
      ...(str(body.event_id) ? { eventId: str(body.event_id) } : {}),
      ...(context.botUserId ? { botUserId: context.botUserId } : {}),
    });
  });
}
