/** `cloudops tool <name> --arg value…`, `cloudops tools` and `cloudops envs`. */

import { defaultLang } from '../../i18n/text.ts';
import { toolInputJsonSchema } from '../../tools/registry.ts';
import { renderToolText } from '../../tools/render.ts';
import type { Lang } from '../../tools/types.ts';
import type { CliIo } from '../io.ts';
import { openService } from '../open-service.ts';
import { argsToInput, parsePairs } from '../tool-args.ts';

const OWN = ['config', 'lab', 'env', 'json', 'lang', 'envs'];

function split(argv: string[]) {
  const { pairs, rest } = parsePairs(argv);
  const own: Record<string, string> = {};
  for (const k of OWN)
    if (k in pairs) {
      own[k] = pairs[k]!;
      delete pairs[k];
    }
  return { own, pairs, rest };
}

const langOf = (v: string | undefined, io: CliIo): Lang =>
  v === 'ja' || v === 'en' ? v : defaultLang(undefined, io.env);

export async function runTool(argv: string[], io: CliIo): Promise<number> {
  const { own, pairs, rest } = split(argv);
  const opened = await openService({ config: own.config, lab: own.lab }, io);
  try {
    const { service } = opened;
    if ('envs' in own) {
      for (const e of service.environments()) io.out(`${e.name}${e.description ? `  ${e.description}` : ''}`);
      return 0;
    }
    const name = rest[0];
    const tool = name ? service.tools().find((t) => t.name === name) : undefined;
    if (!name || !tool) {
      io.err(
        `cloudops tool: ${name ? `unknown tool "${name}"` : 'name a tool'}; known: ${service
          .tools()
          .map((t) => t.name)
          .join(', ')}`,
      );
      return 2;
    }
    const lang = langOf(own.lang, io);
    const env = await service.runTool(name, argsToInput(tool, pairs), { env: own.env, lang });
    if ('json' in own) io.out(JSON.stringify(env, null, 2));
    else if (env.status === 'error') io.err(`error: ${env.error?.message ?? env.summary}`);
    else io.out(renderToolText(tool, env, lang));
    return env.status === 'error' ? 1 : 0;
  } finally {
    await opened.close();
  }
}

export async function listTools(argv: string[], io: CliIo): Promise<number> {
  const { own } = split(argv);
  const opened = await openService({ config: own.config, lab: own.lab }, io);
  try {
    for (const t of opened.service.tools()) {
      if ('json' in own)
        io.out(
          JSON.stringify({
            name: t.name,
            risk: t.risk,
            description: t.description,
            input: toolInputJsonSchema(t),
          }),
        );
      else
        io.out(
          `${t.name.padEnd(22)} ${t.risk !== 'read' ? '[needs approval] ' : ''}${t.description.split('. ')[0]}`,
        );
    }
    return 0;
  } finally {
    await opened.close();
  }
}

export { langOf, split as splitToolArgs };
