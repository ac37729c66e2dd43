/**
 * What a diagnosis with no finding says, in one place for every surface: never "no problem found" when it
 * failed, a check could not run, or the question was outside what the runbooks cover.
 */
import { tr } from '../i18n/text.ts';
import type { Lang } from '../tools/types.ts';
import type { Diagnosis } from './types.ts';

export type EmptyVerdictKind = 'error' | 'incomplete' | 'outside' | 'ok';

/** Operator text is echoed at most this long: a pasted log must not come back whole. */
const ECHO_MAX = 40;

export function shortTarget(target: string): string {
  const t = target.replace(/\s+/g, ' ').trim();
  return t.length > ECHO_MAX ? `${t.slice(0, ECHO_MAX)}…` : t;
}

const RUNBOOK_NAMES = new Map<string, [string, string]>([
  ['vm-memory-capped', ['VM memory vs offering', 'VMメモリとオファリング']],
  ['oom-kills', ['OOM kills', 'OOM Killer']],
  ['drbd-split-brain', ['DRBD replication', 'DRBD レプリケーション']],
  ['pacemaker-node-down', ['Pacemaker cluster', 'Pacemaker クラスター']],
  ['storage-move', ['primary storage pools', 'プライマリストレージ']],
]);

export function checkedText(ids: string[] | undefined, lang: Lang): string {
  return (ids ?? []).map((id) => RUNBOOK_NAMES.get(id)?.[lang === 'ja' ? 1 : 0] ?? id).join(', ');
}

export function emptyVerdict(d: Diagnosis, lang: Lang): { kind: EmptyVerdictKind; text: string } {
  const target = shortTarget(d.target);
  if (d.error)
    return {
      kind: 'error',
      text: `${tr(lang, 'Diagnosis failed', '診断できませんでした')}: ${d.error.message}`,
    };
  if (d.incomplete?.length)
    return {
      kind: 'incomplete',
      text: tr(
        lang,
        `Could not complete the checks for "${target}": nothing can be concluded yet.`,
        `「${target}」の確認を完了できませんでした。まだ結論は出せません。`,
      ),
    };
  const checked = checkedText(d.checked, lang);
  if (d.outsideRunbooks)
    return {
      kind: 'outside',
      text: tr(
        lang,
        `"${target}" is outside what the runbooks cover, so this is no answer to it. What was checked (${checked}) shows no problem; the question itself needs a person (or, later, the assistant).`,
        `「${target}」はランブックの対象外のため、この結果は質問への回答ではありません。確認した項目（${checked}）に問題はありませんでしたが、質問自体は担当者（今後はアシスタント）の確認が必要です。`,
      ),
    };
  return {
    kind: 'ok',
    text: tr(
      lang,
      `No problem found for "${target}"${checked ? ` (checked: ${checked})` : ''}.`,
      `「${target}」について問題は見つかりませんでした${checked ? `（確認: ${checked}）` : ''}。`,
    ),
  };
}

/** Put before the findings of a general sweep: they are what the checks found, not an answer to the question. */
export function outsideNote(d: Diagnosis, lang: Lang): string | undefined {
  if (!d.outsideRunbooks || d.findings.length === 0) return undefined;
  const target = shortTarget(d.target);
  return tr(
    lang,
    `"${target}" is outside what the runbooks cover; the general checks (${checkedText(d.checked, lang)}) found the following, which may be unrelated to the question.`,
    `「${target}」はランブックの対象外です。一般的な確認（${checkedText(d.checked, lang)}）で以下が見つかりましたが、質問とは無関係の可能性があります。`,
  );
}
