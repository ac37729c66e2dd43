/**
 * "Run this plan" under a diagnosis: the clicker becomes the requester of ONE approval request for the
 * plan's steps, whose card is posted in the same thread. Nothing runs on this click.
 */
import { tr } from '../../../i18n/text.ts';
import { requestChange } from '../../approval-requests.ts';
import { errorMessage } from '../../blocks/notices.ts';
import type { BotContext } from '../../dispatch.ts';
import { RequestMessages } from '../../request-messages.ts';
import { type ButtonArgs, REQUEST_ID } from './decision.ts';

export function runPlanAction(ctx: BotContext) {
  return async ({ ack, body, action, client, respond }: ButtonArgs) => {
    await ack();
    const lang = ctx.defaultLang;
    const channel = body.channel?.id ?? body.container?.channel_id;
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    const id = typeof action.value === 'string' ? action.value : '';
    const msgs = new RequestMessages(ctx.deps, {
      client,
      channel: typeof channel === 'string' ? channel : body.user.id,
      user: body.user.id,
      lang,
      private: false,
      respond,
      ...(message?.thread_ts || message?.ts ? { threadTs: message.thread_ts ?? message.ts } : {}),
    });
    ctx.jobs.run(async () => {
      const claim = REQUEST_ID.test(id) ? await ctx.offers.claim(id) : ({ gone: 'unknown' } as const);
      if ('gone' in claim) {
        const text =
          claim.gone === 'taken'
            ? tr(
                lang,
                'This plan was already turned into an approval request; see its card in the thread.',
                'この計画はすでに承認依頼になっています。スレッドのカードを確認してください。',
              )
            : tr(
                lang,
                'This plan is no longer available (expired or unknown). Run the diagnosis again.',
                'この計画はもう利用できません（期限切れまたは不明）。もう一度診断してください。',
              );
        return msgs.notice(errorMessage(text));
      }
      const { offer } = claim;
      const requestId = await requestChange(ctx, msgs, {
        env: offer.env,
        title: offer.title,
        steps: offer.steps,
        concurrency: offer.concurrency,
      });
      await claim.release(requestId);
    });
  };
}
