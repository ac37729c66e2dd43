/**
 * Which file paths a YAML tool may read. A prefix alone is not enough: /proc/self/root/etc/shadow starts with
 * /proc/ yet is the root file system, and reading /proc/kmsg consumes kernel messages. Paths must be
 * canonical (no `..`, `.`, `//`), and links out of the prefix or reads with side effects are refused.
 */

/** Per-process entries that are links to other files (root, cwd, exe, fds) or expose memory and secrets. */
const PROC_PID_DENIED = new Set([
  'root',
  'cwd',
  'exe',
  'fd',
  'fdinfo',
  'map_files',
  'mem',
  'environ',
  'pagemap',
  'ns',
  'clear_refs',
  'syscall',
  'auxv',
  'personality',
]);

/** Top-level /proc and /sys entries whose reads consume, block, or expose kernel memory. */
const DENIED_PREFIXES = [
  '/proc/kmsg', // reading consumes messages, as `dmesg -c` does
  '/proc/kcore',
  '/proc/kpage',
  '/proc/sysrq-trigger',
  '/proc/sys/kernel/random', // entropy pools
  '/sys/kernel/debug/',
  '/sys/kernel/tracing/', // trace_pipe consumes the trace buffer
  '/sys/firmware/efi/efivars/',
  '/dev/',
];

/** `/proc/<pid>`, `/proc/self`, `/proc/thread-self`, and their `task/<tid>` children name a process. */
const isProcessDir = (seg: string): boolean =>
  seg === 'self' || seg === 'thread-self' || /^\d{1,10}$/.test(seg);

/** Why `path` may not be read, or null. `prefixes` end in "/" (e.g. "/var/log/"). */
export function refusedPath(path: string, prefixes: readonly string[]): string | null {
  if (!path.startsWith('/')) return `"${path}" is not an absolute path`;
  const segs = path.split('/').slice(1);
  // A trailing "/" (a directory) is allowed; empty, "." and ".." segments elsewhere are not canonical.
  if (
    segs.slice(0, -1).some((s) => s === '' || s === '.' || s === '..') ||
    segs.at(-1) === '..' ||
    segs.at(-1) === '.'
  )
    return `"${path}" is not a canonical path (no "//", "." or "..")`;
  if (!prefixes.some((p) => path.startsWith(p)))
    return `may only read files under ${prefixes.join(', ')} (got "${path}")`;
  const denied = DENIED_PREFIXES.find((p) => path === p.replace(/\/$/, '') || path.startsWith(p));
  if (denied) return `"${path}" is refused: reading ${denied} has side effects or leaves the allowed tree`;
  if (segs[0] === 'proc' && segs[1] !== undefined && isProcessDir(segs[1])) {
    // Every segment below the process is checked, so /proc/<pid>/task/<tid>/root (the same links one level
    // down) is refused too; "task" and a thread id are never denied names themselves.
    const bad = segs.slice(2).find((s) => PROC_PID_DENIED.has(s));
    if (bad !== undefined)
      return `"${path}" is refused: /proc/<pid>/${bad} links outside /proc or exposes process memory/secrets`;
  }
  return null;
}
