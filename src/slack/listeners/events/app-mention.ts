/** @cloudops in a channel by a person: auto-acked by Bolt; the work runs detached. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { BotContext } from '../../dispatch.ts';
import { onText, str } from './text-request.ts';

export function appMention(ctx: BotContext) {
  return async ({
    event,
    body,
    client,
    context,
  }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs) => {
    // Like DMs: another bot's post (its integration could echo our own answer back) and edits are not requests.
    const e = event as unknown as Record<string, unknown>;
    if (!event.user || e.bot_id !== undefined || e.subtype !== undefined) return;
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
  };
}
