/** Every parser on bad input: it must not throw, must not invent figures, and must say what went wrong. */
import { describe, expect, it } from 'vitest';
import { parseCorosyncQuorum } from '../../src/parsers/corosync-quorum.ts';
import { parseCrmMonXml } from '../../src/parsers/crm-mon.ts';
import { parseDrbdStatus } from '../../src/parsers/drbd-status.ts';
import { parseKernelOom } from '../../src/parsers/kernel-oom.ts';
import { parseMeminfo } from '../../src/parsers/meminfo.ts';
import { parseProcDrbd } from '../../src/parsers/proc-drbd.ts';
import { parseVirshDominfo } from '../../src/parsers/virsh-dominfo.ts';
import { parseVirshDommemstat } from '../../src/parsers/virsh-dommemstat.ts';
import { parseVirshDomstats } from '../../src/parsers/virsh-domstats.ts';
import { parseDomainXmlMemory } from '../../src/parsers/virsh-dumpxml.ts';
import { parseVirshList } from '../../src/parsers/virsh-list.ts';
import { fixtureSection, fixtureSections, readFixture } from '../helpers/fixtures.ts';

const PARSERS: [string, (s: string) => { warnings: string[] }, string][] = [
  ['virsh list', parseVirshList, fixtureSection('virsh-list-all.txt', '$ virsh list')],
  [
    'virsh domstats',
    parseVirshDomstats,
    fixtureSection('virsh-domstats-balloon-and-setmem-error.txt', '$ virsh domstats'),
  ],
  [
    'virsh dominfo',
    parseVirshDominfo,
    fixtureSection('virsh-dominfo-cloudstack-3G-vs-6G.txt', 'dominfo i-2-34-VM'),
  ],
  [
    'virsh dommemstat',
    parseVirshDommemstat,
    fixtureSections('virsh-dommemstat-cloudstack-3G-vs-6G.txt')[0]!.body,
  ],
  ['dumpxml', parseDomainXmlMemory, readFixture('virsh-dumpxml-i-2-34-VM-3G.xml')],
  ['meminfo', parseMeminfo, fixtureSection('guest-proc-meminfo-3G.txt', '$ cat')],
  ['drbdadm status', parseDrbdStatus, fixtureSections('drbdadm-status-drbd9-syncing.txt')[2]!.body],
  ['/proc/drbd', parseProcDrbd, fixtureSections('proc-drbd-8.4-healthy.txt')[0]!.body],
  ['crm_mon', parseCrmMonXml, readFixture('crm_mon-2.1-xml-failed-resources.xml')],
  ['corosync', parseCorosyncQuorum, fixtureSections('corosync-quorumtool-s.txt')[0]!.body],
  ['kernel oom', parseKernelOom, fixtureSection('kernel-oom-killer-lab-3G-guest.txt', '$ dmesg')],
];

const HTML =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>MemTotal: 1 kB</p></body></html>\n';
const BINARY = `${String.fromCharCode(0, 1, 2, 255, 0xfffd)}\u0000\u0007MemTotal:\u0000 12 kB\n\u0003\u0004balloon.current=9\u0000\n`;

/** Every number anywhere in a parse result, to prove nothing was invented from junk. */
function numbers(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return v.flatMap(numbers);
  if (v && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => (k === 'warnings' ? [] : numbers(x)));
  return [];
}

describe.each(PARSERS)('%s on bad input', (what, parse, good) => {
  it('empty output: a warning, no figures', () => {
    const r = parse('');
    expect(r.warnings.length).toBeGreaterThan(0);
    expect(numbers(r)).toEqual([]);
  });
  it('an HTML error page: a warning, no figures', () => {
    const r = parse(HTML);
    expect(r.warnings.join(' ')).toMatch(/HTML/);
    expect(numbers(r)).toEqual([]);
  });
  it('binary noise: no throw, no figures from it', () => {
    const r = parse(BINARY);
    expect(numbers(r)).toEqual([]);
    if (what !== 'kernel oom') expect(r.warnings.length).toBeGreaterThan(0);
  });
  it('cut mid-line: a warning, and no figure from the cut line', () => {
    const cut = good.slice(0, Math.floor(good.length * 0.6));
    const r = parse(cut);
    expect(r.warnings.join(' ')).toMatch(/truncated/);
    const full = numbers(parse(good));
    // Every figure still reported also appears in the full parse: a cut number like "29769" is never returned.
    for (const n of numbers(r)) expect(full, `${what}: ${n}`).toContain(n);
  });
  it('the good output itself has no warnings', () => {
    expect(parse(good).warnings).toEqual([]);
  });
});

describe('cut mid-record', () => {
  it('domstats cut after a domain header keeps the complete domain and warns about the empty one', () => {
    const r = parseVirshDomstats(
      "Domain: 'a'\n  balloon.current=1024\n  balloon.maximum=2048\n\nDomain: 'b'\n",
    );
    expect(r.domains[0]!.balloon).toEqual({ current: 1024, maximum: 2048 });
    expect(r.warnings).toEqual(['virsh domstats: no balloon.current for b']);
  });
  it('crm_mon cut mid-document keeps the nodes read so far and says it is truncated', () => {
    const xml = readFixture('crm_mon-2.1-xml-node-offline.xml');
    const r = parseCrmMonXml(xml.slice(0, xml.indexOf('<resources>') + 40));
    expect(r.nodes).toHaveLength(2);
    expect(r.warnings.join()).toMatch(/truncated/);
  });
  it('a garbage line inside good output is named in a warning and skipped', () => {
    const r = parseMeminfo('MemTotal:        2976964 kB\n<<junk>>\nMemFree:  1 kB\n');
    expect(r.memTotalKiB).toBe(2976964);
    expect(r.memFreeKiB).toBe(1);
    expect(r.warnings).toEqual(['/proc/meminfo: unrecognised line "<<junk>>"']);
  });
});
