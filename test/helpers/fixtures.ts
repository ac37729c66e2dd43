/** Locates the shared real-world command outputs (../shared/fixtures next to the repo) for parser and lab tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function fixturePath(name: string): string {
  return path.resolve(repoRoot, '..', 'shared', 'fixtures', name);
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}
