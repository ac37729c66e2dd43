/**
 * Every process the benchmark starts goes through here, each in its own process group, so a timeout or a
 * Ctrl-C can stop exactly those groups by id (never by name) and sshd/ssh leftovers cannot outlive the run.
 */
import { type ChildProcess, spawn } from 'node:child_process';

const live = new Set<ChildProcess>();

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  timedOut: boolean;
}

export function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Synchronous so it can run from a signal handler or 'exit'. */
export function killAllChildren(signal: NodeJS.Signals = 'SIGTERM'): void {
  for (const c of live) killGroup(c, signal);
}

/** Runs argv (no shell of ours in between) and times it from spawn to exit. */
export function runTimed(
  argv: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs: number; cwd?: string; wrap?: (argv: string[]) => string[] },
): Promise<Finished> {
  const [prog, ...args] = opts.wrap ? opts.wrap(argv) : argv;
  if (!prog) throw new Error('empty argv');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = track(
      spawn(prog, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        env: opts.env ?? process.env,
        ...(opts.cwd ? { cwd: opts.cwd } : {}),
      }),
    );
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGKILL');
    }, opts.timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, wallMs: performance.now() - t0, timedOut });
    });
  });
}
