/** Parses `virsh dommemstat <dom>`; without a stats period only actual/last_update/rss appear. */
import { lookupTable } from '../core/lookup-table.ts';
import { LineComplaints, prepareLines, toInt } from './input.ts';
import type { VirshDommemstat } from './types.ts';

type Field = Exclude<keyof VirshDommemstat, 'warnings'>;
const KEYS: Readonly<Record<string, Field>> = lookupTable({
  actual: 'actual',
  available: 'available',
  unused: 'unused',
  usable: 'usable',
  rss: 'rss',
  swap_in: 'swapIn',
  swap_out: 'swapOut',
  major_fault: 'majorFault',
  minor_fault: 'minorFault',
  disk_caches: 'diskCaches',
  last_update: 'lastUpdate',
});

export function parseVirshDommemstat(out: string): VirshDommemstat {
  const { lines, warnings } = prepareLines(out, 'virsh dommemstat');
  const r: VirshDommemstat = { warnings };
  const junk = new LineComplaints('virsh dommemstat');
  for (const line of lines) {
    if (!line.trim()) continue;
    const m = /^\s*([a-z_]+)\s+(\S+)\s*$/.exec(line);
    const value = toInt(m?.[2]);
    if (!m || value === undefined) {
      junk.add(line);
      continue;
    }
    const field = KEYS[m[1] ?? ''];
    if (field) r[field] = value;
  }
  junk.flushInto(warnings);
  if (lines.length && r.actual === undefined) warnings.push('virsh dommemstat: no "actual" figure');
  return r;
}
