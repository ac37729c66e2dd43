/** Grouping capped VMs by cause: the part of the audit that decides what the runbook will claim. */
import { describe, expect, it } from 'vitest';
import type { ClusterMemorySettings } from '../../src/tools/memory/cluster-memory-settings.ts';
import { groupCapped, summarize } from '../../src/tools/memory/fleet-memory-audit-judge.ts';
import { judgeVmMemory } from '../../src/tools/memory/memory-verdict.ts';

const cluster = (name: string, ratio: number, divide: boolean): ClusterMemorySettings => ({
  clusterId: name,
  cluster: name,
  ratio,
  divideByRatio: divide,
  divideOverridden: false,
  overrideSource: 'api-difference',
  globalDivide: divide,
  globalRatio: 1,
});
const vm = (name: string, c: string, balloonKiB: number) =>
  judgeVmMemory({ vm: name, instanceName: name, host: 'kvm01', cluster: c, offeringMiB: 6144, balloonKiB });

describe('groupCapped', () => {
  it('separates the overprovisioning cap, a pending restart and an unexplained size', () => {
    const vms = [
      vm('a', 'c1', 3145728),
      vm('b', 'c2', 3145728),
      vm('c', 'c1', 4194304),
      vm('d', 'c3', 3145728),
    ];
    const groups = groupCapped(
      vms.filter((v) => v.verdict === 'capped'),
      [cluster('c1', 2, true), cluster('c2', 2, false), cluster('c3', 1, true)],
    );
    expect(groups).toEqual([
      { cause: 'overprovisioning', cluster: 'c1', ratio: 2, vms: ['a'] },
      { cause: 'pending-restart', cluster: 'c2', ratio: 2, vms: ['b'] },
      { cause: 'unexplained', cluster: 'c1', ratio: 2, vms: ['c'] },
      { cause: 'unexplained', cluster: 'c3', ratio: 1, vms: ['d'] },
    ]);
  });

  it('a VM within 2% of its offering is not capped (guest kernel reservations are not a finding)', () => {
    expect(vm('x', 'c1', 6291456 - 100000).verdict).toBe('full');
    expect(vm('y', 'c1', 6291456 * 0.97).verdict).toBe('capped');
  });

  it('summarises in the operator language', () => {
    const d = {
      environment: 'lab',
      runningVms: 2,
      cappedCount: 0,
      vms: [],
      groups: [],
      clusters: [],
      unreachableHosts: [],
    };
    expect(summarize(d, 'en')).toBe('All 2 running VMs have their full offering.');
    expect(summarize(d, 'ja')).toContain('2 台すべてのVM');
  });
});

describe('groupCapped at its edges', () => {
  it('collects VMs of one cause and cluster in one group, in order', () => {
    const groups = groupCapped(
      [vm('a', 'c1', 3145728), vm('b', 'c1', 3145728), vm('c', 'c2', 3145728)],
      [cluster('c1', 2, true), cluster('c2', 2, true)],
    );
    expect(groups).toEqual([
      { cause: 'overprovisioning', cluster: 'c1', ratio: 2, vms: ['a', 'b'] },
      { cause: 'overprovisioning', cluster: 'c2', ratio: 2, vms: ['c'] },
    ]);
  });

  it('matches the ratio within 2 percentage points only', () => {
    // 1/2 = 0.5: 0.515 is within, 0.525 is not.
    const groups = groupCapped(
      [vm('near', 'c1', 6291456 * 0.515), vm('far', 'c1', 6291456 * 0.525)],
      [cluster('c1', 2, true)],
    );
    expect(groups.map((g) => [g.cause, g.vms])).toEqual([
      ['overprovisioning', ['near']],
      ['unexplained', ['far']],
    ]);
  });

  it('a VM of a cluster without settings, or without a ratio, is unexplained', () => {
    const noCluster = { ...vm('a', 'c9', 3145728), cluster: undefined };
    const noRatio = { ...vm('b', 'c1', 3145728), ratio: undefined };
    expect(groupCapped([noCluster, noRatio], [cluster('c1', 2, true)])).toEqual([
      { cause: 'unexplained', cluster: '', ratio: undefined, vms: ['a'] },
      { cause: 'unexplained', cluster: 'c1', ratio: 2, vms: ['b'] },
    ]);
  });
});

describe('summarize, every line', () => {
  const base = {
    environment: 'lab',
    runningVms: 5,
    vms: [],
    groups: [],
    clusters: [],
    unreachableHosts: [],
  };
  const capped = (name: string, ratio: number) => ({
    ...vm(name, 'c1', 6291456 * ratio),
    verdict: 'capped' as const,
    ratio,
  });

  it('one share when every capped VM has the same, "part" when they differ', () => {
    const same = { ...base, cappedCount: 2, vms: [capped('a', 0.5), capped('b', 0.5)] };
    expect(summarize(same, 'en')).toBe('2 of 5 running VMs have only 50% of their offering.');
    expect(summarize(same, 'ja')).toBe(
      '稼働中の 5 台中 2 台のVMがオファリングの 50% のメモリしか持っていません。',
    );
    // Full VMs do not count towards the share.
    const withFull = {
      ...base,
      cappedCount: 2,
      vms: [capped('a', 0.5), capped('b', 0.5), vm('c', 'c1', 6291456)],
    };
    expect(summarize(withFull, 'en')).toBe('2 of 5 running VMs have only 50% of their offering.');
    const mixed = {
      ...base,
      cappedCount: 2,
      vms: [capped('a', 0.5), capped('b', 0.25), vm('c', 'c1', 6291456)],
    };
    expect(summarize(mixed, 'en')).toBe('2 of 5 running VMs have only part of their offering.');
    expect(summarize(mixed, 'ja')).toContain('オファリングの 一部 のメモリ');
  });

  it('a line per group, by cause, and the unreachable hosts', () => {
    const d = {
      ...base,
      cappedCount: 3,
      vms: [capped('a', 0.5), capped('b', 0.5), capped('c', 0.5)],
      groups: [
        { cause: 'overprovisioning' as const, cluster: 'c1', ratio: 2, vms: ['a', 'a2'] },
        { cause: 'pending-restart' as const, cluster: 'c2', ratio: 2, vms: ['b', 'b2'] },
        { cause: 'unexplained' as const, cluster: 'c3', ratio: 1, vms: ['c', 'c2'] },
      ],
      unreachableHosts: [
        { host: 'kvm04', error: 'refused' },
        { host: 'kvm05', error: 'timeout' },
      ],
    };
    expect(summarize(d as never, 'en').split('\n')).toEqual([
      '3 of 5 running VMs have only 50% of their offering.',
      '- cluster c1: 2 VMs at offering / 2 (memoryOvercommitRatio 2, vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor=true): a, a2',
      '- cluster c2: 2 VMs still at offering / 2 although vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor is now false: started before the change, they need a stop/start: b, b2',
      '- cluster c3: 2 VMs below offering for an unexplained reason: c, c2',
      'Unreachable hosts (not audited via libvirt): kvm04, kvm05',
    ]);
    expect(summarize(d as never, 'ja').split('\n')).toEqual([
      '稼働中の 5 台中 3 台のVMがオファリングの 50% のメモリしか持っていません。',
      '- クラスター c1: 2 台がオファリング÷2（memoryOvercommitRatio 2、vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor=true）: a, a2',
      '- クラスター c2: vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor は false ですが 2 台がまだオファリング÷2（変更前に起動、停止→起動が必要）: b, b2',
      '- クラスター c3: 2 台が原因不明でオファリング未満: c, c2',
      '到達できないホスト（libvirt未確認）: kvm04, kvm05',
    ]);
  });
});
