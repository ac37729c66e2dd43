/** The flags every command shares (--config, --lab, --env, --json, --lang…), split from a tool's own arguments. */
import { defaultLang } from '../i18n/text.ts';
import type { Lang } from '../tools/types.ts';
import type { CliIo } from './io.ts';
import { parsePairs } from './tool-args.ts';

const OWN = ['config', 'lab', 'env', 'json', 'lang', 'envs', 'tools-dir', 'help'];

export function splitToolArgs(argv: string[]) {
  const { pairs, rest } = parsePairs(argv);
  const own: Record<string, string> = {};
  for (const k of OWN)
    if (k in pairs) {
      own[k] = pairs[k]!;
      delete pairs[k];
    }
  return { own, pairs, rest };
}

export const langOf = (v: string | undefined, io: CliIo): Lang =>
  v === 'ja' || v === 'en' ? v : defaultLang(undefined, io.env);
