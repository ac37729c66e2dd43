/** Events API listeners (auto-acked by Bolt before they run). */
import type { App } from '@slack/bolt';
import type { BotContext } from '../../dispatch.ts';
import { appMention } from './app-mention.ts';
import { directMessage } from './direct-message.ts';

export function register(app: App, ctx: BotContext): void {
  app.event('app_mention', appMention(ctx));
  app.message(directMessage(ctx));
}
