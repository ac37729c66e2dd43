/** doctor: is SLACK_BOT_TOKEN valid? One `auth.test` against SLACK_API_URL (default https://slack.com/api/). */
import { describeError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import type { Lang } from '../../tools/types.ts';
import type { DoctorStep } from './step.ts';

export async function checkSlack(env: NodeJS.ProcessEnv, lang: Lang): Promise<DoctorStep> {
  const title = 'slack';
  const token = env.SLACK_BOT_TOKEN?.trim();
  if (!token)
    return {
      title,
      status: 'note',
      detail: tr(
        lang,
        'SLACK_BOT_TOKEN not set: not checked (only `cloudops slack` needs it)',
        'SLACK_BOT_TOKEN 未設定: 確認していません (`cloudops slack` のみ必要)',
      ),
    };
  const base = (env.SLACK_API_URL?.trim() || 'https://slack.com/api/').replace(/\/?$/, '/');
  let body: { ok?: boolean; error?: string; team?: string; user?: string };
  try {
    const res = await fetch(`${base}auth.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      signal: AbortSignal.timeout(10_000),
    });
    body = (await res.json()) as typeof body;
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    return {
      title,
      status: 'unreachable',
      detail: tr(
        lang,
        `cannot reach ${new URL(base).host}: ${cause ?? describeError(e)}`,
        `${new URL(base).host} に接続できません: ${cause ?? describeError(e)}`,
      ),
      fix: tr(
        lang,
        'check outbound HTTPS to slack.com (proxy: HTTPS_PROXY) or SLACK_API_URL',
        'slack.com への HTTPS (プロキシ: HTTPS_PROXY) か SLACK_API_URL を確認してください',
      ),
    };
  }
  if (body.ok)
    return {
      title,
      status: 'ok',
      detail: tr(
        lang,
        `token valid: bot ${body.user ?? '?'} in workspace ${body.team ?? '?'}`,
        `トークン有効: ワークスペース ${body.team ?? '?'} のボット ${body.user ?? '?'}`,
      ),
    };
  return {
    title,
    status: 'problem',
    detail: tr(
      lang,
      `auth.test refused the token: ${body.error ?? 'unknown error'}`,
      `auth.test がトークンを拒否: ${body.error ?? '不明なエラー'}`,
    ),
    fix: tr(
      lang,
      'copy the Bot User OAuth Token (xoxb-…) from the app\'s "OAuth & Permissions" page into SLACK_BOT_TOKEN; reinstall the app if it was revoked',
      'アプリの「OAuth & Permissions」ページの Bot User OAuth Token (xoxb-…) を SLACK_BOT_TOKEN に設定してください。取り消された場合はアプリを再インストール',
    ),
  };
}
