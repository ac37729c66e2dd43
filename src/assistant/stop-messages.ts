/** Why a turn ended, and the short thread message a person sees when it ended without an answer. */
import { tr } from '../i18n/text.ts';
import type { Lang } from '../tools/types.ts';

export type StopReason =
  | 'answered'
  | 'max_steps'
  | 'deadline'
  | 'token_budget'
  | 'rate_limited'
  | 'model_timeout'
  | 'model_error'
  | 'cancelled';

export function stopMessage(reason: StopReason, lang: Lang): string | undefined {
  switch (reason) {
    case 'answered':
      return undefined;
    case 'max_steps':
      return tr(
        lang,
        'I stopped after the maximum number of steps without a final answer. Ask a narrower question, or run `/cloudops diagnose` for the runbook analysis.',
        '最大ステップ数に達したため、最終回答を出せずに停止しました。質問を絞るか、`/cloudops diagnose` でランブックの分析を実行してください。',
      );
    case 'deadline':
      return tr(
        lang,
        'I ran out of time for this question. The checks that finished are shown above; ask again or narrow the question.',
        'この質問の制限時間を超えました。完了した確認は上に表示しています。再度質問するか、質問を絞ってください。',
      );
    case 'token_budget':
      return tr(
        lang,
        'This conversation has used its token budget. Start a new thread to continue.',
        'この会話はトークン上限に達しました。続けるには新しいスレッドを開始してください。',
      );
    case 'rate_limited':
      return tr(
        lang,
        'The model endpoint is rate-limiting us (HTTP 429) and did not recover after retries. Try again in a minute; `/cloudops diagnose` works without the model.',
        'モデルのエンドポイントがレート制限中です（HTTP 429）。再試行しても回復しませんでした。1分ほどしてから再度お試しください。`/cloudops diagnose` はモデルなしで使えます。',
      );
    case 'model_timeout':
      return tr(
        lang,
        'The model did not answer in time, even after retries. Try again later; `/cloudops diagnose` works without the model.',
        'モデルが時間内に応答しませんでした（再試行済み）。後で再度お試しください。`/cloudops diagnose` はモデルなしで使えます。',
      );
    case 'model_error':
      return tr(
        lang,
        'The model endpoint failed, even after retries. Try again later; `/cloudops diagnose` works without the model.',
        'モデルのエンドポイントでエラーが発生しました（再試行済み）。後で再度お試しください。`/cloudops diagnose` はモデルなしで使えます。',
      );
    case 'cancelled':
      return tr(lang, 'Stopped.', '停止しました。');
  }
}
