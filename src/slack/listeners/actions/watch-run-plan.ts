/**
 * "Run this plan" under an alert's investigation: ack first; the button carries only the offer's id; the
 * stored plan becomes an approval request (requestChange) whose card is posted in the alert's thread.
 * Nothing runs here — only a recorded approval can.
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import { tr } from '../../../i18n/text.ts';
import { RUN_PLAN_ACTION } from '../../../watch/messages.ts';
import { requestChange } from '../../approval-requests.ts';
import { errorMessage } from '../../blocks/notices.ts';
import type { BotContext } from '../../dispatch.ts';
import { RequestMessages } from '../../request-messages.ts';
import { type ButtonArgs, REQUEST_ID } from './decision.ts';

export function registerRunPlan(app: App, ctx: BotContext): void {
  app.action<BlockButtonAction>(
    RUN_PLAN_ACTION,
    async ({ ack, body, action, respond, client }: ButtonArgs) => {
      await ack();
      const channel = body.channel?.id ?? '';
      const threadTs = body.message?.thread_ts ?? body.message?.ts;
      const msgs = new RequestMessages(ctx.deps, {
        client,
        channel,
        user: body.user.id,
        lang: ctx.defaultLang,
        private: false,
        respond,
        ...(typeof threadTs === 'string' ? { threadTs } : {}),
      });
      const id = typeof action.value === 'string' ? action.value : '';
      ctx.jobs.run(async () => {
        const decision = await ctx.access.check(body.user.id, channel);
        if (!decision.allowed)
          return msgs.notice(
            errorMessage(
              tr(ctx.defaultLang, 'You may not use the bot here.', 'ここではボットを使えません。'),
            ),
          );
        const plan = REQUEST_ID.test(id) ? await ctx.watch?.plan(id) : undefined;
        if (!plan)
          return msgs.notice(
            errorMessage(
              tr(ctx.defaultLang, 'That plan is no longer available.', 'その計画はもう利用できません。'),
            ),
          );
        await requestChange(ctx, msgs, { env: plan.env, title: plan.title, steps: plan.steps });
      });
    },
  );
}
