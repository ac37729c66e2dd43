/**
 * A helper script (test/helpers/*-child.ts) in its own Node process, its stdout read as lines: the
 * multi-process tests wait for the lines it prints (events), never for a time.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

export interface Child {
  proc: ChildProcessWithoutNullStreams;
  lines: string[];
  /** Resolves with the n-th line matching `re` (seen or future); rejects when the child exits first. */
  waitFor(re: RegExp, n?: number): Promise<string>;
  exited: Promise<number | null>;
  /** What it wrote to stderr so far (for a failure message). */
  err(): string;
}

/** Runs test/helpers/<script> with `cmd` as its one JSON argument, with only PATH from this environment. */
export function spawnChild(script: string, cmd: Record<string, unknown>): Child {
  const proc = spawn(
    join(root, 'node_modules', '.bin', 'node'),
    [join(root, 'test', 'helpers', script), JSON.stringify(cmd)],
    { cwd: root, env: { PATH: process.env.PATH } },
  );
  const lines: string[] = [];
  let buf = '';
  let err = '';
  const changed = new Set<() => void>();
  proc.stderr.on('data', (d) => {
    err += String(d);
  });
  proc.stdout.on('data', (d) => {
    buf += String(d);
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      lines.push(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
    for (const f of [...changed]) f();
  });
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return {
    proc,
    lines,
    exited,
    err: () => err,
    waitFor: (re, n = 1) =>
      new Promise((res, rej) => {
        const check = () => {
          const hit = lines.filter((l) => re.test(l))[n - 1];
          if (hit === undefined) return;
          changed.delete(check);
          res(hit);
        };
        changed.add(check);
        check();
        void exited.then((code) =>
          rej(new Error(`child exited (${code}) before ${re}: ${err.slice(-2000)}`)),
        );
      }),
  };
}
