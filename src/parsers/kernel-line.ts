/**
 * Strips the timestamp prefixes kernel messages come with — `[  123.456]`, `dmesg -T` `[Thu May  9 14:52:38
 * 2024]`, syslog/`journalctl -k` `May  9 14:52:38 host kernel:`, `journalctl -o short-iso(-precise)`, and a
 * syslog prefix followed by `[uptime]` — so a parser reads only the message. Hand-written scanning, no
 * backtracking: outputs reach 4 MiB.
 */

export interface KernelLine {
  /** ISO-8601 when the prefix carried an absolute date: UTC ("…Z") if it had a zone, host-local otherwise. */
  at?: string;
  /** The prefix as printed (syslog stamps have no year, so they are kept but not turned into `at`). */
  stamp?: string;
  msg: string;
}

const MONTHS = new Map(
  ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m, i) => [
    m,
    i + 1,
  ]),
);
const DAYS = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
const ISO_STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?$/;
const CLOCK = /^\d{2}:\d{2}:\d{2}$/;
const UPTIME = /^\[ {0,12}\d{1,10}\.\d{1,9}\]/;

const pad = (n: number) => String(n).padStart(2, '0');

/** A journal/ISO timestamp as UTC ISO-8601, or undefined when it cannot be read. */
export function isoFromJournal(ts: string): string | undefined {
  const norm = ts.replace(',', '.').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(norm);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Splits on runs of spaces, at most `n` fields plus the rest of the line. */
function fields(line: string, n: number): { parts: string[]; rest: string } {
  const parts: string[] = [];
  let i = 0;
  while (parts.length < n) {
    while (line[i] === ' ') i++;
    const j = line.indexOf(' ', i);
    if (j < 0) {
      if (i < line.length) parts.push(line.slice(i));
      return { parts, rest: '' };
    }
    parts.push(line.slice(i, j));
    i = j;
  }
  return { parts, rest: line.slice(i + 1) };
}

const BRACKET_DATE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$/;

/** `[Thu May  9 14:52:38 2024] msg` (dmesg -T / --ctime), or a console logger's `[2025-06-04 17:51:20]`. */
function dmesgCtime(line: string): KernelLine | undefined {
  const close = line.indexOf(']');
  if (close < 0 || close > 40) return undefined;
  const inner = line.slice(1, close);
  if (BRACKET_DATE.test(inner))
    return {
      at: inner.replace(' ', 'T'),
      stamp: line.slice(0, close + 1),
      msg: dropUptime(line.slice(close + 1).replace(/^ /, '')),
    };
  const { parts } = fields(inner, 5);
  const [dow = '', mon = '', day = '', clock = '', year = ''] = parts;
  const m = MONTHS.get(mon);
  if (!DAYS.has(dow) || !m || !/^\d{1,2}$/.test(day) || !CLOCK.test(clock) || !/^\d{4}$/.test(year))
    return undefined;
  return {
    at: `${year}-${pad(m)}-${pad(Number(day))}T${clock}`,
    stamp: line.slice(0, close + 1),
    msg: line.slice(close + 1).replace(/^ /, ''),
  };
}

/** After a host name: `kernel: msg` (also `kernel[0]:`); undefined when the line is from another program. */
function afterKernelTag(rest: string): string | undefined {
  const sp = rest.indexOf(' ');
  const tag = sp < 0 ? rest : rest.slice(0, sp);
  if (tag !== 'kernel:' && !/^kernel\[\d+\]:$/.test(tag)) return undefined;
  return sp < 0 ? '' : rest.slice(sp + 1);
}

/** Drops a `[ 1234.567]` uptime that a syslog or journal prefix may be followed by. */
function dropUptime(msg: string): string {
  const u = UPTIME.exec(msg);
  return u ? msg.slice(u[0].length).replace(/^ /, '') : msg;
}

/** Reads one kernel log line; undefined for lines that are not kernel messages (journal markers, other daemons). */
export function splitKernelLine(line: string): KernelLine | undefined {
  if (line.startsWith('-- ')) return undefined; // journalctl "-- No entries --", "-- Boot … --"
  if (line.startsWith('[')) {
    const u = UPTIME.exec(line);
    if (u) return { stamp: u[0], msg: line.slice(u[0].length).replace(/^ /, '') };
    return dmesgCtime(line) ?? { msg: line };
  }
  const first = line.slice(0, line.indexOf(' ') < 0 ? line.length : line.indexOf(' '));
  if (ISO_STAMP.test(first)) {
    const after = line.slice(first.length + 1);
    // short-iso has "host kernel:"; `dmesg --time-format iso` has the message right after the stamp.
    const { parts, rest } = fields(after, 1);
    const msg = parts.length ? afterKernelTag(rest) : undefined;
    return { at: isoFromJournal(first), stamp: first, msg: dropUptime(msg ?? after) };
  }
  if (MONTHS.has(first)) {
    const { parts, rest } = fields(line, 4);
    const [, day = '', clock = ''] = parts;
    if (/^\d{1,2}$/.test(day) && CLOCK.test(clock)) {
      const msg = afterKernelTag(rest);
      if (msg === undefined) return undefined;
      return { stamp: `${first} ${day} ${clock}`, msg: dropUptime(msg) };
    }
  }
  return { msg: line };
}
