/**
 * bin/compile-cache.js: the bot loads its modules from Node's compile cache, but only from a directory no other
 * user can write (a cache entry is code Node will run). Enabling is proven in a child process, as bin/cloudops.js
 * does it, so this test process keeps its own loader untouched.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module without types (it must run before any .ts loads)
import { compileCacheDir, enablePrivateCompileCache } from '../../bin/compile-cache.js';

const MODULE = fileURLToPath(new URL('../../bin/compile-cache.js', import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'cc-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A child Node that enables the cache like bin/cloudops.js, then loads one .ts module. */
function childLoadsTs(env: NodeJS.ProcessEnv): string {
  const ts = path.join(root, `m-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(ts, 'export const n: number = 42;\n');
  const script = `const { enablePrivateCompileCache } = await import(${JSON.stringify(MODULE)});
const dir = enablePrivateCompileCache();
const m = await import(${JSON.stringify(ts)});
console.log(JSON.stringify({ dir: dir ?? null, n: m.n }));`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, HOME: root, ...env },
    encoding: 'utf8',
  });
}

describe('compile cache directory', () => {
  it('defaults to the user cache dir; CLOUDOPS_COMPILE_CACHE overrides it or turns it off', () => {
    expect(compileCacheDir({ HOME: '/home/bot', XDG_CACHE_HOME: '/var/cache/bot' })).toBe(
      '/var/cache/bot/cloudops-bot/node-compile-cache',
    );
    expect(compileCacheDir({ CLOUDOPS_COMPILE_CACHE: '/srv/cc' })).toBe('/srv/cc');
    expect(compileCacheDir({ CLOUDOPS_COMPILE_CACHE: 'off' })).toBeUndefined();
    expect(enablePrivateCompileCache({ CLOUDOPS_COMPILE_CACHE: 'off' })).toBeUndefined();
  });

  it('a private directory is created 0700 and filled with the loaded modules', () => {
    const dir = path.join(root, 'private', 'cc');
    const out = JSON.parse(childLoadsTs({ CLOUDOPS_COMPILE_CACHE: dir }));
    expect(out).toEqual({ dir, n: 42 });
    // Node writes the cache when the child exits: one subdirectory per Node version, holding entries.
    const [version] = readdirSync(dir);
    expect(readdirSync(path.join(dir, version ?? '')).length).toBeGreaterThan(0);
  });

  for (const [what, target] of [
    ['the directory', 'cc'],
    ['its parent', '.'],
  ] as const) {
    it(`refuses the cache when ${what} is writable by others (the module still loads, uncached)`, () => {
      const base = mkdtempSync(path.join(root, 'shared-'));
      const dir = path.join(base, 'cc');
      mkdirSync(dir, { mode: 0o700 });
      chmodSync(path.join(base, target), 0o777);
      const out = JSON.parse(childLoadsTs({ CLOUDOPS_COMPILE_CACHE: dir }));
      expect(out).toEqual({ dir: null, n: 42 });
      expect(readdirSync(dir)).toEqual([]);
    });
  }
});
