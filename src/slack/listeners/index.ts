/** Every Bolt listener, grouped by surface as Bolt's templates do; each handler acks first. */
import type { App } from '@slack/bolt';
import type { BotContext } from '../dispatch.ts';
import * as actions from './actions/index.ts';
import * as commands from './commands/index.ts';
import * as events from './events/index.ts';
import { registerUnhandled } from './unhandled.ts';
import * as views from './views/index.ts';

/** `extraActions`: ids other surfaces registered before (the assistant's feedback buttons). */
export function registerListeners(app: App, ctx: BotContext, extraActions: readonly string[] = []): void {
  commands.register(app, ctx);
  events.register(app, ctx);
  actions.register(app, ctx);
  views.register(app, ctx);
  registerUnhandled(
    app,
    { actions: new Set([...actions.ACTION_IDS, ...extraActions]), views: new Set(views.VIEW_IDS) },
    ctx.logger,
  );
}
