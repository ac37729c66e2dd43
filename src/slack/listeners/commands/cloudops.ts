/**
 * `/cloudops …`: parse, check access, then ack with the answer itself (help, errors, refusals) or with the
 * running line, so the first visible response costs no Web API write and never waits on a host.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { detectLang } from '../../../i18n/detect.ts';
import type { AccessDecision } from '../../access.ts';
import { parseSlashText } from '../../command-parse.ts';
import { type BotContext, dispatch, planCommand, refusal, runPlanned } from '../../dispatch.ts';
import { ackResponse, RequestMessages, type RequestPlace } from '../../request-messages.ts';

export const SLASH_COMMAND = '/cloudops';

/** A cold user-group lookup must not hold the ack: past this, ack plainly and let the job decide. */
const ACCESS_BUDGET_MS = 1000;

function quickAccess(ctx: BotContext, user: string, channel: string): Promise<AccessDecision | undefined> {
  return Promise.race([
    ctx.access.check(user, channel),
    new Promise<undefined>((r) => setTimeout(() => r(undefined), ACCESS_BUDGET_MS).unref()),
  ]);
}

export function cloudopsCommand(ctx: BotContext) {
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const text = command.text ?? '';
    const parsed = parseSlashText(text);
    // Subcommands are English words; only Japanese in the text says more than the configured default.
    const lang = detectLang(text) === 'ja' ? 'ja' : ctx.defaultLang;
    const place: RequestPlace = {
      client,
      channel: command.channel_id,
      user: command.user_id,
      lang,
      private: parsed.private,
      respond,
    };
    const decision = await quickAccess(ctx, place.user, place.channel);
    const refused = decision && refusal(decision, lang);
    if (refused) {
      ctx.logger.info({ user: place.user, channel: place.channel }, 'slack request refused');
      await ack({ response_type: 'ephemeral', text: refused.text, blocks: refused.blocks });
      return;
    }
    if (!decision) {
      // Unknown yet: the job checks access again and answers through the Web API.
      await ack();
      ctx.jobs.run(async (signal) => {
        const msgs = new RequestMessages(ctx.deps, place);
        await dispatch(ctx, msgs, parsed.command, signal);
      });
      return;
    }
    const planned = planCommand(ctx, parsed.command, lang, {
      user: place.user,
      privately: place.private,
      channel: place.channel,
    });
    if (planned.kind === 'reply') {
      await ack({ response_type: 'ephemeral', text: planned.message.text, blocks: planned.message.blocks });
      return;
    }
    if (planned.kind === 'work') {
      await ack(ackResponse(lang, planned.work.label, place.user, place.private));
      place.ackShown = true;
    } else await ack();
    ctx.jobs.run((signal) => runPlanned(ctx, new RequestMessages(ctx.deps, place), planned, signal));
  };
}
