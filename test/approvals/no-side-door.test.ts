/**
 * Architecture guard: mutating tool modules are imported only by the built-in list, and only the executor
 * claims the grant minter, so no surface can reach a mutating runner except through an approved request.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
const src = files(join(root, 'src')).map((f) => ({ path: relative(root, f), text: readFileSync(f, 'utf8') }));

it('only src/tools/builtin.ts imports the mutating tool modules', () => {
  const actionsDir = 'src/tools/actions/';
  const importers = src
    .filter((f) => !f.path.startsWith(actionsDir))
    .filter((f) =>
      [...f.text.matchAll(/from '(\.[^']+)'/g)].some((m) =>
        relative(root, resolve(root, dirname(f.path), m[1]!)).startsWith(actionsDir),
      ),
    )
    .map((f) => f.path);
  expect(importers).toEqual(['src/tools/builtin.ts']);
});

it('only the executor claims the execution grant minter, and only the registry redeems grants', () => {
  expect(
    src
      .filter((f) => f.text.includes('claimGrantMinter('))
      .map((f) => f.path)
      .sort(),
  ).toEqual(['src/approvals/executor.ts', 'src/approvals/grant.ts']);
  expect(src.filter((f) => f.text.includes('ExecutionGrant.redeem(')).map((f) => f.path)).toEqual([
    'src/tools/registry.ts',
  ]);
  expect(src.filter((f) => /\.execute\(\s*step\.tool/.test(f.text)).map((f) => f.path)).toEqual([
    'src/approvals/executor.ts',
  ]);
});
