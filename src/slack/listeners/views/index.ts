/** Modal submissions. */
import type { App } from '@slack/bolt';
import type { BotContext } from '../../dispatch.ts';
import { REJECT_VIEW } from './reject-reason-view.ts';
import { rejectSubmit } from './reject-submit.ts';

/** Every view callback id this module answers. */
export const VIEW_IDS: readonly string[] = [REJECT_VIEW];

export function register(app: App, ctx: BotContext): void {
  app.view(REJECT_VIEW, rejectSubmit(ctx));
}
