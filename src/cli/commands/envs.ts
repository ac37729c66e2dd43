/** `cloudops envs`: the environments of the config, read from the file alone (also used by shell completion). */
import { loadConfig } from '../../config/load.ts';
import { OpsError } from '../../core/errors.ts';
import { splitToolArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';

export async function configuredEnvs(config: string | undefined, io: CliIo) {
  const path = config ?? io.env.CLOUDOPS_CONFIG;
  if (!path) throw new OpsError('config_invalid', 'no config: pass --config FILE or set CLOUDOPS_CONFIG');
  return (await loadConfig(path, io.env)).config.environments;
}

export const envsCommand: CliCommand = {
  name: 'envs',
  summary: ['list configured environments', '設定済みの環境の一覧'],
  usage: '[--config FILE]',
  flags: ['--config', '--help'],
  async run(argv, io) {
    const { own } = splitToolArgs(argv);
    for (const e of await configuredEnvs(own.config, io))
      io.out(`${e.name}${e.description ? `  ${e.description}` : ''}`);
    return 0;
  },
};
