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
