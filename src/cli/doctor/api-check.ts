/** doctor: is the CloudStack API reachable, and does it accept our signature? One cheap listCapabilities. */

import { createCloudStackClient } from '../../cloudstack/client.ts';
import { isCloudStackError } from '../../cloudstack/errors.ts';
import { capabilitiesSchema } from '../../cloudstack/schemas.ts';
import type { EnvironmentConfig } from '../../config/schema.ts';
import type { EnvSecrets } from '../../config/secrets.ts';
import { describeError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import type { Lang } from '../../tools/types.ts';
import type { DoctorStep } from './step.ts';

const TLS = /CERT|TLS|SSL|SELF_SIGNED|ALTNAME/i;

export async function checkApi(
  env: EnvironmentConfig,
  where: string,
  secrets: EnvSecrets | undefined,
  lang: Lang,
): Promise<DoctorStep> {
  const title = 'API';
  const url = env.cloudstack.url;
  if (!secrets)
    return {
      title,
      status: 'problem',
      detail: tr(lang, 'no API key/secret resolved', 'API キー/シークレットが解決できません'),
      fix: tr(
        lang,
        `set ${where}.cloudstack.apiKeyEnv / secretKeyEnv and export those variables`,
        `${where}.cloudstack.apiKeyEnv / secretKeyEnv を設定し、その環境変数を export してください`,
      ),
    };
  const api = createCloudStackClient({
    url,
    apiKey: secrets.apiKey,
    secretKey: secrets.secretKey,
    timeoutMs: Math.min(env.cloudstack.timeoutMs ?? 10_000, 10_000),
    // One attempt: doctor reports what it sees, it does not retry its way past a fault.
    retry: { maxAttempts: 1 },
  });
  const t0 = Date.now();
  try {
    const r = await api.request('listCapabilities', {}, { schema: capabilitiesSchema });
    const version = r.capability?.cloudstackversion ?? '?';
    return {
      title,
      status: 'ok',
      detail: tr(
        lang,
        `${url} reachable, signature accepted (CloudStack ${version}, ${Date.now() - t0} ms)`,
        `${url} に接続、署名 OK (CloudStack ${version}、${Date.now() - t0} ms)`,
      ),
    };
  } catch (e) {
    return apiFailure(e, url, where, lang);
  }
}

function apiFailure(e: unknown, url: string, where: string, lang: Lang): DoctorStep {
  const title = 'API';
  const msg = describeError(e);
  if (isCloudStackError(e) && (e.httpStatus === 401 || e.code === 'cloudstack_auth'))
    return {
      title,
      status: 'problem',
      detail: tr(
        lang,
        `${url} rejected the signature (401): the API key or secret key is wrong, or the key was rotated`,
        `${url} が署名を拒否しました (401): API キーかシークレットキーが誤っているか、ローテーションされています`,
      ),
      fix: tr(
        lang,
        `generate keys for the bot's user (CloudStack UI: Accounts → user → Generate keys) and put them in the variables ${where}.cloudstack.apiKeyEnv / secretKeyEnv name; also check this machine's clock (signatures expire)`,
        `ボット用ユーザーのキーを再生成し (UI: アカウント → ユーザー → キーの生成)、${where}.cloudstack.apiKeyEnv / secretKeyEnv が指す環境変数に設定してください。時刻ずれも確認してください (署名には期限があります)`,
      ),
    };
  if (isCloudStackError(e) && e.errorcode === 432)
    return {
      title,
      status: 'problem',
      detail: tr(
        lang,
        `${url} accepted the signature but refused listCapabilities (432): the account's role does not allow it`,
        `${url} は署名を受け付けましたが listCapabilities を拒否しました (432): アカウントのロールで許可されていません`,
      ),
      fix: tr(
        lang,
        "give the bot's account a role that allows the read-only list* APIs (e.g. a read-only admin role)",
        'ボットのアカウントに list* API を許可するロール (読み取り専用の管理ロールなど) を付けてください',
      ),
    };
  if (isCloudStackError(e) && e.code === 'host_unreachable' && TLS.test(msg))
    return {
      title,
      status: 'unreachable',
      detail: tr(lang, `TLS failed: ${msg}`, `TLS エラー: ${msg}`),
      fix: tr(
        lang,
        'the server certificate is not trusted: install the CA with NODE_EXTRA_CA_CERTS=/path/ca.pem, or fix the certificate name/expiry',
        'サーバー証明書が信頼されていません: NODE_EXTRA_CA_CERTS=/path/ca.pem で CA を追加するか、証明書の名前/期限を直してください',
      ),
    };
  if (isCloudStackError(e) && (e.code === 'host_unreachable' || e.code === 'timeout'))
    return {
      title,
      status: 'unreachable',
      detail: msg,
      fix: tr(
        lang,
        `check ${where}.cloudstack.url, that the management server runs, and that this machine may reach it (firewall, proxy)`,
        `${where}.cloudstack.url、管理サーバーの稼働、このマシンからの到達性 (FW・プロキシ) を確認してください`,
      ),
    };
  return {
    title,
    status: 'problem',
    detail: msg,
    fix: tr(
      lang,
      `check ${where}.cloudstack.url points at /client/api`,
      `${where}.cloudstack.url が /client/api を指しているか確認してください`,
    ),
  };
}
