/** `cloudops completion bash|zsh` prints a completion script; `cloudops __complete …` answers it. */
import { OpsError } from '../../core/errors.ts';
import type { CliCommand } from '../command.ts';
import { completeWords } from '../complete-words.ts';
import { BASH_COMPLETION, ZSH_COMPLETION } from '../completion-scripts.ts';
import { configuredEnvs } from './envs.ts';

export const completionCommand: CliCommand = {
  name: 'completion',
  summary: ['print the bash or zsh completion script', 'bash / zsh の補完スクリプトを出力'],
  usage: 'bash|zsh',
  details: () =>
    [
      'bash: source <(cloudops completion bash)   # or save it in ~/.local/share/bash-completion/completions/cloudops',
      'zsh:  source <(cloudops completion zsh)    # after compinit; or save it as _cloudops in a $fpath directory',
    ].join('\n'),
  completes: 'shells',
  async run(argv, io) {
    const shell = argv[0];
    if (shell === 'bash') io.out(BASH_COMPLETION.trimEnd());
    else if (shell === 'zsh') io.out(ZSH_COMPLETION.trimEnd());
    else
      throw new OpsError(
        'invalid_argument',
        `name a shell: cloudops completion bash|zsh (not "${shell ?? ''}")`,
      );
    return 0;
  },
};

/** Called by the completion scripts: every word after `cloudops`, the last being the one under the cursor. */
export const completeCommand: CliCommand = {
  name: '__complete',
  summary: ['(used by shell completion)', '(シェル補完用)'],
  usage: '<words...> <current>',
  hidden: true,
  ownHelp: true,
  async run(argv, io) {
    const words = argv.slice(0, -1);
    const current = argv[argv.length - 1] ?? '';
    const { COMMANDS } = await import('../command-table.ts');
    const found = await completeWords(words, current, COMMANDS, io, async (config) =>
      (await configuredEnvs(config, io)).map((e) => e.name),
    );
    for (const w of found) io.out(w);
    return 0;
  },
};
