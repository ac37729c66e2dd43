// Node's on-disk compile cache, in a directory only this user can write. Plain JS on purpose: it must run before
// the first .ts module loads. Without the cache, Node strips types from every .ts file with its swc WebAssembly
// module (amaro), which stays in memory for the life of the process: the idle bot is 125 MiB with it and 105 MiB
// when every module comes from the cache (bench/README.md). The cache holds compiled code that Node will run, so
// a directory another user can write to would let them run code as the bot: such a directory is not used.
import { lstatSync, mkdirSync } from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** CLOUDOPS_COMPILE_CACHE=off disables it; any other value is the directory (default: the user's cache dir). */
export function compileCacheDir(env = process.env) {
  const set = env.CLOUDOPS_COMPILE_CACHE;
  if (set === 'off') return undefined;
  if (set) return path.resolve(set);
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'cloudops-bot', 'node-compile-cache');
}

/** Owned by us and writable by nobody else, the directory and its parent (whoever can write the parent can swap the directory). */
function isPrivate(dir) {
  const uid = process.getuid?.();
  for (const d of [dir, path.dirname(dir)]) {
    const st = lstatSync(d);
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) return false;
  }
  return true;
}

/**
 * Creates the directory (mode 0700) if needed and turns the cache on. Returns the directory, or undefined when the
 * cache is off, unsupported, or the directory is not private: the bot then runs exactly as without it, only fatter.
 */
export function enablePrivateCompileCache(env = process.env) {
  const dir = compileCacheDir(env);
  if (!dir || typeof module.enableCompileCache !== 'function') return undefined;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!isPrivate(dir)) return undefined;
    const r = module.enableCompileCache(dir);
    return r.directory ? dir : undefined;
  } catch {
    return undefined;
  }
}
