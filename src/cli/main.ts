/**
 * `cloudops` command line: dispatches to the command table, gives every command `--help`, strips the global
 * flags (--no-color, --quiet), and turns any error into one line and an exit code scripts can rely on
 * (exit-codes.ts). It never prints a stack for bad input.
 */
import { describeError } from '../core/errors.ts';
import { MAX_CLI_ARG_CHARS } from '../core/input-limit.ts';
import { tr } from '../i18n/text.ts';
import { langOf } from './args.ts';
import type { CliCommand } from './command.ts';
import { COMMANDS, findCommand } from './command-table.ts';
import { EXIT, exitForError } from './exit-codes.ts';
import { type CliIo, defaultIo } from './io.ts';
import { colorWanted } from './style.ts';

async function usage(io: CliIo): Promise<string> {
  const lang = langOf(undefined, io);
  const shown = await Promise.all(COMMANDS.filter((c) => !c.hidden).map((c) => c.load()));
  const rows = shown.map((c) => `  ${c.name.padEnd(10)} ${tr(lang, c.summary[0], c.summary[1])}`);
  return [
    'usage: cloudops <command> [options]',
    '',
    tr(lang, 'commands:', 'コマンド:'),
    ...rows,
    '',
    tr(lang, 'global options:', '共通オプション:'),
    tr(
      lang,
      '  --config FILE    config file (default: $CLOUDOPS_CONFIG)',
      '  --config FILE    設定ファイル (既定: $CLOUDOPS_CONFIG)',
    ),
    tr(
      lang,
      '  --lab SCENARIO   run against an in-process lab instead of a config',
      '  --lab SCENARIO   設定の代わりにプロセス内ラボに対して実行',
    ),
    tr(
      lang,
      '  --no-color       no colour (also NO_COLOR=1; FORCE_COLOR=1 forces it)',
      '  --no-color       色なし (NO_COLOR=1 でも。FORCE_COLOR=1 で強制)',
    ),
    tr(lang, '  --quiet          no progress line on stderr', '  --quiet          stderr に進捗を出さない'),
    tr(lang, '  --version        print the version', '  --version        バージョンを表示'),
    '',
    tr(
      lang,
      'exit codes: 0 no problem found, 1 a problem (or warning) found, 2 usage or config error, 3 could not complete',
      '終了コード: 0 問題なし、1 問題 (警告含む) あり、2 使い方/設定の誤り、3 完了できず',
    ),
    tr(
      lang,
      '`cloudops <command> --help` shows one command.',
      '`cloudops <コマンド> --help` で各コマンドの説明を表示。',
    ),
  ].join('\n');
}

function commandHelp(c: CliCommand, io: CliIo): string {
  const lang = langOf(undefined, io);
  return [
    `usage: cloudops ${c.name}${c.usage ? ` ${c.usage}` : ''}`,
    '',
    tr(lang, c.summary[0], c.summary[1]),
    ...(c.details ? ['', c.details(lang)] : []),
  ].join('\n');
}

const isHelp = (a: string) => a === '--help' || a === '-h';

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  // Bounded before any parsing, as on every other surface.
  const long = argv.find((a) => a.length > MAX_CLI_ARG_CHARS);
  if (long !== undefined) {
    io.err(`cloudops: an argument is ${long.length} characters long; the limit is ${MAX_CLI_ARG_CHARS}`);
    return EXIT.usage;
  }
  const args = argv.filter((a) => a !== '--no-color' && a !== '--quiet');
  const cio: CliIo = {
    ...io,
    color: colorWanted(io, argv.includes('--no-color')),
    quiet: argv.includes('--quiet'),
  };
  const [first, ...rest] = args;
  if (first === undefined) {
    cio.err(await usage(cio));
    return EXIT.usage;
  }
  if (isHelp(first) || first === 'help') {
    const c = rest[0] ? await findCommand(rest[0])?.load() : undefined;
    cio.out(c ? commandHelp(c, cio) : await usage(cio));
    return EXIT.ok;
  }
  const name = first === '--version' || first === '-V' ? 'version' : first;
  const entry = findCommand(name);
  if (!entry) {
    cio.err(`cloudops: unknown command "${first}" (cloudops --help lists them)`);
    return EXIT.usage;
  }
  try {
    const command = await entry.load();
    if (!command.ownHelp && rest.some(isHelp)) {
      cio.out(commandHelp(command, cio));
      return EXIT.ok;
    }
    return await command.run(rest, cio);
  } catch (e) {
    cio.err(`cloudops ${entry.name}: ${describeError(e)}`);
    return exitForError(e);
  }
}
