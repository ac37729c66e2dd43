/**
 * `npm run demo`: the seed's two worst days in one minute, with no credentials and no network — the lab with
 * the memory-cap scenario (fleet audit, then diagnosis), then the DRBD split-brain scenario.
 */
import { loadConfig } from '../../config/load.ts';
import { createOpsService } from '../../core/create-ops-service.ts';
import { tr } from '../../i18n/text.ts';
import { startLab } from '../../lab/start-lab.ts';
import { renderDiagnosisText } from '../../runbooks/render-text.ts';
import { fleetMemoryAudit } from '../../tools/memory/fleet-memory-audit.ts';
import { renderToolText } from '../../tools/render.ts';
import { langOf, splitToolArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';
import { cliLogger } from '../open-service.ts';

async function withLab<T>(
  scenario: string,
  io: CliIo,
  fn: (svc: Awaited<ReturnType<typeof createOpsService>>) => Promise<T>,
): Promise<T> {
  const logger = cliLogger(io);
  const lab = await startLab({ scenario, logger });
  const svc = await createOpsService({ loaded: await loadConfig(lab.configPath, io.env), logger });
  try {
    return await fn(svc);
  } finally {
    await svc.close();
    await lab.close();
  }
}

export async function runDemo(argv: string[], io: CliIo): Promise<number> {
  const { own } = splitToolArgs(argv);
  const lang = langOf(own.lang, io);
  const rule = '─'.repeat(78);
  io.out(rule);
  io.out(
    tr(
      lang,
      '1/2  Lab "memory-cap": every web server keeps being OOM-killed. Fleet memory audit:',
      '1/2  ラボ「memory-cap」: Webサーバーが OOM で落ち続けています。フリート全体のメモリ監査:',
    ),
  );
  io.out(rule);
  await withLab('memory-cap', io, async (svc) => {
    const audit = await svc.runTool('fleet_memory_audit', {}, { lang });
    io.out(renderToolText(fleetMemoryAudit, audit, lang));
    io.out('');
    const question = tr(
      lang,
      'web servers keep going down, VMs only see 3GB',
      'Webサーバーが落ちる。VMが3GBしか認識しない',
    );
    io.out(`$ cloudops diagnose "${question}"`);
    io.out(renderDiagnosisText(await svc.diagnose(question, { lang })));
  });
  io.out(rule);
  io.out(
    tr(
      lang,
      '2/2  Lab "drbd-split-brain": after a power cut the NFS storage pair will not reconnect.',
      '2/2  ラボ「drbd-split-brain」: 停電後、NFS ストレージペアが再接続しません。',
    ),
  );
  io.out(rule);
  await withLab('drbd-split-brain', io, async (svc) => {
    const question = tr(lang, 'storage after the power cut', '停電後のストレージ');
    io.out(`$ cloudops diagnose "${question}"`);
    io.out(renderDiagnosisText(await svc.diagnose(question, { lang })));
  });
  return 0;
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: [
    'start the lab and show the memory-cap and DRBD diagnoses',
    'ラボを起動しメモリ上限と DRBD の診断を表示',
  ],
  usage: '[--lang en|ja]',
  flags: ['--lang', '--help'],
  run: runDemo,
};
