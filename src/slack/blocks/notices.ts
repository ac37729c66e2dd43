/** Short messages around the results: help, refusals, argument errors, "running…" and progress. All ephemeral-sized. */
import { tr } from '../../i18n/text.ts';
import type { Lang } from '../../tools/types.ts';
import { USAGE } from '../command-parse.ts';
import { context, type SlackMessage, section } from './message.ts';
import { esc, escClip, mention } from './mrkdwn.ts';

export function helpMessage(lang: Lang, unknown?: string): SlackMessage {
  const lines = Object.values(USAGE).map((u) => `• \`/cloudops ${esc(u)}\``);
  const intro = unknown
    ? tr(
        lang,
        `I don't know \`${escClip(unknown, 40).text}\`. Here is what I can do:`,
        `\`${escClip(unknown, 40).text}\` は知らないコマンドです。使えるコマンド:`,
      )
    : tr(
        lang,
        'Checks of the CloudStack cloud; changes (vm stop…, config set…) are only requested here and run after an approval:',
        'CloudStack クラウドのチェック。変更（vm stop…、config set…）はここでは依頼のみで、承認後に実行されます:',
      );
  const tail = tr(
    lang,
    'Add `private` at the end to see the result only yourself. Mention me or DM me with a description of an incident to start a diagnosis.',
    '末尾に `private` を付けると結果は自分だけに表示されます。障害の説明を書いてメンションか DM を送ると診断を始めます。',
  );
  return {
    text: tr(lang, 'cloudops help', 'cloudops ヘルプ'),
    blocks: [section(`${intro}\n${lines.join('\n')}`), context([tail])],
  };
}

export function invalidArgMessage(
  lang: Lang,
  c: { arg: string; value?: string; expected: string; usage: string },
): SlackMessage {
  const what =
    c.value === undefined
      ? tr(lang, `Missing ${c.arg}.`, `${c.arg} が指定されていません。`)
      : tr(
          lang,
          `\`${escClip(c.value, 80).text}\` is not a valid ${c.arg}: use ${esc(c.expected)}.`,
          `\`${escClip(c.value, 80).text}\` は ${c.arg} として使えません: ${esc(c.expected)} を使ってください。`,
        );
  const text = `${what} ${tr(lang, 'Usage', '使い方')}: \`/cloudops ${esc(c.usage)}\``;
  return { text, blocks: [section(text)] };
}

export function refusalMessage(lang: Lang): SlackMessage {
  const text = tr(
    lang,
    'Sorry, you are not allowed to use cloudops here. Ask an admin to add you, your user group or this channel to `slack.allowedUsers` / `allowedUserGroups` / `allowedChannels`.',
    '申し訳ありません、ここでは cloudops を利用できません。管理者に `slack.allowedUsers` / `allowedUserGroups` / `allowedChannels` への追加を依頼してください。',
  );
  return { text, blocks: [section(text)] };
}

export function notConfiguredMessage(lang: Lang): SlackMessage {
  const text = tr(
    lang,
    'cloudops is not open to anyone yet. Admin: set `slack.allowedChannels`, `allowedUsers` or `allowedUserGroups` in the config, or set `CLOUDOPS_SLACK_ALLOW_ALL=1` to allow everyone.',
    'cloudops はまだ誰にも開放されていません。管理者の方: 設定ファイルの `slack.allowedChannels`・`allowedUsers`・`allowedUserGroups` を設定するか、全員に許可する場合は `CLOUDOPS_SLACK_ALLOW_ALL=1` を設定してください。',
  );
  return { text, blocks: [section(text)] };
}

/** `problem` is escaped here: it often quotes what the user typed or what a host said. */
export function errorMessage(problem: string): SlackMessage {
  const text = `:x: ${escClip(problem, 1500).text}`;
  return { text, blocks: [section(text)] };
}

export function envsMessage(lang: Lang, envs: { name: string; description?: string }[]): SlackMessage {
  const lines = envs.map(
    (e) => `• \`${esc(e.name)}\`${e.description ? ` — ${escClip(e.description, 200).text}` : ''}`,
  );
  const text = `*${tr(lang, 'Environments', '環境一覧')}*\n${lines.join('\n') || tr(lang, '(none configured)', '（未設定）')}`;
  return { text: tr(lang, 'Environments', '環境一覧'), blocks: [section(text)] };
}

/** The channel-level parent message: what runs, for whom. */
export function runningMessage(lang: Lang, label: string, userId?: string): SlackMessage {
  const who = mention(userId);
  const text = tr(
    lang,
    `:hourglass_flowing_sand: Running \`${escClip(label, 200).text}\`${who ? ` for ${who}` : ''}…`,
    `:hourglass_flowing_sand: \`${escClip(label, 200).text}\` を実行中${who ? `（依頼者 ${who}）` : ''}…`,
  );
  return { text, blocks: [section(text)] };
}

/** The one message in the thread that progress updates rewrite. */
export function progressMessage(lang: Lang, notes: string[], elapsedMs: number): SlackMessage {
  const head = tr(
    lang,
    `:mag: Working… (${Math.round(elapsedMs / 1000)} s)`,
    `:mag: 確認中…（${Math.round(elapsedMs / 1000)} 秒）`,
  );
  const body = notes.map((n) => `• ${escClip(n, 200).text}`).join('\n');
  const text = body ? `${head}\n${body}` : head;
  return { text: head, blocks: [section(text)] };
}

/** Says where the rest of a long output went: a file in the thread, or (private results) why there is none. */
export function withFileNote(msg: SlackMessage, lang: Lang, privately: boolean): SlackMessage {
  if (!msg.file) return msg;
  const chars = msg.file.content.length.toLocaleString('en-US');
  const note = privately
    ? tr(
        lang,
        `:scissors: Shortened: the full output (${chars} characters) can only be shared as a file in the channel. Run the command again without \`private\` to get it.`,
        `:scissors: 一部を省略しました。全文（${chars} 文字）はチャンネルへのファイル共有でしか渡せません。\`private\` を付けずに再実行してください。`,
      )
    : tr(
        lang,
        `:paperclip: Shortened: the full output (${chars} characters) is attached below as a file.`,
        `:paperclip: 一部を省略しました。全文（${chars} 文字）は下のファイルにあります。`,
      );
  return { ...msg, blocks: [...msg.blocks, context([note])] };
}
