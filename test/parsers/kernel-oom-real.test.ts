/**
 * Kernel OOM reports as people posted them (test/fixtures/real/kernel-oom, SOURCES-host.md): every timestamp
 * style is stripped before the task name is read, absolute dates become `at`, and the kill's scope (host OOM
 * vs a cgroup limit) and the qemu domain are read from the constraint, the memcg paths or the call trace.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitKernelLine } from '../../src/parsers/kernel-line.ts';
import { parseKernelOom } from '../../src/parsers/kernel-oom.ts';
import { domainFromCgroup } from '../../src/parsers/oom-cgroup.ts';

const real = (name: string) =>
  readFileSync(new URL(`../fixtures/real/kernel-oom/${name}`, import.meta.url), 'utf8');

/** The posts were cut before the kill line: append one in the same prefix style as the post's last line. */
function withKill(name: string, kill: string): string {
  const text = real(name);
  const last = text.trimEnd().split('\n').at(-1)!;
  const msgAt = last.length - splitKernelLine(last)!.msg.length;
  return `${text}${last.slice(0, msgAt)}${kill}\n`;
}
const KILL_QEMU =
  'Killed process 24430 (qemu-system-x86) total-vm:17000000kB, anon-rss:16500000kB, file-rss:0kB, shmem-rss:0kB';

describe('kernel OOM reports in every timestamp style (real posts)', () => {
  it.each([
    ['shakenfist-177-syslog-uptime-kvm-host.txt', 'CPU 0/KVM', undefined, 'host'],
    ['harvester-2419-syslog-memcg-kvm.txt', 'CPU 2/KVM', undefined, 'memcg'],
    ['harvester-7545-dmesg-T-container-memcg.txt', 'harvester-netwo', '2025-02-09T00:15:09', 'memcg'],
    ['firecracker-1573-dmesg-T-host.txt', 'firecracker', '2020-02-03T14:47:52', 'host'],
    ['kubespray-8793-journal-short-memcg.txt', 'worker', undefined, 'memcg'],
    ['qubes-9989-console-stamp-uptime.txt', 'Xorg', '2025-06-04T17:51:20', 'host'],
    ['francesbagual-syslog-uptime-guest.txt', 'memory-hog-2048', undefined, 'host'],
  ])('%s: invoker %s, time %s, scope %s', (file, invoker, at, scope) => {
    const r = parseKernelOom(withKill(file, `Out of memory: ${KILL_QEMU}`));
    expect(r.warnings).toEqual([]);
    expect(r.events).toHaveLength(1);
    const e = r.events[0]!;
    // The prefix never leaks into the task name: "[Sun Feb  9 …] harvester-netwo" was the old reading.
    expect(e.invokedBy).toBe(invoker);
    expect(e.victim).toMatchObject({ pid: 24430, name: 'qemu-system-x86', anonRssKiB: 16500000 });
    expect(e.at).toBe(at);
    // A mem_cgroup_out_of_memory frame in the trace makes the kill a cgroup limit even when the line says
    // "Out of memory:" — that is what a careful operator reads from these reports.
    expect(e.scope).toBe(scope);
  });

  it('syslog stamps have no year: kept as printed, not turned into a time', () => {
    const e = parseKernelOom(
      withKill('shakenfist-177-syslog-uptime-kvm-host.txt', `Out of memory: ${KILL_QEMU}`),
    ).events[0]!;
    expect(e.stamp).toBe('Jul 16 11:53:25');
    expect(e.at).toBeUndefined();
  });

  it('non-kernel lines of a syslog are not read as kernel messages', () => {
    expect(
      splitKernelLine('Jul 16 11:53:25 kvm01 systemd[1]: Killed process 1 (x) total-vm:1kB'),
    ).toBeUndefined();
  });
});

