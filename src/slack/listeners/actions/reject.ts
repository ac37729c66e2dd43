/** Reject click: opens a modal asking for an optional reason; the decision happens on submit (views). */
import { describeError } from '../../../core/errors.ts';
import { tr } from '../../../i18n/text.ts';
import { errorMessage } from '../../blocks/notices.ts';
import type { BotContext } from '../../dispatch.ts';
import { rejectReasonView } from '../views/reject-reason-view.ts';
import { type ButtonArgs, REQUEST_ID } from './decision.ts';

export function rejectAction(ctx: BotContext) {
  return async ({ ack, body, action, client, respond }: ButtonArgs) => {
    await ack();
    const id = typeof action.value === 'string' ? action.value : '';
    if (!REQUEST_ID.test(id)) return;
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: rejectReasonView(id, ctx.defaultLang) });
    } catch (err) {
      ctx.logger.warn({ err: describeError(err) }, 'could not open the reject dialog');
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...errorMessage(
          tr(
            ctx.defaultLang,
            'Could not open the reject dialog; nothing changed. Try again.',
            '却下ダイアログを開けませんでした。何も変更していません。再試行してください。',
          ),
        ),
      }).catch(() => undefined);
    }
  };
}
