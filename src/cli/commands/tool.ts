/** `cloudops tool <name> --arg value…`: run one registered tool; `tool <name> --help` shows its arguments. */
import { tr } from '../../i18n/text.ts';
import { renderToolText } from '../../tools/render.ts';
import { langOf, splitToolArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { EXIT, exitForEnvelope } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { openService } from '../open-service.ts';
import { startProgress } from '../progress.ts';
import { argsToInput } from '../tool-args.ts';
import { toolCatalog } from '../tool-catalog.ts';
import { toolHelp } from '../tool-help.ts';

export async function runTool(argv: string[], io: CliIo): Promise<number> {
  const { own, pairs, rest } = splitToolArgs(argv);
  const lang = langOf(own.lang, io);
  const name = rest[0];
  if ('help' in own || argv.includes('-h')) {
    if (!name) {
      io.out(`usage: cloudops tool ${toolCommand.usage}\n\n${toolCommand.details?.(lang)}`);
      return EXIT.ok;
    }
    // Help never needs a working config: a broken one still leaves the built-in tools to describe.
    const flags = { config: own.config, toolsDir: own['tools-dir'] };
    const catalog = await toolCatalog(flags, io).catch(() =>
      toolCatalog({ toolsDir: flags.toolsDir }, { ...io, env: {} }),
    );
    const tool = catalog.find((t) => t.name === name);
    if (!tool) {
      io.err(`cloudops tool: unknown tool "${name}"; known: ${catalog.map((t) => t.name).join(', ')}`);
      return EXIT.usage;
    }
    io.out(toolHelp(tool, lang));
    return EXIT.ok;
  }
  const opened = await openService({ config: own.config, lab: own.lab }, io);
  try {
    const { service } = opened;
    const tool = name ? service.tools().find((t) => t.name === name) : undefined;
    if (!name || !tool) {
      io.err(
        `cloudops tool: ${name ? `unknown tool "${name}"` : 'name a tool'}; known: ${service
          .tools()
          .map((t) => t.name)
          .join(', ')}`,
      );
      return EXIT.usage;
    }
    const progress = startProgress(io, { json: 'json' in own, lang });
    const env = await service
      .runTool(name, argsToInput(tool, pairs), { env: own.env, lang, hostProgress: progress.sink })
      .finally(() => progress.stop());
    if ('json' in own) io.out(JSON.stringify(env, null, 2));
    else if (env.status === 'error') io.err(`error: ${env.error?.message ?? env.summary}`);
    else io.out(renderToolText(tool, env, lang));
    return exitForEnvelope(env);
  } finally {
    await opened.close();
  }
}

export const toolCommand: CliCommand = {
  name: 'tool',
  summary: ['run one tool (--env NAME, --json, --lang en|ja)', 'ツールを 1 つ実行 (--env, --json, --lang)'],
  usage: '<name> [--arg value...] [--env NAME] [--json] [--lang en|ja]',
  details: (lang) =>
    tr(
      lang,
      "`cloudops tools` lists the tools; `cloudops tool <name> --help` shows one tool's arguments.\nExit: 0 no problem, 1 problem or warning, 2 usage/config error, 3 could not complete.",
      '`cloudops tools` でツール一覧、`cloudops tool <名前> --help` で引数を表示します。\n終了コード: 0 問題なし、1 問題または警告あり、2 使い方/設定の誤り、3 確認できず。',
    ),
  flags: ['--env', '--json', '--lang', '--config', '--lab', '--quiet', '--help'],
  completes: 'tools',
  ownHelp: true,
  run: runTool,
};

export { langOf, splitToolArgs };
