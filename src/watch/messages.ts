/** Block Kit for the event stream: the problem's head post (with Snooze/Mute), its follow-ups and its resolution. */
import { tr } from '../i18n/text.ts';
import type { Block } from '../slack/blocks/message.ts';
import { type SlackMessage, section } from '../slack/blocks/message.ts';
import { escClip } from '../slack/blocks/mrkdwn.ts';
import type { Lang } from '../tools/types.ts';
import type { Announcement, WatchEvent, WatchState } from './types.ts';

export const SNOOZE_HOUR_ACTION = 'watch_snooze_1h';
export const SNOOZE_DAY_ACTION = 'watch_snooze_1d';
export const MUTE_ACTION = 'watch_mute';

const ICON: Record<WatchState, string> = {
  ok: ':white_check_mark:',
  warning: ':warning:',
  problem: ':red_circle:',
  unknown: ':grey_question:',
};

function stateWord(s: WatchState, lang: Lang): string {
  if (s === 'unknown') return tr(lang, 'could not check', 'チェックできません');
  if (s === 'problem') return tr(lang, 'problem', '問題あり');
  if (s === 'warning') return tr(lang, 'warning', '警告');
  return tr(lang, 'ok', '正常');
}

function buttons(key: string, lang: Lang): Block {
  const b = (action_id: string, text: string) => ({
    type: 'button' as const,
    action_id,
    text: { type: 'plain_text' as const, text },
    value: key,
  });
  return {
    type: 'actions',
    elements: [
      b(SNOOZE_HOUR_ACTION, tr(lang, 'Snooze 1 h', '1時間スヌーズ')),
      b(SNOOZE_DAY_ACTION, tr(lang, 'Snooze 1 day', '1日スヌーズ')),
      b(MUTE_ACTION, tr(lang, 'Mute', 'ミュート')),
    ],
  };
}

/** The first post of a problem (top level), or a follow-up in its thread when it got worse or changed. */
export function problemMessage(e: WatchEvent, kind: Announcement, key: string, lang: Lang): SlackMessage {
  const lead =
    kind === 'worse'
      ? tr(lang, 'Worse', '悪化')
      : kind === 'changed'
        ? tr(lang, 'Changed', '変化')
        : e.state === 'unknown'
          ? tr(lang, 'Could not check', 'チェック不能')
          : tr(lang, 'New', '新規');
  const head = `${ICON[e.state]} *${lead} (${stateWord(e.state, lang)}):* ${escClip(e.title, 300).text}`;
  const where = tr(lang, `${e.env} · ${e.source} · ${e.subject}`, `${e.env} · ${e.source} · ${e.subject}`);
  const body = `${head}\n${escClip(e.detail, 2500).text}\n_${escClip(where, 300).text}_`;
  const blocks = [section(body)];
  if (kind === 'new' && !e.once) blocks.push(buttons(key, lang));
  return { text: `${lead}: ${e.title}`.slice(0, 300), blocks };
}

const minutesBetween = (from: string, to: string): number =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

export function clockTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  }).format(new Date(iso));
}

/** The reply in the problem's thread when it clears: "resolved at 04:12, lasted 38 min". */
export function resolvedMessage(e: WatchEvent, since: string, timeZone: string, lang: Lang): SlackMessage {
  const at = clockTime(e.time, timeZone);
  const mins = minutesBetween(since, e.time);
  const text = tr(
    lang,
    `Resolved at ${at}, lasted ${mins} min: ${e.title}`,
    `${at} に解消しました（継続 ${mins} 分）: ${e.title}`,
  );
  return { text: text.slice(0, 300), blocks: [section(`${ICON.ok} ${escClip(text, 2800).text}`)] };
}

/** Said in the thread when a Snooze or Mute was pressed, so the whole channel sees who silenced it. */
export function silencedMessage(
  user: string,
  until: string | undefined,
  timeZone: string,
  lang: Lang,
): SlackMessage {
  const text = until
    ? tr(
        lang,
        `<@${user}> snoozed this problem until ${clockTime(until, timeZone)} (${timeZone}).`,
        `<@${user}> がこの問題を ${clockTime(until, timeZone)}（${timeZone}）までスヌーズしました。`,
      )
    : tr(lang, `<@${user}> muted this problem.`, `<@${user}> がこの問題をミュートしました。`);
  return { text, blocks: [section(text)] };
}
