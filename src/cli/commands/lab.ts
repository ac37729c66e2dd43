/** `cloudops lab`: runs a scenario's simulated cloud until Ctrl-C, printing the config file to point the bot at. */
import { OpsError } from '../../core/errors.ts';
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
  const approvals = labApprovals(pairs.requesters, pairs.approvers);
  const lab = await startLab({
    scenario: pairs.scenario ?? own.lab ?? 'memory-cap',
    dir: pairs.dir,
    ...(pairs.db ? { mysqlUrl: pairs.db } : {}),
    ...(approvals ? { approvals } : {}),
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

const SLACK_IDS = /^[A-Z0-9]{2,32}(,[A-Z0-9]{2,32}){0,49}$/;

/** `--requesters U1,U2 --approvers U3,S4`: both or neither; checked here so a typo fails before the lab starts. */
function labApprovals(
  requesters: string | undefined,
  approvers: string | undefined,
): { requesters: string[]; approvers: string[] } | undefined {
  if (requesters === undefined && approvers === undefined) return undefined;
  if (!requesters || !approvers || !SLACK_IDS.test(requesters) || !SLACK_IDS.test(approvers))
    throw new OpsError(
      'invalid_argument',
      '--requesters and --approvers go together, each a comma list of Slack user (U…) or user-group (S…) ids',
    );
  return { requesters: requesters.split(','), approvers: approvers.split(',') };
}

export const labCommand: CliCommand = {
  name: 'lab',
  summary: [
    'start a simulated cloud on loopback and write its config',
    'ループバック上に模擬クラウドを起動し設定を書き出す',
  ],
  usage: '[--scenario NAME|FILE] [--dir DIR] [--db ADMIN_DSN] [--requesters IDS --approvers IDS] [--list]',
  details: (lang) =>
    tr(
      lang,
      '--list shows the bundled scenarios with their descriptions. --db mysql://root@127.0.0.1:3306/test also\nseeds a CloudStack database there (the DB door). --requesters U1,U2 --approvers U3,U4 writes an approval\npolicy (Slack user or user-group ids), so changes can be requested and approved in a test workspace;\nwithout it every change request is refused. The lab runs until Ctrl-C.',
      '--list で同梱シナリオと説明を表示します。--db mysql://root@127.0.0.1:3306/test で CloudStack DB も作成します。\n--requesters U1,U2 --approvers U3,U4 で承認ポリシー（Slack ユーザーまたはユーザーグループ ID）を書き出し、\nテスト用ワークスペースで変更の依頼と承認ができます。指定しない場合、変更依頼はすべて拒否されます。\nラボは Ctrl-C まで動きます。',
    ),
  flags: ['--scenario', '--dir', '--db', '--requesters', '--approvers', '--list', '--help'],
  run: runLab,
};
