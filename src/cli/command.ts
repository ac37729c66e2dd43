/**
 * The shape of one `cloudops` command. Adding a command is one file exporting a `CliCommand` and one line in
 * `command-table.ts`; `main` gives every command `--help`, completion and exit-code handling for free.
 */
import type { Lang } from '../tools/types.ts';
import type { CliIo } from './io.ts';

export interface CliCommand {
  name: string;
  /** One line for `cloudops --help`: [English, Japanese]. */
  summary: readonly [string, string];
  /** Argument synopsis after the command name, e.g. `<vm|host|text...> [--env NAME] [--json]`. */
  usage: string;
  /** Extra help lines (flags, examples) shown by `cloudops <cmd> --help`, or a function of the language. */
  details?: (lang: Lang) => string;
  /** Flags offered by shell completion (without values). */
  flags?: readonly string[];
  /** What the first positional argument completes to: tool names, scenario names, shells. */
  completes?: 'tools' | 'scenarios' | 'shells';
  /** Left out of the usage listing (internal helpers such as `__complete`). */
  hidden?: boolean;
  /** The command prints its own help for `--help` (e.g. `tool <name> --help` shows that tool). */
  ownHelp?: boolean;
  /** Returns the exit code (see exit-codes.ts); may throw an OpsError, which `main` prints as one line. */
  run(argv: string[], io: CliIo): Promise<number>;
}
