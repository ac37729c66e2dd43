/**
 * One running VM's balloon figures, derived once from the world so that domstats, dommemstat and dominfo
 * agree with each other and with the guest's /proc/meminfo, as they do on a real host.
 */
import type { LabVm, LabWorld } from '../world.ts';

export interface BalloonFigures {
  /** The balloon's size (<currentMemory> at boot). */
  current: number;
  /** libvirt <memory>. */
  maximum: number;
  /** Stats period in seconds; 0 = the guest reports nothing beyond actual/rss. */
  period: number;
  rss: number;
  /** Present only with a stats period: what the guest sees. */
  guest?: {
    available: number;
    unused: number;
    usable: number;
    minorFault: number;
    diskCaches: number;
    lastUpdate: number;
  };
}

export function statsPeriod(vm: LabVm): number {
  if (vm.domain?.balloonModel === 'none') return 0;
  return vm.spec.statsPeriod ?? vm.host.spec.statsPeriod;
}

export function balloonFigures(world: LabWorld, vm: LabVm, now: number): BalloonFigures | null {
  const d = vm.domain;
  if (!d) return null;
  const period = statsPeriod(vm);
  // QEMU's resident size: guest pages touched so far plus the emulator's own ~80 MiB.
  const rss = Math.round(d.currentMemoryKiB * 0.45) + 81_188;
  const f: BalloonFigures = { current: d.currentMemoryKiB, maximum: d.memoryKiB, period, rss };
  const available = world.guestMemTotalKiB(vm);
  if (period > 0 && available !== null)
    f.guest = {
      available,
      unused: Math.round(available * 0.8),
      usable: Math.round(available * 0.77),
      minorFault: 6135 + (vm.domId ?? 0) * 17,
      diskCaches: 8704,
      lastUpdate: Math.floor(now / 1000) - ((vm.domId ?? 0) % period),
    };
  return f;
}
