/** A plain user message in the bot's DM; edits, joins and other bots' posts are not requests. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { BotContext } from '../../dispatch.ts';
import { onText, str } from './text-request.ts';

export function directMessage(ctx: BotContext) {
  return async ({
    message,
    body,
    client,
    context,
  }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs) => {
    const m = message as unknown as Record<string, unknown>;
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
  };
}
