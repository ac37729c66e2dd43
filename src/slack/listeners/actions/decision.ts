/**
 * Approve / Stop clicks on an approval card. Ack first; the button value is only a request id, and the
 * ApprovalService reloads the request and decides (policy, four-eyes, expiry, compare-and-set). Any
 * refusal or failure is told to the clicker privately; nothing here can make a mutation run by itself.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Actor, DecisionResult } from '../../../approvals/types.ts';
import { describeError } from '../../../core/errors.ts';
import { tr } from '../../../i18n/text.ts';
import type { Lang } from '../../../tools/types.ts';
import { errorMessage } from '../../blocks/notices.ts';
import type { BotContext } from '../../dispatch.ts';

/** Request ids are short tokens; anything else is refused before it reaches the service. */
export const REQUEST_ID = /^[A-Za-z0-9_-]{1,100}$/;

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const REFUSAL: Record<Exclude<DecisionResult, { ok: true }>['code'], [string, string]> = {
  not_found: ['There is no such request.', 'その依頼は存在しません。'],
  not_allowed: ['You are not an approver for this request.', 'あなたはこの依頼の承認者ではありません。'],
  self_approval: [
    'You requested this change, so someone else must approve it.',
    'ご自身の依頼は承認できません。別の方の承認が必要です。',
  ],
  already_approved_by_you: [
    'You already approved this; it needs a different second approver.',
    'すでに承認済みです。別の方の承認が必要です。',
  ],
  already_decided: ['This request was already decided.', 'この依頼はすでに処理済みです。'],
  expired: [
    'This request has expired; nothing ran. Ask again if it is still needed.',
    'この依頼は期限切れです。何も実行していません。必要なら再度依頼してください。',
  ],
  tampered: [
    'This request was changed after it was made, so it cannot run.',
    '依頼の内容が作成後に変更されたため実行できません。',
  ],
  store_unavailable: [
    'The approval store is unavailable; nothing ran. Try again shortly.',
    '承認ストアが利用できないため何も実行していません。少し後に再試行してください。',
  ],
};

export function refusalText(lang: Lang, r: Exclude<DecisionResult, { ok: true }>): string {
  return tr(lang, ...REFUSAL[r.code]);
}

export type Decide = (id: string, actor: Actor) => Promise<DecisionResult>;

/** Runs `decide` for a click and tells the clicker privately when it was refused or failed. */
export function decisionAction(ctx: BotContext, pick: (s: NonNullable<BotContext['approvals']>) => Decide) {
  return async ({ ack, body, action, respond }: ButtonArgs) => {
    await ack();
    const lang = ctx.defaultLang;
    const tell = (text: string) =>
      respond({ response_type: 'ephemeral', replace_original: false, ...errorMessage(text) }).catch(
        (err: unknown) => ctx.logger.warn({ err: describeError(err) }, 'could not tell the clicker'),
      );
    const id = typeof action.value === 'string' ? action.value : '';
    const service = ctx.approvals;
    if (!service || !REQUEST_ID.test(id)) {
      ctx.logger.warn(
        { user: body.user.id, action: action.action_id },
        'approval click refused before the service',
      );
      await tell(tr(lang, ...REFUSAL.not_found));
      return;
    }
    ctx.jobs.run(async () => {
      const actor: Actor = { user: body.user.id, via: 'slack' };
      const result = await pick(service)(id, actor).catch(
        (err: unknown): DecisionResult => ({
          ok: false,
          code: 'store_unavailable',
          message: describeError(err),
        }),
      );
      if (!result.ok) {
        ctx.logger.info({ user: actor.user, id, code: result.code }, 'approval click refused');
        await tell(refusalText(lang, result));
        return;
      }
      const votes = result.request.resumeApprovals?.length ?? 0;
      if (result.request.status === 'paused' && votes > 0 && votes < result.request.required)
        await tell(
          tr(
            lang,
            `Your Resume is recorded (${votes} of ${result.request.required}); another approver must also resume this plan.`,
            `再開を記録しました（${votes}/${result.request.required}）。別の承認者による再開も必要です。`,
          ),
        );
    });
  };
}
