/** /proc/meminfo and kernel OOM-kill parsing on the LAB guest outputs, in dmesg and journalctl short-iso form. */
import { describe, expect, it } from 'vitest';
import { parseKernelOom } from '../../src/parsers/kernel-oom.ts';
import { parseMeminfo } from '../../src/parsers/meminfo.ts';
import { fixtureSection } from '../helpers/fixtures.ts';

describe('parseMeminfo', () => {
  it.each([
    ['guest-proc-meminfo-3G.txt', 2976964, 2852968],
    ['guest-proc-meminfo-6G.txt', 6067392, 5887880],
  ])('%s: MemTotal and MemAvailable', (file, total, available) => {
    const r = parseMeminfo(fixtureSection(file, '$ cat /proc/meminfo'));
    expect(r.warnings).toEqual([]);
    expect(r.memTotalKiB).toBe(total);
    expect(r.memAvailableKiB).toBe(available);
    expect(r.swapTotalKiB).toBe(0);
    expect(r.fields.HugePages_Total).toBe(0);
    expect(r.fields.VmallocTotal).toBe(34359738367);
  });
});

const oomDmesg = fixtureSection('kernel-oom-killer-lab-3G-guest.txt', '$ dmesg');

describe('parseKernelOom', () => {
  it('finds the one kill in the LAB guest dmesg, merged from its oom-kill: and Killed process lines', () => {
    const r = parseKernelOom(oomDmesg);
    expect(r.warnings).toEqual([]);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({
      victim: { pid: 106, name: 'httpd', totalVmKiB: 2884740, anonRssKiB: 2874428 },
      invokedBy: 'httpd',
      memcg: '/',
    });
    expect(r.events[0]!.at).toBeUndefined();
    expect(r.events[0]!.line).toMatch(/^Out of memory: Killed process 106 \(httpd\)/);
  });
  it('reads the time from journalctl -o short-iso prefixes (both offset spellings)', () => {
    const journal = oomDmesg
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(/^\[\s*[\d.]+\] /, '2026-11-24T03:12:45+0000 web01 kernel: '))
      .join('\n');
    const r = parseKernelOom(`${journal}\n`);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.at).toBe('2026-11-24T03:12:45Z');
    const colon = parseKernelOom(
      '2026-11-24T12:12:45+09:00 web01 kernel: Out of memory: Killed process 9 (java) total-vm:10kB, anon-rss:5kB, file-rss:0kB\n',
    );
    expect(colon.events[0]).toMatchObject({
      at: '2026-11-24T03:12:45Z',
      victim: { pid: 9, name: 'java', totalVmKiB: 10, anonRssKiB: 5 },
    });
  });
  it('keeps separate kills apart, including the oom-kill: line alone and cgroup kills', () => {
    const out = [
      '[  1.0] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/php.service,task_memcg=/system.slice/php.service,task=php-fpm,pid=77,uid=33',
      '[  1.1] Memory cgroup out of memory: Killed process 77 (php-fpm) total-vm:300kB, anon-rss:200kB, file-rss:0kB, shmem-rss:0kB, UID:33 pgtables:1kB oom_score_adj:0',
      '[  2.0] mysqld invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0',
      '[  2.1] Out of memory: Killed process 88 (mysqld) total-vm:900kB, anon-rss:800kB, file-rss:0kB, shmem-rss:0kB, UID:27 pgtables:2kB oom_score_adj:0',
      '[  3.0] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=qemu-system-x86,pid=99,uid=64055',
      '',
    ].join('\n');
    const r = parseKernelOom(out);
    expect(r.events.map((e) => [e.victim.name, e.victim.pid, e.victim.anonRssKiB, e.invokedBy])).toEqual([
      ['php-fpm', 77, 200, undefined],
      ['mysqld', 88, 800, 'mysqld'],
      ['qemu-system-x86', 99, undefined, undefined],
    ]);
    expect(r.events[0]!.memcg).toBe('/system.slice/php.service');
  });
  it('journalctl "-- No entries --" and unrelated kernel lines give no events and no warnings', () => {
    expect(parseKernelOom('-- No entries --\n')).toEqual({ events: [], warnings: [] });
    expect(
      parseKernelOom(
        '2026-11-24T03:00:00+0000 nfs11 kernel: drbd r0 nfs12: Split-Brain detected but unresolved, dropping connection!\n',
      ).events,
    ).toEqual([]);
  });
});
