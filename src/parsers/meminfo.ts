/** Parses /proc/meminfo of a host or a guest; the guest's MemTotal is what the VM really got. */
import { lookupTable, nullRecord } from '../core/lookup-table.ts';
import { LineComplaints, prepareLines } from './input.ts';
import type { Meminfo } from './types.ts';

type Known =
  | 'memTotalKiB'
  | 'memFreeKiB'
  | 'memAvailableKiB'
  | 'buffersKiB'
  | 'cachedKiB'
  | 'swapTotalKiB'
  | 'swapFreeKiB'
  | 'committedAsKiB'
  | 'hugePagesTotal';
const KNOWN: Readonly<Record<string, Known>> = lookupTable({
  MemTotal: 'memTotalKiB',
  MemFree: 'memFreeKiB',
  MemAvailable: 'memAvailableKiB',
  Buffers: 'buffersKiB',
  Cached: 'cachedKiB',
  SwapTotal: 'swapTotalKiB',
  SwapFree: 'swapFreeKiB',
  Committed_AS: 'committedAsKiB',
  HugePages_Total: 'hugePagesTotal',
});

export function parseMeminfo(out: string): Meminfo {
  const { lines, warnings } = prepareLines(out, '/proc/meminfo');
  const r: Meminfo = { fields: nullRecord<number>(), warnings };
  const junk = new LineComplaints('/proc/meminfo');
  for (const line of lines) {
    if (!line.trim()) continue;
    const m = /^([A-Za-z0-9_()]+):\s+(\d+)(\s+kB)?\s*$/.exec(line);
    if (!m) {
      junk.add(line);
      continue;
    }
    const [, key = '', raw = ''] = m;
    const value = Number(raw);
    r.fields[key] = value;
    const known = KNOWN[key];
    if (known) r[known] = value;
  }
  junk.flushInto(warnings);
  if (lines.length && r.memTotalKiB === undefined) warnings.push('/proc/meminfo: no MemTotal line');
  return r;
}
