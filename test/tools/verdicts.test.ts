/** The VM memory verdict, one row per state the real world shows: which layer decides, and where "capped" starts. */
import { describe, expect, it } from 'vitest';
import { judgeVmMemory, percent, type VmMemoryLayers } from '../../src/tools/memory/memory-verdict.ts';

const vm = (over: Partial<VmMemoryLayers>): VmMemoryLayers => ({
  vm: 'web01',
  instanceName: 'i-2-34-VM',
  host: 'kvm01',
  offeringMiB: 6144,
  ...over,
});
const KiB = 6144 * 1024;

describe('judgeVmMemory', () => {
  it.each([
    [
      'capped by overprovisioning: balloon at half',
      { balloonKiB: KiB / 2, libvirtMaxKiB: KiB / 2 },
      'capped',
      0.5,
    ],
    ['full offering', { balloonKiB: KiB, libvirtMaxKiB: KiB }, 'full', 1],
    ['exactly at the 2% tolerance counts as full', { balloonKiB: KiB * 0.98 }, 'full', 0.98],
    ['just under the tolerance is capped', { balloonKiB: KiB * 0.979 }, 'capped', 0.979],
    ['more than the offering (scaled up, not yet reflected) is full', { balloonKiB: KiB * 1.1 }, 'full', 1.1],
    ['the balloon decides over libvirt <memory>', { balloonKiB: KiB, libvirtMaxKiB: KiB / 2 }, 'full', 1],
    [
      'ballooned down below a full <memory> is capped',
      { balloonKiB: KiB / 2, libvirtMaxKiB: KiB },
      'capped',
      0.5,
    ],
    [
      'no balloon: libvirt <memory> decides over the API',
      { libvirtMaxKiB: KiB / 2, apiMemoryKiB: KiB },
      'capped',
      0.5,
    ],
    ['host unreachable: the API memorykbs is all there is', { apiMemoryKiB: KiB / 2 }, 'capped', 0.5],
    [
      'the guest total never decides (the kernel keeps some)',
      { guestKiB: KiB / 2, balloonKiB: KiB },
      'full',
      1,
    ],
  ] as const)('%s', (_name, layers, verdict, ratio) => {
    const v = judgeVmMemory(vm(layers));
    expect(v.verdict).toBe(verdict);
    expect(v.ratio).toBeCloseTo(ratio, 6);
    expect(v).toMatchObject(layers);
  });

  it.each([
    ['no layer could be read', {}],
    ['only the guest total is known', { guestKiB: KiB }],
    ['an offering of 0 MiB (custom offering not filled in)', { offeringMiB: 0, balloonKiB: KiB }],
  ])('unknown, never a guess, when %s', (_name, layers) => {
    const v = judgeVmMemory(vm(layers));
    expect(v.verdict).toBe('unknown');
    expect(v.ratio).toBeUndefined();
  });

  it('percent rounds so 0.4999 and 0.5 read the same', () => {
    expect(percent(0.4999)).toBe('50%');
    expect(percent(0.5)).toBe('50%');
    expect(percent(0.994)).toBe('99%');
    expect(percent(1)).toBe('100%');
  });
});
