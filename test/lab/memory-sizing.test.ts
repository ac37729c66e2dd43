/**
 * computeDomainMemory against shared/notes/cloudstack-facts.md §1.2–1.4: a 6144 MiB offering on a cluster with
 * memoryOvercommitRatio 2, across the CloudStack versions whose code paths differ.
 */
import { describe, expect, it } from 'vitest';
import { computeDomainMemory, guestMemTotalKiB } from '../../src/lab/memory.ts';

const FULL = 6291456; // 6144 MiB in KiB (maxRam)
const HALF = 3145728; // 6144 / 2 MiB in KiB (minRam)

type Row = [
  version: string,
  divideByRatio: boolean,
  memballoonDisable: boolean,
  memory: number,
  current: number,
  maxMemory: number | null,
  balloon: 'virtio' | 'none',
];

const rows: Row[] = [
  // <=4.15: division unconditional (the setting does not exist); minRam != maxRam and ballooning on ->
  // <memory>=maxRam, <currentMemory>=minRam; ballooning off -> <memory>=maxRam only.
  ['4.15.2', true, false, FULL, HALF, null, 'virtio'],
  ['4.15.2', true, true, FULL, FULL, null, 'none'],
  ['4.15.2', false, false, FULL, HALF, null, 'virtio'],
  ['4.15.2', false, true, FULL, FULL, null, 'none'],
  // 4.16.0–4.18.0: KVMGuru overwrote maxRam with minRam; vm.memballoon.disable does not help.
  ['4.17.0', true, false, HALF, HALF, null, 'virtio'],
  ['4.17.0', true, true, HALF, HALF, null, 'none'],
  ['4.17.0', false, false, FULL, FULL, null, 'virtio'],
  ['4.17.0', false, true, FULL, FULL, null, 'none'],
  // 4.18.1+: <memory>=<currentMemory>=current (minRam unless memballoon disabled), <maxMemory> when larger.
  ['4.18.1', true, false, HALF, HALF, FULL, 'virtio'],
  ['4.18.1', true, true, FULL, FULL, null, 'none'],
  ['4.18.1', false, false, FULL, FULL, null, 'virtio'],
  ['4.18.1', false, true, FULL, FULL, null, 'none'],
  ['4.20.1', true, false, HALF, HALF, FULL, 'virtio'],
  ['4.20.1', true, true, FULL, FULL, null, 'none'],
  ['4.20.1', false, false, FULL, FULL, null, 'virtio'],
  ['4.20.1', false, true, FULL, FULL, null, 'none'],
];

describe('computeDomainMemory (6144 MiB offering, ratio 2)', () => {
  it.each(rows)(
    '%s divide=%s memballoon.disable=%s -> memory %i, current %i, maxMemory %s, balloon %s',
    (version, divideByRatio, memballoonDisable, memory, current, maxMemory, balloon) => {
      expect(
        computeDomainMemory({ version, offeringMiB: 6144, ratio: 2, divideByRatio, memballoonDisable }),
      ).toEqual({
        memoryKiB: memory,
        currentMemoryKiB: current,
        maxMemoryKiB: maxMemory,
        balloonModel: balloon,
      });
    },
  );
});

describe('computeDomainMemory with ratio 1', () => {
  const cases = ['4.15.2', '4.17.0', '4.18.1', '4.20.1'].flatMap((version) =>
    [true, false].flatMap((divideByRatio) =>
      [true, false].map((memballoonDisable) => [version, divideByRatio, memballoonDisable] as const),
    ),
  );
  it.each(cases)('%s divide=%s memballoon.disable=%s -> the full offering everywhere', (version, d, b) => {
    const m = computeDomainMemory({
      version,
      offeringMiB: 6144,
      ratio: 1,
      divideByRatio: d,
      memballoonDisable: b,
    });
    expect([m.memoryKiB, m.currentMemoryKiB, m.maxMemoryKiB]).toEqual([FULL, FULL, null]);
  });
});

describe('guestMemTotalKiB (LAB MemTotal, §1.4)', () => {
  it.each([
    [HALF, 2976964],
    [FULL, 6067392],
  ])('balloon %i KiB -> MemTotal ~%i kB (within 0.1 %%)', (balloon, memTotal) => {
    expect(Math.abs(guestMemTotalKiB(balloon) - memTotal) / memTotal).toBeLessThan(0.001);
  });
});
