/**
 * Finds OOM-killer kills in kernel messages (dmesg, `dmesg -T`, syslog, `journalctl -k`, short-iso): one event
 * per kill, merging the "oom-kill:" summary and "Killed process" lines, with the constraint (host OOM vs a
 * cgroup's limit), the memcg paths and the libvirt domain when qemu was the victim.
 */
import { prepareLines, toInt } from './input.ts';
import { splitKernelLine } from './kernel-line.ts';
import { domainFromCgroup, scopeOfConstraint } from './oom-cgroup.ts';
import type { KernelOom, OomEvent } from './types.ts';

export { isoFromJournal } from './kernel-line.ts';

const INVOKED = ' invoked oom-killer:';
const MAX_LINE = 4096;
const MEMCG_KILL = 'Memory cgroup out of memory:';
const TASK_IN = 'Task in ';
const LIMIT_OF = ' killed as a result of limit of ';

/** "Killed process 123 (name) total-vm:…" anywhere in the message, read without backtracking. */
function readKilled(msg: string): { pid: number; name: string; rest: string } | undefined {
  const at = msg.indexOf('Killed process ');
  if (at < 0) return undefined;
  const after = msg.slice(at + 'Killed process '.length);
  const sp = after.indexOf(' (');
  const pid = toInt(after.slice(0, sp));
  if (sp < 0 || pid === undefined) return undefined;
  // The name may itself hold ")" (e.g. "CPU 0/KVM"): it ends at the last ")" before the sizes.
  const sizes = after.indexOf(' total-vm:');
  const close = after.lastIndexOf(')', sizes < 0 ? after.length : sizes);
  if (close < sp + 2) return undefined;
  return { pid, name: after.slice(sp + 2, close), rest: after.slice(close + 1) };
}

function kib(rest: string, key: string): number | undefined {
  const i = rest.indexOf(`${key}:`);
  if (i < 0) return undefined;
  const tail = rest.slice(i + key.length + 1);
  const end = tail.indexOf('kB');
  return end < 0 ? undefined : toInt(tail.slice(0, end));
}

function summaryFields(msg: string): Map<string, string> {
  const kv = new Map<string, string>();
  for (const part of msg.slice('oom-kill:'.length).split(',')) {
    const eq = part.indexOf('=');
    kv.set((eq < 0 ? part : part.slice(0, eq)).trim(), eq < 0 ? '' : part.slice(eq + 1).trim());
  }
  return kv;
}

/** Fills scope and domain from what the event collected. */
function finish(e: OomEvent, memcgHint: boolean): void {
  e.scope = scopeOfConstraint(e.constraint) ?? (memcgHint ? 'memcg' : e.scope);
  const domain = domainFromCgroup(e.memcg) ?? domainFromCgroup(e.oomMemcg);
  if (domain) e.domain = domain;
  for (const k of ['at', 'stamp', 'invokedBy', 'constraint', 'oomMemcg', 'memcg'] as const)
    if (e[k] === undefined) delete e[k];
}

export function parseKernelOom(out: string): KernelOom {
  const { lines, warnings } = prepareLines(out, 'kernel log');
  const events: OomEvent[] = [];
  // Context of the report being printed: what invoked it, and a pre-4.19 "Task in … limit of …" line.
  let invokedBy: string | undefined;
  let taskIn: { memcg: string; limit: string } | undefined;
  // mem_cgroup_out_of_memory in the report's call trace: the kill was a cgroup limit, whatever the kernel version.
  let traceMemcg = false;
  // Pre-4.19 kernels print "Out of memory: Kill process N … or sacrifice child" before the "Killed process" line.
  let hostHint = false;
  let open: OomEvent | undefined;
  const start = (
    at: string | undefined,
    stamp: string | undefined,
    pid: number,
    name: string,
    line: string,
  ) => {
    const e: OomEvent = { at, stamp, victim: { pid, name }, invokedBy, line, scope: 'unknown' };
    if (taskIn) {
      e.memcg = taskIn.memcg;
      e.oomMemcg = taskIn.limit;
      if (taskIn.limit !== '/') e.constraint ??= 'CONSTRAINT_MEMCG';
    }
    events.push(e);
    return e;
  };
  let tooLong = 0;
  for (const line of lines) {
    // printk caps a record near 1 kB; a longer line (plus any prefix) is not a kernel message.
    if (line.length > MAX_LINE) {
      tooLong += 1;
      continue;
    }
    const p = splitKernelLine(line);
    if (!p) continue;
    const msg = p.msg.trim();
    const inv = msg.indexOf(INVOKED);
    if (inv > 0) {
      invokedBy = msg.slice(0, inv);
      taskIn = undefined;
      traceMemcg = false;
      hostHint = false;
      open = undefined;
      continue;
    }
    if (msg.includes('mem_cgroup_out_of_memory+')) {
      traceMemcg = true;
      continue;
    }
    if (msg.startsWith(TASK_IN)) {
      const lim = msg.indexOf(LIMIT_OF);
      if (lim > 0)
        taskIn = { memcg: msg.slice(TASK_IN.length, lim), limit: msg.slice(lim + LIMIT_OF.length) };
      continue;
    }
    if (msg.startsWith('oom-kill:')) {
      const kv = summaryFields(msg);
      const pid = toInt(kv.get('pid'));
      const task = kv.get('task');
      if (pid === undefined || !task) {
        warnings.push(`kernel log: oom-kill line without task/pid: "${msg.slice(0, 80)}"`);
        continue;
      }
      open = start(p.at, p.stamp, pid, task, msg);
      open.constraint = kv.get('constraint') || undefined;
      if (kv.get('task_memcg')) open.memcg = kv.get('task_memcg');
      if (kv.get('oom_memcg')) open.oomMemcg = kv.get('oom_memcg');
      if (kv.has('global_oom') && !open.constraint) open.constraint = 'CONSTRAINT_NONE';
      finish(open, traceMemcg);
      continue;
    }
    const k = readKilled(msg);
    if (!k) {
      if (msg.startsWith(MEMCG_KILL)) traceMemcg = true;
      else if (msg.startsWith('Out of memory:')) hostHint = true;
      continue;
    }
    const memcgHint = msg.startsWith(MEMCG_KILL) || traceMemcg;
    const ev = open && open.victim.pid === k.pid ? open : start(p.at, p.stamp, k.pid, k.name, msg);
    const totalVm = kib(k.rest, 'total-vm');
    const anonRss = kib(k.rest, 'anon-rss');
    if (totalVm !== undefined) ev.victim.totalVmKiB = totalVm;
    if (anonRss !== undefined) ev.victim.anonRssKiB = anonRss;
    ev.line = msg;
    ev.at ??= p.at;
    ev.stamp ??= p.stamp;
    // Pre-4.19 kernels print no oom-kill: line: "Out of memory:" is a host OOM, "Memory cgroup…" a limit.
    if (ev.scope === 'unknown' && !memcgHint && (hostHint || msg.startsWith('Out of memory:')))
      ev.scope = 'host';
    finish(ev, memcgHint);
    open = undefined;
    invokedBy = undefined;
    taskIn = undefined;
    traceMemcg = false;
    hostHint = false;
  }
  if (tooLong) warnings.push(`kernel log: skipped ${tooLong} line(s) longer than ${MAX_LINE} characters`);
  return { events, warnings };
}
