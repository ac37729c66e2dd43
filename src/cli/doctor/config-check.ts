/** doctor: the config loads, its files are safe (key and known_hosts), and inline secrets are not world-readable. */
import { stat } from 'node:fs/promises';
import { checkSetupFiles } from '../../config/insecure-setup.ts';
import { type LoadedConfig, loadConfig } from '../../config/load.ts';
import { describeError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import type { Lang } from '../../tools/types.ts';
import type { DoctorStep } from './step.ts';

export async function checkConfig(
  path: string,
  env: NodeJS.ProcessEnv,
  lang: Lang,
): Promise<{ steps: DoctorStep[]; loaded?: LoadedConfig }> {
  const title = 'config';
  let loaded: LoadedConfig;
  try {
    loaded = await loadConfig(path, env);
  } catch (e) {
    return {
      steps: [
        {
          title,
          status: 'problem',
          detail: describeError(e),
          fix: tr(lang, `fix ${path} as the message says`, `メッセージに従って ${path} を直してください`),
        },
      ],
    };
  }
  const { config } = loaded;
  const steps: DoctorStep[] = [
    {
      title,
      status: 'ok',
      detail: tr(
        lang,
        `${loaded.path} loads: ${config.environments.length} environment(s), ${config.environments.reduce((n, e) => n + e.hosts.length, 0)} host(s)`,
        `${loaded.path} を読み込み: 環境 ${config.environments.length}、ホスト ${config.environments.reduce((n, e) => n + e.hosts.length, 0)}`,
      ),
    },
  ];
  for (const p of await checkSetupFiles(config))
    steps.push({ title, status: 'problem', detail: p, fix: tr(lang, 'see the message', 'メッセージを参照') });
  for (const w of loaded.warnings ?? []) steps.push({ title, status: 'note', detail: w });
  const inline = config.environments.some((e) => e.cloudstack.secretKey || e.cloudstack.apiKey);
  const mode = (await stat(loaded.path)).mode;
  if (inline && (mode & 0o077) !== 0)
    steps.push({
      title,
      status: 'problem',
      detail: tr(
        lang,
        `${loaded.path} holds API keys inline and is readable by group or others (mode ${(mode & 0o777).toString(8)})`,
        `${loaded.path} は API キーを直接含み、グループ/他者が読めます (mode ${(mode & 0o777).toString(8)})`,
      ),
      fix: tr(
        lang,
        `chmod 600 ${loaded.path}, or move the keys to apiKeyEnv / secretKeyEnv`,
        `chmod 600 ${loaded.path} とするか、キーを apiKeyEnv / secretKeyEnv に移してください`,
      ),
    });
  return { steps, loaded };
}
