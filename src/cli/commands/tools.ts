/** `cloudops tools`: every tool and its inputs, from the registry's declarations — no config or cloud needed. */
import { tr } from '../../i18n/text.ts';
import { toolInputJsonSchema } from '../../tools/registry.ts';
import { langOf, splitToolArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';
import { paint } from '../style.ts';
import { toolCatalog } from '../tool-catalog.ts';
import { toolFlags } from '../tool-help.ts';

export async function listTools(argv: string[], io: CliIo): Promise<number> {
  const { own } = splitToolArgs(argv);
  const lang = langOf(own.lang, io);
  for (const t of await toolCatalog({ config: own.config, toolsDir: own['tools-dir'] }, io)) {
    if ('json' in own) {
      io.out(
        JSON.stringify({
          name: t.name,
          risk: t.risk,
          description: t.description,
          input: toolInputJsonSchema(t),
        }),
      );
      continue;
    }
    const approval = t.risk !== 'read' ? paint(io, 'yellow', tr(lang, '[needs approval] ', '[要承認] ')) : '';
    const args = toolFlags(t, lang)
      .map((f) => (f.required ? `${f.flag} ${f.hint}` : `[${f.flag} ${f.hint}]`))
      .join(' ');
    io.out(`${paint(io, 'bold', t.name.padEnd(26))} ${approval}${t.description.split('. ')[0]}`);
    if (args) io.out(`${' '.repeat(27)}${paint(io, 'dim', args)}`);
  }
  return 0;
}

export const toolsCommand: CliCommand = {
  name: 'tools',
  summary: ['list tools and their arguments (no config needed)', 'ツールと引数の一覧 (設定不要)'],
  usage: '[--json] [--tools-dir DIR] [--config FILE]',
  details: (lang) =>
    tr(
      lang,
      "Built-in tools always; operator YAML tools from --tools-dir or the config's toolsDir.",
      '組み込みツールは常に表示。YAML ツールは --tools-dir か設定の toolsDir から読みます。',
    ),
  flags: ['--json', '--tools-dir', '--config', '--lang', '--help'],
  run: listTools,
};
