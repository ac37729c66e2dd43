/** Parses `virsh list --all`; on a CloudStack host only running domains appear (they are transient). */
import { LineComplaints, prepareLines } from './input.ts';
import type { VirshList, VirshListDomain } from './types.ts';

export function parseVirshList(out: string): VirshList {
  const { lines, warnings } = prepareLines(out, 'virsh list');
  const domains: VirshListDomain[] = [];
  const junk = new LineComplaints('virsh list');
  let sawHeader = false;
  for (const line of lines) {
    if (!line.trim() || /^-{3,}\s*$/.test(line.trim())) continue;
    if (/^\s*Id\s+Name\s+State\s*$/.test(line)) {
      sawHeader = true;
      continue;
    }
    // State may hold a space ("shut off", "in shutdown"); names cannot. Trimmed first, so no regex scans
    // trailing blanks twice (`(.*?)\s*$` is quadratic on a long line).
    const m = /^\s*(\d+|-)\s+(\S+)\s+(\S.*)$/.exec(line.trimEnd());
    if (!m) {
      junk.add(line);
      continue;
    }
    domains.push({ id: m[1] === '-' ? null : Number(m[1]), name: m[2] ?? '', state: m[3] ?? '' });
  }
  if (!sawHeader && lines.length) warnings.push('virsh list: no "Id Name State" header');
  junk.flushInto(warnings);
  return { domains, warnings };
}
