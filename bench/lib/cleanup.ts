/** Stops what the benchmark started (by pid) and removes its temp dir, on normal exit, error or Ctrl-C. */
import { existsSync, rmSync } from 'node:fs';
import { removeCpuGroups } from './cgroup-cpu.ts';
import { killAllChildren } from './children.ts';

export function installCleanup(dir: string, sshdPid: () => number | undefined): () => void {
  let done = false;
  const cleanup = () => {
    if (done) return;
    done = true;
    killAllChildren('SIGTERM');
    const pid = sshdPid();
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already exited
      }
    }
    removeCpuGroups();
    // A dying sshd unlinks its pid file meanwhile; rmSync then stops early without an error, so go again.
    for (let i = 0; i < 20 && existsSync(dir); i++) rmSync(dir, { recursive: true, force: true });
    if (existsSync(dir)) process.stderr.write(`could not remove ${dir}\n`);
  };
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(sig, () => {
      process.stderr.write(`\n${sig}: stopping sshd and clients, removing ${dir}\n`);
      cleanup();
      process.exit(code);
    });
  }
  process.once('exit', cleanup);
  return cleanup;
}
