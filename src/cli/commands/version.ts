/** `cloudops --version`: the version of package.json, so a bug report can say which build ran. */
import { readFileSync } from 'node:fs';
import type { CliCommand } from '../command.ts';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

export const versionCommand: CliCommand = {
  name: 'version',
  summary: ['print the version (also --version)', 'バージョンを表示 (--version も可)'],
  usage: '',
  async run(_argv, io) {
    io.out(`cloudops ${packageVersion()}`);
    return 0;
  },
};
