/** Rendered text compared line by line with the real LAB captures in shared/fixtures. */
import { describe, expect, it } from 'vitest';
import { oomReport } from '../../src/lab/render/kernel-log.ts';
import { guestMeminfo, renderMeminfo } from '../../src/lab/render/meminfo.ts';
import { parseKernelOom } from '../../src/parsers/kernel-oom.ts';
import { fixtureSection } from '../helpers/fixtures.ts';

describe('guest /proc/meminfo', () => {
  it('a 3 GiB guest renders the LAB capture: same labels, same columns, same headline figures', () => {
    const real = fixtureSection('guest-proc-meminfo-3G.txt', '$ cat /proc/meminfo').split('\n');
    const ours = renderMeminfo(guestMeminfo(2976964)).split('\n');
    expect(ours.map((l) => l.replace(/\d+/g, 'N'))).toEqual(real.map((l) => l.replace(/\d+/g, 'N')));
    // Every value column ends where the kernel's does.
    expect(ours.map((l) => l.length)).toEqual(real.map((l) => l.length));
    for (const label of ['MemTotal:', 'MemFree:', 'MemAvailable:', 'SwapTotal:', 'DirectMap2M:'])
      expect(ours.find((l) => l.startsWith(label))).toBe(real.find((l) => l.startsWith(label)));
  });
});

describe('OOM report', () => {
  it('the LAB kill rendered with its own figures has the real report lines and parses to the same event', () => {
    const dmesg = fixtureSection('kernel-oom-killer-lab-3G-guest.txt', '$ dmesg');
    const real = dmesg.split('\n').map((l) => l.replace(/^\[\s*[\d.]+\] /, ''));
    const ours = oomReport(
      { at: '2026-11-24T03:12:45Z', process: 'httpd', pid: 106, totalVmKiB: 2884740, anonRssKiB: 2874428 },
      {
        hardware:
          'Apache Software Foundation CloudStack KVM Hypervisor, BIOS 1.16.2-debian-1.16.2-1 04/01/2014',
        ramKiB: 3145208,
        kernel: '6.1.0-56-amd64',
      },
    );
    for (const line of ours.filter((l) => !/^(active_anon|\[ +106\]|\d+ pages reserved)/.test(l)))
      expect(real, line).toContain(line);
    const parsed = parseKernelOom(`${ours.map((l) => `[   65.5] ${l}`).join('\n')}\n`);
    expect(parsed.events.map((e) => e.victim)).toEqual(parseKernelOom(dmesg).events.map((e) => e.victim));
  });
});
