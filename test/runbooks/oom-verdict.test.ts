/** Table tests of the OOM verdicts: one row per kind of kill the real world shows, and the host overcommit sums. */
import { describe, expect, it } from 'vitest';
import type { OomEvent } from '../../src/parsers/types.ts';
import { hostOvercommit, isQemuKill, kindOfKill } from '../../src/runbooks/oom-verdict.ts';

const ev = (o: Partial<OomEvent> & { name: string }): OomEvent => ({
  victim: { pid: 1, name: o.name },
  scope: o.scope ?? 'unknown',
  line: '',
  ...(o.domain ? { domain: o.domain } : {}),
});

describe('kindOfKill', () => {
  it.each([
    // where, victim, scope, domain → kind
    ['kvm', 'qemu-kvm', 'host', 'i-2-35-VM', 'host-oom-vm'],
    ['kvm', 'qemu-system-x86', 'host', undefined, 'host-oom-vm'],
    ['kvm', 'qemu-kvm', 'unknown', undefined, 'host-oom-vm'], // pre-4.19 host log, no memcg line
    ['kvm', 'qemu-kvm', 'node', 'i-2-9-VM', 'host-oom-vm'], // cpuset/mempolicy: the host ran out on a node
    ['kvm', 'qemu-kvm', 'memcg', 'i-2-31-VM', 'memcg-vm'],
    ['kvm', 'CPU 0/KVM', 'memcg', undefined, 'memcg-vm'],
    ['kvm', 'CPU 12/KVM', 'host', undefined, 'host-oom-vm'], // a vCPU thread of a 16-vCPU VM
    ['kvm', 'kvm', 'host', undefined, 'host-oom-vm'], // Debian's kvm wrapper names the process "kvm"
    ['kvm', 'worker', 'memcg', 'i-2-40-VM', 'memcg-vm'], // thread of a qemu named only by its scope
    ['kvm', 'libvirtd', 'host', undefined, 'host-oom'],
    ['kvm', 'php-fpm', 'memcg', undefined, 'host-memcg'],
    ['guest', 'httpd', 'host', undefined, 'guest-oom'],
    ['guest', 'httpd', 'unknown', undefined, 'guest-oom'],
    ['guest', 'java', 'memcg', undefined, 'guest-memcg'],
    // inside a guest "qemu" is just a process name (nested virt): still the guest's own OOM
    ['guest', 'qemu-kvm', 'host', undefined, 'guest-oom'],
  ] as const)('%s: %s (%s, domain %s) → %s', (where, name, scope, domain, kind) => {
    expect(kindOfKill(ev({ name, scope, domain }), where)).toBe(kind);
  });

  it('qemu is recognised by process name or by cgroup, not by substrings', () => {
    expect(isQemuKill(ev({ name: 'qemu-kvm' }))).toBe(true);
    expect(isQemuKill(ev({ name: 'myqemu-helper' }))).toBe(false);
    expect(isQemuKill(ev({ name: 'kvm-helper' }))).toBe(false);
  });
});

describe('hostOvercommit', () => {
  const GiB = 1024 * 1024;
  it.each([
    // RAM, VMs, ratio → share, overRam, ratioAllowsOvercommit, allowed
    [64 * GiB, [16, 16, 16, 16, 16].map((g) => g * GiB), 1.5, 1.25, true, true, 96 * GiB],
    [64 * GiB, [16, 16].map((g) => g * GiB), 1, 0.5, false, false, 64 * GiB],
    [64 * GiB, [32, 32].map((g) => g * GiB), 1, 1, false, false, 64 * GiB], // full, not over
    [128 * GiB, [8 * GiB], undefined, 1 / 16, false, false, undefined],
    // CloudStack ratios are decimals: what it may place is whole KiB, rounded.
    [1000, [500], 1.3333, 0.5, false, true, 1333],
  ])('RAM %d KiB, VMs %j, ratio %s', (ram, vms, ratio, share, over, allows, allowed) => {
    const r = hostOvercommit(ram, vms, ratio)!;
    expect(r.share).toBeCloseTo(share);
    expect(r.overRam).toBe(over);
    expect(r.ratioAllowsOvercommit).toBe(allows);
    expect(r.allowedKiB).toBe(allowed);
  });
  it('no RAM figure: no verdict rather than a division by zero', () => {
    expect(hostOvercommit(0, [1])).toBeUndefined();
    expect(hostOvercommit(Number.NaN, [1])).toBeUndefined();
  });
});
