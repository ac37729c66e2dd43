/**
 * Reads API credentials from a cloudmonkey (cmk) config, so operators can reuse the profile they already have.
 * Format: INI; the active profile is `profile = x` at the top (cmk 6) or under `[core]` (older), each `[x]`
 * section holds url/apikey/secretkey.
 */
import { readFile } from 'node:fs/promises';
import { OpsError } from '../core/errors.ts';

export interface CloudMonkeyProfile {
  name: string;
  url?: string;
  apiKey: string;
  secretKey: string;
}

const unquote = (v: string): string => (/^(["'`]).*\1$/.test(v) ? v.slice(1, -1) : v);

/** Sections by name; keys before the first section land in ''. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>([['', new Map()]]);
  let current = sections.get('')!;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[([^\]]+)\]$/.exec(line);
    if (sec) {
      const name = sec[1]!.trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) current.set(line.slice(0, eq).trim().toLowerCase(), unquote(line.slice(eq + 1).trim()));
  }
  return sections;
}

/** `source` names the file in errors; the key values themselves never appear in a message. */
export function cloudMonkeyProfile(text: string, source: string, profile?: string): CloudMonkeyProfile {
  const ini = parseIni(text);
  const name = profile ?? ini.get('core')?.get('profile') ?? ini.get('')?.get('profile');
  if (!name)
    throw new OpsError(
      'config_invalid',
      `${source}: no profile selected (set cloudstack.cloudmonkeyProfile or "profile =" in the file)`,
    );
  const sec = ini.get(name);
  if (!sec) throw new OpsError('config_invalid', `${source}: no [${name}] profile section`);
  const apiKey = sec.get('apikey') ?? '';
  const secretKey = sec.get('secretkey') ?? '';
  if (!apiKey || !secretKey)
    throw new OpsError(
      'config_invalid',
      `${source}: profile [${name}] has no apikey/secretkey (username/password login is not supported: generate API keys for the bot's user)`,
    );
  return { name, url: sec.get('url') || undefined, apiKey, secretKey };
}

export async function readCloudMonkeyProfile(path: string, profile?: string): Promise<CloudMonkeyProfile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new OpsError(
      'config_invalid',
      `cannot read the cloudmonkey config ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  return cloudMonkeyProfile(text, path, profile);
}
