/** `cloudops diagnose <vm|host|free text>`: the matching runbooks, as a report or as JSON. */
import { detectLang } from '../../i18n/detect.ts';
import { renderDiagnosisText } from '../../runbooks/render-text.ts';
import type { CliIo } from '../io.ts';
import { openService } from '../open-service.ts';
import { langOf, splitToolArgs } from './tool.ts';

export async function runDiagnose(argv: string[], io: CliIo): Promise<number> {
  const { own, rest } = splitToolArgs(argv);
  const target = rest.join(' ').trim();
  if (!target) {
    io.err('cloudops diagnose: name a VM, a host, or describe the incident');
    return 2;
  }
  const opened = await openService({ config: own.config, lab: own.lab }, io);
  try {
    const d = await opened.service.diagnose(target, {
      env: own.env,
      lang: own.lang ? langOf(own.lang, io) : detectLang(target) === 'ja' ? 'ja' : undefined,
    });
    io.out('json' in own ? JSON.stringify(d, null, 2) : renderDiagnosisText(d));
    return d.error ? 1 : 0;
  } finally {
    await opened.close();
  }
}
