/**
 * Snooze (1 h / 1 day) and Mute on a watch problem's post. Ack first; the button value is only the
 * problem's store key; the clicker must pass the access policy; the stream records it in the audit and
 * says it in the problem's thread.
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import { describeError } from '../../../core/errors.ts';
import { tr } from '../../../i18n/text.ts';
import { MUTE_ACTION, SNOOZE_DAY_ACTION, SNOOZE_HOUR_ACTION } from '../../../watch/messages.ts';
import { errorMessage } from '../../blocks/notices.ts';
import type { BotContext } from '../../dispatch.ts';
import type { ButtonArgs } from './decision.ts';

const FOR_MS = new Map<string, number | undefined>([
  [SNOOZE_HOUR_ACTION, 3_600_000],
  [SNOOZE_DAY_ACTION, 86_400_000],
  [MUTE_ACTION, undefined],
]);

export const SILENCE_ACTIONS: readonly string[] = [...FOR_MS.keys()];

export function silenceAction(ctx: BotContext) {
  return async ({ ack, body, action, respond }: ButtonArgs) => {
    await ack();
    const lang = ctx.defaultLang;
    const tell = async (text: string): Promise<void> => {
      await respond({ response_type: 'ephemeral', replace_original: false, ...errorMessage(text) }).catch(
        (err: unknown) => ctx.logger.warn({ err: describeError(err) }, 'could not tell the clicker'),
      );
    };
    const key = typeof action.value === 'string' ? action.value.slice(0, 200) : '';
    const stream = ctx.watch;
    const channel = body.channel?.id ?? '';
    if (!stream || !key || !FOR_MS.has(action.action_id))
      return tell(tr(lang, 'There is no such problem.', 'その問題は存在しません。'));
    ctx.jobs.run(async () => {
      const decision = await ctx.access.check(body.user.id, channel);
      if (!decision.allowed)
        return tell(tr(lang, 'You may not silence alerts here.', 'ここでアラートを止める権限がありません。'));
      const ms = FOR_MS.get(action.action_id);
      const until = ms === undefined ? undefined : new Date(Date.now() + ms);
      const ok = await stream.silence(key, body.user.id, until).catch(() => false);
      if (!ok)
        await tell(
          tr(
            lang,
            'That problem could not be silenced (gone, or the store is unavailable).',
            'この問題を止められませんでした（存在しないかストアが利用できません）。',
          ),
        );
    });
  };
}

export function registerWatchActions(app: App, ctx: BotContext): void {
  for (const id of FOR_MS.keys()) app.action<BlockButtonAction>(id, silenceAction(ctx));
}
