/**
 * What shell completion offers for a partial command line: commands, flags (a tool's own flags after
 * `tool <name>`), tool names, scenario names, shells, and environment names read from the config. The static
 * parts need no config; a broken or missing config only means no environment names.
 */
import { bundledScenarios } from '../lab/load-scenario.ts';
import type { CommandEntry } from './command-table.ts';
import type { CliIo } from './io.ts';

const GLOBAL = ['--help', '--no-color', '--quiet'];

/** The value of `--name` in `words` (either `--name v` or `--name=v`). */
function flagValue(words: string[], name: string): string | undefined {
  for (let i = 0; i < words.length; i++) {
    if (words[i] === name) return words[i + 1];
    if (words[i]!.startsWith(`${name}=`)) return words[i]!.slice(name.length + 1);
  }
  return undefined;
}

const quietly = async <T>(fn: () => Promise<T>, fallback: T): Promise<T> => {
  try {
    return await fn();
  } catch {
    return fallback;
  }
};

export async function completeWords(
  words: string[],
  current: string,
  commands: readonly CommandEntry[],
  io: CliIo,
  envNames: (config: string | undefined) => Promise<string[]>,
): Promise<string[]> {
  const pick = (xs: readonly string[]) => xs.filter((x) => x.startsWith(current));
  if (words.length === 0)
    return pick([...commands.filter((c) => !c.hidden).map((c) => c.name), '--help', '--version']);
  const cmd = await commands.find((c) => c.name === words[0] && !c.hidden)?.load();
  if (!cmd) return [];
  const config = flagValue(words, '--config');
  // Loaded only when tool names or flags are wanted: the registry is the heavy part of a completion call.
  const catalog = () =>
    quietly(async () => {
      const { toolCatalog } = await import('./tool-catalog.ts');
      return toolCatalog({ config, toolsDir: flagValue(words, '--tools-dir') }, io);
    }, []);
  const prev = words[words.length - 1];
  if (prev === '--env') return pick(await quietly(() => envNames(config), []));
  if (prev === '--scenario' || prev === '--lab') return pick(bundledScenarios());
  if (prev === '--lang') return pick(['en', 'ja']);
  if (prev === '--config' || prev === '--dir' || prev === '--tools-dir') return []; // the shell completes files
  const positional = words.slice(1).filter((w, i, a) => !w.startsWith('-') && !a[i - 1]?.startsWith('--'));
  if (current.startsWith('-')) {
    const own = [...(cmd.flags ?? []), ...GLOBAL];
    if (cmd.completes === 'tools' && positional[0]) {
      const tool = (await catalog()).find((t) => t.name === positional[0]);
      if (tool) own.push(...(await import('./tool-help.ts')).toolFlags(tool, 'en').map((f) => f.flag));
    }
    return pick([...new Set(own)]);
  }
  if (positional.length > 0) return [];
  if (cmd.completes === 'tools') return pick((await catalog()).map((t) => t.name));
  if (cmd.completes === 'shells') return pick(['bash', 'zsh']);
  return [];
}
