/**
 * Runbook prose lives in prompts/runbooks/<id>.md so operators can edit it and the model can read the same
 * text. Sections are `## <key>.<lang>`; `{{name}}` placeholders are filled from the runbook's findings.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OpsError } from '../core/errors.ts';
import type { Lang } from '../tools/types.ts';

const DIR = fileURLToPath(new URL('../../prompts/runbooks/', import.meta.url));
const cache = new Map<string, Map<string, string>>();

export function runbookPath(id: string): string {
  return `${DIR}${id}.md`;
}

function sections(id: string): Map<string, string> {
  let s = cache.get(id);
  if (!s) {
    s = new Map();
    const text = readFileSync(runbookPath(id), 'utf8');
    for (const part of text.split(/^## /m).slice(1)) {
      const nl = part.indexOf('\n');
      s.set(part.slice(0, nl).trim(), part.slice(nl + 1).trim());
    }
    cache.set(id, s);
  }
  return s;
}

const fill = (t: string, vars: Record<string, string | number>): string =>
  t.replace(/\{\{(\w+)\}\}/g, (m, k: string) => (vars[k] !== undefined ? String(vars[k]) : m));

/** One section's text in the operator's language (English when the Japanese one is missing). */
export function runbookText(
  id: string,
  key: string,
  lang: Lang,
  vars: Record<string, string | number> = {},
): string {
  const s = sections(id);
  const t = s.get(`${key}.${lang}`) ?? s.get(`${key}.en`);
  if (t === undefined)
    throw new OpsError('internal', `prompts/runbooks/${id}.md has no section "${key}.${lang}"`);
  return fill(t, vars);
}

/** A section written as a Markdown list, one step per item. */
export function runbookSteps(
  id: string,
  key: string,
  lang: Lang,
  vars: Record<string, string | number> = {},
): string[] {
  return runbookText(id, key, lang, vars)
    .split('\n')
    .filter((l) => /^\s*(\d+\.|-)\s+/.test(l))
    .map((l) => l.replace(/^\s*(\d+\.|-)\s+/, '').trim());
}
