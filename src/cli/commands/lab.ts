/** `cloudops lab`: runs a scenario's simulated cloud until Ctrl-C, printing the config file to point the bot at. */
import { tr } from '../../i18n/text.ts';
import { bundledScenarios, loadScenario } from '../../lab/load-scenario.ts';
import { startLab } from '../../lab/start-lab.ts';
import { splitToolArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';
import { cliLogger } from '../open-service.ts';
import { paint } from '../style.ts';

async function listScenarios(io: CliIo): Promise<number> {
  for (const name of bundledScenarios()) {
    const s = await loadScenario(name);
    io.out(`${paint(io, 'bold', name)}\n  ${s.description.trim().replace(/\s+/g, ' ')}`);
  }
  return 0;
}

export async function runLab(argv: string[], io: CliIo): Promise<number> {
  const { pairs, own } = splitToolArgs(argv);
  if ('list' in pairs) return listScenarios(io);
  const lab = await startLab({
    scenario: pairs.scenario ?? own.lab ?? 'memory-cap',
    dir: pairs.dir,
    ...(pairs.db ? { mysqlUrl: pairs.db } : {}),
    logger: cliLogger(io),
  });
  io.out(`lab "${lab.scenario.name}" is up: ${lab.hosts.size} SSH hosts, CloudStack API at ${lab.apiUrl}`);
  io.out(`config: ${lab.configPath}`);
  io.out(`try:    CLOUDOPS_CONFIG=${lab.configPath} npx cloudops diagnose "VMs only see 3GB"`);
  io.out('Ctrl-C stops the lab.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await lab.close();
  return 0;
}

export const labCommand: CliCommand = {
  name: 'lab',
  summary: [
    'start a simulated cloud on loopback and write its config',
    'ループバック上に模擬クラウドを起動し設定を書き出す',
  ],
  usage: '[--scenario NAME|FILE] [--dir DIR] [--db ADMIN_DSN] [--list]',
  details: (lang) =>
    tr(
      lang,
      '--list shows the bundled scenarios with their descriptions. --db mysql://root@127.0.0.1:3306/test also\nseeds a CloudStack database there (the DB door). The lab runs until Ctrl-C.',
      '--list で同梱シナリオと説明を表示します。--db mysql://root@127.0.0.1:3306/test で CloudStack DB も作成します。\nラボは Ctrl-C まで動きます。',
    ),
  flags: ['--scenario', '--dir', '--db', '--list', '--help'],
  run: runLab,
};
