/** Slash command listeners. */
import type { App } from '@slack/bolt';
import type { BotContext } from '../../dispatch.ts';
import { cloudopsCommand, SLASH_COMMAND } from './cloudops.ts';

export function register(app: App, ctx: BotContext): void {
  app.command(SLASH_COMMAND, cloudopsCommand(ctx));
}
