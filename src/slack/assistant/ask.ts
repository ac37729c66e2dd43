/**
 * A question from an @mention, a DM or `/cloudops ask`: in a thread it is answered there (the thread is the
 * conversation); a slash command first posts the question as a parent message so the answer has a thread.
 */
import { describeError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import { esc } from '../blocks/mrkdwn.ts';
import type { RequestPlace } from '../request-messages.ts';
import { runAssistantTurn, type SlackAssistantDeps } from './run-turn.ts';

export async function askInSlack(
  sa: SlackAssistantDeps,
  t: RequestPlace,
  text: string,
  signal: AbortSignal,
): Promise<void> {
  let threadTs = t.threadTs;
  if (!threadTs) {
    try {
      const short = text.length > 200 ? `${text.slice(0, 199)}…` : text;
      const parent = await t.client.chat.postMessage({
        channel: t.channel,
        text: `:speech_balloon: <@${t.user}> ${tr(t.lang, 'asked', 'の質問')}: ${esc(short)}`,
      });
      threadTs = parent.ts;
    } catch (err) {
      sa.logger.warn({ err: describeError(err), channel: t.channel }, 'cannot post the question');
      if (t.respond)
        await t.respond({
          response_type: 'ephemeral',
          text: tr(
            t.lang,
            'I cannot post in this channel; invite me first (`/invite @cloudops`).',
            'このチャンネルに投稿できません。先に招待してください（`/invite @cloudops`）。',
          ),
        });
      return;
    }
  }
  if (!threadTs) return;
  await runAssistantTurn(sa, {
    client: t.client,
    channel: t.channel,
    threadTs,
    user: t.user,
    text,
    lang: t.lang,
    signal,
  });
}
