/**
 * Why a check could not run, in Japanese, from the OpsError code: the error messages themselves are English,
 * and a Japanese answer must stay Japanese, including its "could not check" lines.
 */
import { lookupTable } from '../core/lookup-table.ts';
import type { Lang } from '../tools/types.ts';

const JA: Readonly<Record<string, string>> = lookupTable({
  host_unreachable: 'SSH で接続できません（sshd の停止、ネットワーク断の可能性）',
  timeout: '時間内に応答がありません',
  ssh_auth_failed: 'SSH ログインが拒否されました（ボットの公開鍵が登録されていません）',
  host_key_mismatch:
    'ホスト鍵が固定値と一致しないため接続を中止しました。再インストールした場合は新しい鍵を別経路で確認し、固定値を更新してください',
  host_key_unpinned: 'ホスト鍵が固定されていないため接続しません',
  command_failed: 'コマンドが失敗しました',
  output_too_large: '出力が大きすぎるため読み取りを中止しました',
  cloudstack_api: 'CloudStack API がエラーを返しました',
  cloudstack_auth: 'CloudStack API の認証に失敗しました',
  database: 'CloudStack データベースを読めませんでした',
  cancelled: '中止されました',
});

/** The message in English; in Japanese a Japanese reason for the code, or the message when the code is unknown. */
export function errorReason(lang: Lang, code: string | undefined, message: string): string {
  if (lang !== 'ja') return message;
  return (code !== undefined ? JA[code] : undefined) ?? message;
}
