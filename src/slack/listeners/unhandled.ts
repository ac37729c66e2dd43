/**
 * Interactions no listener of ours claims — a button on a card rendered by an older version, a feedback button
 * while no model is configured, a shortcut or view of a misconfigured app — are acked at once and logged.
 * Without this Bolt leaves them unacked and Slack shows the person an error after 3 s. Registered last; Bolt runs
 * every matching listener, so known ids are skipped here and acked by their own listener.
 */
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';

export interface KnownInteractions {
  actions: ReadonlySet<string>;
  views: ReadonlySet<string>;
}

export function registerUnhandled(app: App, known: KnownInteractions, logger: Logger): void {
  const note = (kind: string, id: unknown) =>
    logger.info(
      { kind, id: typeof id === 'string' ? id.slice(0, 80) : undefined },
      'unhandled interaction acked',
    );
  app.action({ type: 'block_actions' }, async ({ ack, action }) => {
    const id = (action as { action_id?: unknown }).action_id;
    if (typeof id === 'string' && known.actions.has(id)) return;
    await ack();
    note('block_actions', id);
  });
  app.view({ type: 'view_submission' }, async ({ ack, view }) => {
    if (known.views.has(view.callback_id)) return;
    await ack();
    note('view_submission', view.callback_id);
  });
  // None of our views asks for notify_on_close: every view_closed is someone else's.
  app.view({ type: 'view_closed' }, async ({ ack }) => {
    await ack();
  });
  app.shortcut(/.*/, async ({ ack, shortcut }) => {
    await ack();
    note(shortcut.type, shortcut.callback_id);
  });
  app.options(/.*/, async ({ ack }) => {
    await ack({ options: [] });
    note('block_suggestion', undefined);
  });
}
