/** The "reject with an optional reason" modal; private_metadata carries only the request id. */
import type { types } from '@slack/bolt';
import { tr } from '../../../i18n/text.ts';
import type { Lang } from '../../../tools/types.ts';

export const REJECT_VIEW = 'approval_reject_reason';
export const REASON_BLOCK = 'reason';
export const REASON_INPUT = 'reason_input';
export const MAX_REASON = 500;

export function rejectReasonView(id: string, lang: Lang): types.View {
  return {
    type: 'modal',
    callback_id: REJECT_VIEW,
    private_metadata: id,
    title: { type: 'plain_text', text: tr(lang, 'Reject request', '依頼を却下') },
    submit: { type: 'plain_text', text: tr(lang, 'Reject', '却下') },
    close: { type: 'plain_text', text: tr(lang, 'Cancel', 'キャンセル') },
    blocks: [
      {
        type: 'input',
        block_id: REASON_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: tr(lang, 'Reason (optional)', '理由（任意）') },
        element: {
          type: 'plain_text_input',
          action_id: REASON_INPUT,
          multiline: true,
          max_length: MAX_REASON,
        },
      },
    ],
  };
}