describe('constraint, memcg and domain on every kill', () => {
  const line = (stamp: string, msg: string) => `${stamp} ${msg}`;
  it('host OOM of qemu (CONSTRAINT_NONE) names the domain from its machine-qemu scope', () => {
    const out = [
      line(
        '2026-11-24T03:10:00+0900 kvm02 kernel:',
        'CPU 1/KVM invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0',
      ),
      line(
        '2026-11-24T03:10:00+0900 kvm02 kernel:',
        'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=machine-qemu\\x2d7\\x2di\\x2d2\\x2d35\\x2dVM.scope,mems_allowed=0-1,global_oom,task_memcg=/machine.slice/machine-qemu\\x2d7\\x2di\\x2d2\\x2d35\\x2dVM.scope/libvirt/emulator,task=qemu-kvm,pid=4711,uid=107',
      ),
      line(
        '2026-11-24T03:10:00+0900 kvm02 kernel:',
        'Out of memory: Killed process 4711 (qemu-kvm) total-vm:9000000kB, anon-rss:8300000kB, file-rss:0kB, shmem-rss:0kB, UID:107 pgtables:17000kB oom_score_adj:0',
      ),
      '',
    ].join('\n');
    const [e] = parseKernelOom(out).events;
    expect(e).toMatchObject({
      at: '2026-11-23T18:10:00Z',
      scope: 'host',
      constraint: 'CONSTRAINT_NONE',
      domain: 'i-2-35-VM',
      invokedBy: 'CPU 1/KVM',
      victim: { pid: 4711, name: 'qemu-kvm', anonRssKiB: 8300000 },
    });
  });

  it('a memcg kill inside machine.slice is a limit, with both the limit and the task cgroup', () => {
    const out =
      '[ 99.1] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/machine.slice/machine-qemu\\x2d3\\x2di\\x2d2\\x2d31\\x2dVM.scope,task_memcg=/machine.slice/machine-qemu\\x2d3\\x2di\\x2d2\\x2d31\\x2dVM.scope/libvirt/emulator,task=qemu-kvm,pid=900,uid=107\n' +
      '[ 99.2] Memory cgroup out of memory: Killed process 900 (qemu-kvm) total-vm:5000kB, anon-rss:4000kB, file-rss:0kB, shmem-rss:0kB\n';
    const [e] = parseKernelOom(out).events;
    expect(e).toMatchObject({
      scope: 'memcg',
      domain: 'i-2-31-VM',
      oomMemcg: '/machine.slice/machine-qemu\\x2d3\\x2di\\x2d2\\x2d31\\x2dVM.scope',
    });
  });

  it('pre-4.19 kernels: "Task in … killed as a result of limit of …" gives the memcg; "Out of memory: Kill process" alone is the host', () => {
    const out = [
      '[  5.0] java invoked oom-killer: gfp_mask=0x24000c0, order=0, oom_score_adj=0',
      '[  5.1] Task in /docker/3f2a killed as a result of limit of /docker/3f2a',
      '[  5.2] Memory cgroup out of memory: Kill process 31 (java) score 990 or sacrifice child',
      '[  5.3] Killed process 31 (java) total-vm:300kB, anon-rss:200kB, file-rss:0kB',
      '[  6.0] qemu-kvm invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0',
      '[  6.1] Out of memory: Kill process 77 (qemu-kvm) score 901 or sacrifice child',
      '[  6.2] Killed process 77 (qemu-kvm) total-vm:900kB, anon-rss:800kB, file-rss:0kB',
      '',
    ].join('\n');
    const r = parseKernelOom(out);
    expect(r.events.map((e) => [e.victim.name, e.scope, e.memcg, e.oomMemcg])).toEqual([
      ['java', 'memcg', '/docker/3f2a', '/docker/3f2a'],
      ['qemu-kvm', 'host', undefined, undefined],
    ]);
  });

  it.each([
    ['/machine.slice/machine-qemu\\x2d7\\x2di\\x2d2\\x2d35\\x2dVM.scope', 'i-2-35-VM'],
    // Seen in a public incident write-up of a host-wide OOM that left the domain "shut off (crashed)".
    ['/machine.slice/machine-qemu-1-caoscare-homeassistant.scope', 'caoscare-homeassistant'],
    ['/machine.slice/machine-qemu\\x2di\\x2d2\\x2d9\\x2dVM.scope/emulator', 'i-2-9-VM'],
    ['/machine/i-2-31-VM.libvirt-qemu/emulator', 'i-2-31-VM'],
    ['/system.slice/php.service', undefined],
    ['/', undefined],
  ])('domain of cgroup %s is %s', (path, domain) => {
    expect(domainFromCgroup(path)).toBe(domain);
  });

  it('dmesg --time-format iso and short-iso-precise set the time; a bare uptime does not', () => {
    expect(
      splitKernelLine('2024-05-09T14:52:38,123456+02:00 Out of memory: Killed process 1 (a)'),
    ).toMatchObject({
      at: '2024-05-09T12:52:38.123Z',
      msg: 'Out of memory: Killed process 1 (a)',
    });
    expect(splitKernelLine('2024-05-09T14:52:38.123456+0200 kvm01 kernel: [ 12.5] x')).toMatchObject({
      msg: 'x',
    });
    expect(splitKernelLine('[   12.500000] x')).toEqual({ stamp: '[   12.500000]', msg: 'x' });
  });
});

describe('kernel log parsing stays linear on hostile input', () => {
  it.each([
    ['[', ' '.repeat(200_000)],
    ['Killed process 1 (', ')'.repeat(200_000)],
    ['oom-kill:', ',='.repeat(100_000)],
    ['Jan 1 00:00:00 h kernel: ', '['.repeat(200_000)],
    ['[Thu May  9 14:52:38 2024]', ' invoked oom-killer:'.repeat(10_000)],
  ])('%s… ×200k', (head, tail) => {
    const line = `${head}${tail}\n`;
    const r = parseKernelOom(line.repeat(20));
    expect(r.events).toEqual([]);
    expect(r.warnings).toEqual(['kernel log: skipped 20 line(s) longer than 4096 characters']);
    // Just under the cap, every shape is still read (and found wanting) line by line.
    const short = `${head}${tail.slice(0, 4000 - head.length)}\n`;
    expect(parseKernelOom(short.repeat(200)).events.length).toBeLessThanOrEqual(200);
  });
});
