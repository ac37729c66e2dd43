/**
 * Reads resource names and their device minors from `drbdadm dump` (the parsed DRBD configuration). DRBD 8.4's
 * /proc/drbd names only minors, so this is how a minor becomes the resource name every drbdadm command needs.
 */
import { prepareLines } from './input.ts';
import type { ParseWarnings } from './types.ts';

export interface DrbdadmDump extends ParseWarnings {
  /** Device minor → resource name, for every `device … minor N;` or `device /dev/drbdN;` in a resource. */
  minors: Map<number, string>;
  /** Resource names in the order the configuration declares them. */
  resources: string[];
}

const RESOURCE = /^resource\s+"?([\w.+-]{1,64})"?\s*\{/;
const MINOR = /\bminor\s+(\d{1,7})\s*;/;
const DEVICE = /^\s*device\s+"?\/dev\/drbd(\d{1,7})"?\s*;/;

export function parseDrbdadmDump(out: string): DrbdadmDump {
  const { lines, warnings } = prepareLines(out, 'drbdadm dump');
  const minors = new Map<number, string>();
  const resources: string[] = [];
  let current: string | undefined;
  for (const line of lines) {
    const res = RESOURCE.exec(line);
    if (res?.[1]) {
      current = res[1];
      resources.push(current);
      continue;
    }
    if (line.startsWith('}')) {
      current = undefined;
      continue;
    }
    if (!current || !/^\s*device\s/.test(line)) continue;
    const m = MINOR.exec(line) ?? DEVICE.exec(line);
    if (m?.[1] !== undefined) minors.set(Number(m[1]), current);
  }
  if (lines.length && !resources.length) warnings.push('drbdadm dump: no resource section found');
  return { minors, resources, warnings };
}
