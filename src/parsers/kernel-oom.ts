/**
 * Finds OOM-killer kills in kernel messages (dmesg or `journalctl -k -o short-iso`): one event per kill,
 * merging the "oom-kill:…task=,pid=" and "Out of memory: Killed process" lines the kernel prints for it.
 */
import { prepareLines, toInt } from './input.ts';
import type { KernelOom, OomEvent } from './types.ts';

const SHORT_ISO =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s+\S+\s+kernel:\s?(.*)$/;
const SYSLOG = /^[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}\s+\S+\s+kernel:\s?(.*)$/;
const DMESG = /^\[\s*\d+\.\d+\]\s?(.*)$/;
const KILLED = /Killed process (\d+) \((.*?)\)(?=\s+total-vm:|,|\s*$)(.*)$/;

/** A journal timestamp as UTC ISO-8601, or undefined when it cannot be read. */
export function isoFromJournal(ts: string): string | undefined {
  const norm = ts.replace(',', '.').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(norm);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z');
}

function splitPrefix(line: string): { at?: string; msg: string } | undefined {
  const iso = SHORT_ISO.exec(line);
  if (iso) return { at: isoFromJournal(iso[1] ?? ''), msg: iso[2] ?? '' };
  const sys = SYSLOG.exec(line) ?? DMESG.exec(line);
  if (sys) return { msg: sys[1] ?? '' };
  if (line.startsWith('-- ')) return undefined; // journalctl "-- No entries --", "-- Boot … --"
  return { msg: line };
}

export function parseKernelOom(out: string): KernelOom {
  const { lines, warnings } = prepareLines(out, 'kernel log');
  const events: OomEvent[] = [];
  let invokedBy: string | undefined;
  // The oom-kill: summary line opens an event that the following "Killed process" line completes.
  let open: OomEvent | undefined;
  for (const line of lines) {
    const p = splitPrefix(line);
    if (!p) continue;
    const msg = p.msg.trim();
    const inv = /^(\S.*?) invoked oom-killer:/.exec(msg);
    if (inv) {
      invokedBy = inv[1];
      open = undefined;
      continue;
    }
    if (msg.startsWith('oom-kill:')) {
      const kv = new Map(
        msg
          .slice('oom-kill:'.length)
          .split(',')
          .map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)] as const),
      );
      const pid = toInt(kv.get('pid'));
      if (pid === undefined || !kv.get('task')) {
        warnings.push(`kernel log: oom-kill line without task/pid: "${msg.slice(0, 80)}"`);
        continue;
      }
      open = { at: p.at, victim: { pid, name: kv.get('task') ?? '' }, invokedBy, line: msg };
      const memcg = kv.get('task_memcg');
      if (memcg) open.memcg = memcg;
      events.push(open);
      continue;
    }
    const k = KILLED.exec(msg);
    if (k) {
      const pid = Number(k[1]);
      const rest = k[3] ?? '';
      const sizes = {
        totalVmKiB: toInt(/total-vm:(\d+)kB/.exec(rest)?.[1]),
        anonRssKiB: toInt(/anon-rss:(\d+)kB/.exec(rest)?.[1]),
      };
      const ev: OomEvent =
        open && open.victim.pid === pid
          ? open
          : { at: p.at, victim: { pid, name: k[2] ?? '' }, invokedBy, line: msg };
      if (ev !== open) events.push(ev);
      if (sizes.totalVmKiB !== undefined) ev.victim.totalVmKiB = sizes.totalVmKiB;
      if (sizes.anonRssKiB !== undefined) ev.victim.anonRssKiB = sizes.anonRssKiB;
      ev.line = msg;
      ev.at ??= p.at;
      open = undefined;
      invokedBy = undefined;
    }
  }
  for (const e of events) if (e.invokedBy === undefined) delete e.invokedBy;
  for (const e of events) if (e.at === undefined) delete e.at;
  return { events, warnings };
}
