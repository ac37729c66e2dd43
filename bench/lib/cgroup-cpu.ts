/**
 * Exact CPU of a set of processes, exited ones included: a dedicated cgroup-v1 `cpuacct` group. sshd's
 * per-connection processes can exit after their parent and be reaped by init, so /proc tree sums miss them.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = '/sys/fs/cgroup/cpuacct';
const groups = new Set<CpuGroup>();

export class CpuGroup {
  readonly dir: string;
  private constructor(dir: string) {
    this.dir = dir;
  }

  /** undefined when cgroup v1 cpuacct is not mounted/writable: the caller falls back and says so. */
  static create(name: string): CpuGroup | undefined {
    const dir = path.join(ROOT, `cloudops-bench-${process.pid}-${name}`);
    try {
      if (!existsSync(ROOT)) return undefined;
      mkdirSync(dir);
      readFileSync(path.join(dir, 'cpuacct.usage'), 'utf8');
    } catch {
      return undefined;
    }
    const g = new CpuGroup(dir);
    groups.add(g);
    return g;
  }

  /** argv that joins this group before exec'ing the program, so not one instruction runs outside it. */
  wrap(argv: string[]): string[] {
    return ['/bin/sh', '-c', 'echo $$ > "$0" && exec "$@"', path.join(this.dir, 'cgroup.procs'), ...argv];
  }

  add(pid: number): void {
    writeFileSync(path.join(this.dir, 'cgroup.procs'), String(pid));
  }

  seconds(): number {
    return Number(readFileSync(path.join(this.dir, 'cpuacct.usage'), 'utf8').trim()) / 1e9;
  }

  /** Live members (e.g. daemonised ControlMasters that left our process groups). */
  pids(): number[] {
    try {
      return readFileSync(path.join(this.dir, 'cgroup.procs'), 'utf8')
        .split('\n')
        .filter((l) => /^\d+$/.test(l))
        .map(Number);
    } catch {
      return [];
    }
  }
}

/** Kills what is still inside our groups (by pid: only processes this benchmark started) and removes them. */
export function removeCpuGroups(): void {
  for (const g of groups) {
    for (const pid of g.pids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  for (const g of groups) {
    for (let i = 0; i < 50; i++) {
      try {
        rmdirSync(g.dir);
        break;
      } catch {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      }
    }
  }
  groups.clear();
}
