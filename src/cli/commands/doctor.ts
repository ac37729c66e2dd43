/**
 * `cloudops doctor`: checks a config against the real cloud step by step — config and file safety, API
 * reachable and signature accepted, every host's pinned key and login, the DB read-only, the Slack token —
 * and says what to fix for each failed step. Exit codes as everywhere (exit-codes.ts).
 */
import { OpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import { langOf, splitToolArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { checkApi } from '../doctor/api-check.ts';
import { checkConfig } from '../doctor/config-check.ts';
import { checkDatabase } from '../doctor/db-check.ts';
import { checkSlack } from '../doctor/slack-check.ts';
import { checkHost } from '../doctor/ssh-check.ts';
import { type DoctorStep, exitForSteps, mapLimit } from '../doctor/step.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { startProgress } from '../progress.ts';
import { mark, paint } from '../style.ts';

function show(io: CliIo, s: DoctorStep) {
  const m =
    s.status === 'ok'
      ? mark.ok(io)
      : s.status === 'problem'
        ? mark.problem(io)
        : s.status === 'unreachable'
          ? mark.unreachable(io)
          : mark.note(io);
  io.out(`${m} ${s.title.padEnd(16)} ${s.detail}`);
  if (s.fix) io.out(`  ${' '.repeat(16)} ${paint(io, 'cyan', '→')} ${s.fix}`);
}

export async function runDoctor(argv: string[], io: CliIo): Promise<number> {
  const { own } = splitToolArgs(argv);
  const lang = langOf(own.lang, io);
  const path = own.config ?? io.env.CLOUDOPS_CONFIG;
  if (!path)
    throw new OpsError(
      'config_invalid',
      tr(
        lang,
        'no config: pass --config FILE or set CLOUDOPS_CONFIG',
        '設定がありません: --config FILE か CLOUDOPS_CONFIG を指定してください',
      ),
    );
  const json = 'json' in own;
  const steps: DoctorStep[] = [];
  const emit = (s: DoctorStep) => {
    steps.push(s);
    if (!json) show(io, s);
  };
  const cfg = await checkConfig(path, io.env, lang);
  for (const s of cfg.steps) emit(s);
  if (!cfg.loaded) {
    if (json) io.out(JSON.stringify({ steps, exitCode: EXIT.usage }, null, 2));
    return EXIT.usage;
  }
  const { config, secrets } = cfg.loaded;
  const envs = config.environments.filter((e) => !own.env || e.name === own.env);
  if (own.env && envs.length === 0)
    throw new OpsError(
      'unknown_environment',
      `unknown environment "${own.env}" (known: ${config.environments.map((e) => e.name).join(', ')})`,
    );
  for (const env of envs) {
    const where = `environments[${config.environments.indexOf(env)}]`;
    const s = secrets.get(env.name);
    if (!json) io.out(paint(io, 'bold', `\n[${env.name}]`));
    emit(await checkApi(env, where, s, lang));
    const progress = startProgress(io, { json, lang });
    progress.sink?.({ type: 'planned', hosts: env.hosts.length });
    const hostSteps = await mapLimit(env.hosts, 16, async (h) => {
      const r = await checkHost(h, env, where, s?.sshPrivateKey, io, lang);
      progress.sink?.({ type: 'finished', ok: r.status === 'ok' });
      return r;
    });
    progress.stop();
    for (const h of hostSteps) emit(h);
    emit(await checkDatabase(env, where, s?.dbPassword, lang));
  }
  if (!json) io.out('');
  emit(await checkSlack(io.env, lang));
  const code = exitForSteps(steps);
  if (json) io.out(JSON.stringify({ steps, exitCode: code }, null, 2));
  else {
    const problems = steps.filter((x) => x.status === 'problem').length;
    const unreachable = steps.filter((x) => x.status === 'unreachable').length;
    io.out(
      tr(
        lang,
        `\n${problems} problem(s), ${unreachable} not reachable, ${steps.filter((x) => x.status === 'ok').length} ok → exit ${code}`,
        `\n問題 ${problems} 件、到達不可 ${unreachable} 件、正常 ${steps.filter((x) => x.status === 'ok').length} 件 → 終了コード ${code}`,
      ),
    );
  }
  return code;
}

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: ['check a config against the real cloud, step by step', '設定を実環境に対して段階的に確認'],
  usage: '[--config FILE] [--env NAME] [--json] [--lang en|ja]',
  details: (lang) =>
    tr(
      lang,
      'Checks: config loads and its files are safe; CloudStack API reachable and signature accepted;\neach host: SSH reachable, host key pinned, login ok; database read-only; SLACK_BOT_TOKEN valid (auth.test).\nExit: 0 all ok, 1 a problem to fix, 2 config does not load, 3 something could not be reached.',
      '確認内容: 設定の読み込みとファイルの安全性、CloudStack API への到達と署名、\n各ホストの SSH 到達・ホスト鍵・ログイン、DB が読み取り専用か、SLACK_BOT_TOKEN の有効性 (auth.test)。\n終了コード: 0 すべて正常、1 直すべき問題あり、2 設定を読めない、3 到達できないものがある。',
    ),
  flags: ['--config', '--env', '--json', '--lang', '--help'],
  run: runDoctor,
};
