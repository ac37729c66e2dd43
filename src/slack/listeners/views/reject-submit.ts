/** Submit of the reject modal: ack (closes it), then ApprovalService.reject; a refusal goes to the user by DM-ephemeral. */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { DecisionResult } from '../../../approvals/types.ts';
import { describeError } from '../../../core/errors.ts';
import { errorMessage } from '../../blocks/notices.ts';
import type { BotContext } from '../../dispatch.ts';
import { REQUEST_ID, refusalText } from '../actions/decision.ts';
import { MAX_REASON, REASON_BLOCK, REASON_INPUT } from './reject-reason-view.ts';

export function rejectSubmit(ctx: BotContext) {
  return async ({ ack, view, body, client }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    const id = view.private_metadata;
    const service = ctx.approvals;
    if (!service || !REQUEST_ID.test(id)) return;
    const raw = view.state.values[REASON_BLOCK]?.[REASON_INPUT]?.value;
    const reason = typeof raw === 'string' && raw.trim() ? raw.trim().slice(0, MAX_REASON) : undefined;
    const user = body.user.id;
    ctx.jobs.run(async () => {
      const r = await service.reject(id, { user, via: 'slack' }, reason).catch(
        (err: unknown): DecisionResult => ({
          ok: false,
          code: 'store_unavailable',
          message: describeError(err),
        }),
      );
      if (r.ok) return;
      ctx.logger.info({ user, id, code: r.code }, 'reject refused');
      const card = r.request?.card;
      const msg = errorMessage(refusalText(ctx.defaultLang, r));
      await client.chat
        .postEphemeral({ channel: card?.channel ?? user, user, text: msg.text, blocks: msg.blocks })
        .catch((err: unknown) => ctx.logger.warn({ err: describeError(err) }, 'could not tell the rejecter'));
    });
  };
}
