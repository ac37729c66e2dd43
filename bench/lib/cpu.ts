/**
 * CPU seconds from /proc: cold SSH fan-outs are CPU-bound on both ends (peer-bench.md), so wall time alone
 * hides whether a method is faster or merely shifted work to the server.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;
function hz(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

interface ProcStat {
  ppid: number;
  /** utime + stime + cutime + cstime: the process plus every child it has reaped. */
  ticks: number;
  /** cutime + cstime only. */
  childTicks: number;
}

function readStat(pid: number | 'self'): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited between listing and reading
  }
  // The command name may contain spaces and parentheses: fields are counted from the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (i: number) => Number(rest[i] ?? 0);
  return { ppid: n(1), ticks: n(11) + n(12) + n(13) + n(14), childTicks: n(13) + n(14) };
}

/** CPU seconds used by this process's reaped children (every spawned client and its descendants, once waited). */
export function reapedChildrenCpuSeconds(): number {
  return (readStat('self')?.childTicks ?? 0) / hz();
}

/** CPU seconds of a process tree: live descendants plus whatever they have reaped, so no time is counted twice. */
export function treeCpuSeconds(rootPid: number): number {
  const stats = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = readStat(Number(entry));
    if (s) stats.set(Number(entry), s);
  }
  const children = new Map<number, number[]>();
  for (const [pid, s] of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  let ticks = 0;
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    ticks += stats.get(pid)?.ticks ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return ticks / hz();
}
