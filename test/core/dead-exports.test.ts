/**
 * No dead code behind an `export`: every value a module under src/ exports is referenced somewhere besides
 * its own declaration (in src, tests, bin, bench, evals or mutation). Exported only for its own file is
 * fine; exported and never used is code the next engineer must read and keep working for nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const TREES = ['src', 'test', 'bin', 'bench', 'evals', 'mutation'];
const EXPORT = /^export (?:async )?(?:const|function|class) ([A-Za-z_$][\w$]*)/gm;
const WORD = /[A-Za-z_$][\w$]*/g;

function filesUnder(dir: string): string[] {
  let out: string[] = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') out = out.concat(filesUnder(p));
    } else if (/\.(ts|js|mjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

describe('exports', () => {
  it('every exported value in src/ is used somewhere besides its declaration', () => {
    const files = TREES.flatMap((t) => filesUnder(join(ROOT, t)));
    const uses = new Map<string, number>();
    const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
    for (const text of texts.values())
      for (const [w] of text.matchAll(WORD)) uses.set(w, (uses.get(w) ?? 0) + 1);
    const dead: string[] = [];
    for (const [f, text] of texts) {
      if (!f.startsWith(join(ROOT, 'src'))) continue;
      for (const m of text.matchAll(EXPORT)) {
        const name = m[1]!;
        if ((uses.get(name) ?? 0) < 2) dead.push(`${f.slice(ROOT.length + 1)}: ${name}`);
      }
    }
    expect(dead).toEqual([]);
  });
});
