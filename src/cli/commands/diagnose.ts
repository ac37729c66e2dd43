/** `cloudops diagnose <vm|host|free text>`: the matching runbooks, as a report or as JSON. */
import { detectLang } from '../../i18n/detect.ts';
import { tr } from '../../i18n/text.ts';
import { renderDiagnosisText } from '../../runbooks/render-text.ts';
import { langOf, splitToolArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { EXIT, exitForDiagnosis } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { openService } from '../open-service.ts';
import { startProgress } from '../progress.ts';

export async function runDiagnose(argv: string[], io: CliIo): Promise<number> {
  const { own, rest } = splitToolArgs(argv);
  const target = rest.join(' ').trim();
  if (!target) {
    io.err('cloudops diagnose: name a VM, a host, or describe the incident');
    return EXIT.usage;
  }
  const lang = own.lang ? langOf(own.lang, io) : detectLang(target) === 'ja' ? 'ja' : undefined;
  const opened = await openService({ config: own.config, lab: own.lab }, io);
  try {
    const progress = startProgress(io, { json: 'json' in own, lang: lang ?? langOf(undefined, io) });
    const d = await opened.service
      .diagnose(target, { env: own.env, lang, hostProgress: progress.sink })
      .finally(() => progress.stop());
    if ('json' in own) io.out(JSON.stringify(d, null, 2));
    else if (d.error) io.err(renderDiagnosisText(d));
    else io.out(renderDiagnosisText(d));
    return exitForDiagnosis(d);
  } finally {
    await opened.close();
  }
}

export const diagnoseCommand: CliCommand = {
  name: 'diagnose',
  summary: [
    'run the matching runbooks (--env NAME, --json, --lang en|ja)',
    '該当するランブックを実行 (--env, --json, --lang)',
  ],
  usage: '<vm|host|text...> [--env NAME] [--json] [--lang en|ja] [--quiet]',
  details: (lang) =>
    tr(
      lang,
      'Exit: 0 no problem found, 1 a problem (warning or critical finding), 2 usage/config error or unknown VM,\n3 could not complete (checks failed, nothing wrong found among those that ran).\nExample (cron): cloudops diagnose "storage" --quiet || page-me',
      '終了コード: 0 問題なし、1 問題あり (warning/critical)、2 使い方/設定の誤り・不明な VM、\n3 確認を完了できず (失敗した確認があり、実行できた範囲では問題なし)。\n例 (cron): cloudops diagnose "storage" --quiet || page-me',
    ),
  flags: ['--env', '--json', '--lang', '--config', '--lab', '--quiet', '--help'],
  run: runDiagnose,
};
