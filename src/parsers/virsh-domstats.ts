/** Parses `virsh domstats --balloon --state`: one call gives every domain's balloon figures on a KVM host. */
import { lookupTable } from '../core/lookup-table.ts';
import { LineComplaints, prepareLines, toInt } from './input.ts';
import type { DomstatsBalloon, DomstatsDomain, VirshDomstats } from './types.ts';

const BALLOON_KEYS: Readonly<Record<string, keyof DomstatsBalloon>> = lookupTable({
  current: 'current',
  maximum: 'maximum',
  available: 'available',
  unused: 'unused',
  usable: 'usable',
  rss: 'rss',
  'last-update': 'lastUpdate',
});

export function parseVirshDomstats(out: string): VirshDomstats {
  const { lines, warnings } = prepareLines(out, 'virsh domstats');
  const domains: DomstatsDomain[] = [];
  const junk = new LineComplaints('virsh domstats');
  let cur: DomstatsDomain | undefined;
  for (const line of lines) {
    // Most lines are `  key=value`: tried first, and the Domain regex only runs on lines that can match it.
    // One character class for the key: `[a-z.]+(\.\w+)*` would split a dotted key every possible way.
    const kv = /^\s+([a-z_.-][\w.-]*)=(.*)$/.exec(line);
    if (!kv || !cur) {
      const head = line.startsWith('Domain:') ? /^Domain:\s*'(.*)'$/.exec(line.trimEnd()) : null;
      if (head) {
        cur = { name: head[1] ?? '', balloon: {} };
        domains.push(cur);
      } else if (line.trim()) junk.add(line);
      continue;
    }
    const [, key = '', raw = ''] = kv;
    const value = toInt(raw);
    if (key.startsWith('balloon.')) {
      const field = BALLOON_KEYS[key.slice('balloon.'.length)];
      if (field && value !== undefined) cur.balloon[field] = value;
      else if (field) warnings.push(`virsh domstats: ${cur.name} ${key} is not a number: "${raw}"`);
    } else if (key === 'state.state') cur.state = value;
    else if (key === 'state.reason') cur.reason = value;
  }
  junk.flushInto(warnings);
  for (const d of domains)
    if (d.balloon.current === undefined && d.state !== 5)
      warnings.push(`virsh domstats: no balloon.current for ${d.name}`);
  return { domains, warnings };
}
