/** `cloudops lab`: runs a scenario's simulated cloud until Ctrl-C, printing the config file to point the bot at. */
import { bundledScenarios } from '../../lab/load-scenario.ts';
import { startLab } from '../../lab/start-lab.ts';
import type { CliIo } from '../io.ts';
import { cliLogger } from '../open-service.ts';
import { splitToolArgs } from './tool.ts';

export async function runLab(argv: string[], io: CliIo): Promise<number> {
  const { pairs, own } = splitToolArgs(argv);
  if ('list' in pairs) {
    io.out(bundledScenarios().join('\n'));
    return 0;
  }
  const lab = await startLab({
    scenario: pairs.scenario ?? own.lab ?? 'memory-cap',
    dir: pairs.dir,
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
