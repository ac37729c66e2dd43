/**
 * Pure cross-check of one VM's memory at every layer: offering (API) → libvirt → balloon → guest.
 * Kept apart from I/O so the audit, the single-VM tool and the runbook judge VMs the same way.
 */

export interface VmMemoryLayers {
  vm: string;
  instanceName: string;
  host: string;
  cluster?: string;
  offeringMiB: number;
  /** API memorykbs: libvirt <memory> as the agent last reported it. */
  apiMemoryKiB?: number;
  /** virsh domstats balloon.maximum (= <memory>). */
  libvirtMaxKiB?: number;
  /** virsh domstats balloon.current. */
  balloonKiB?: number;
  /** Guest MemTotal: balloon.available or the guest's own /proc/meminfo. */
  guestKiB?: number;
  guestSource?: 'balloon-stats' | 'guest-ssh';
}

export type Verdict = 'full' | 'capped' | 'unknown';

export interface VmMemoryVerdict extends VmMemoryLayers {
  verdict: Verdict;
  /** Fraction of the offering the VM really has (balloon, else libvirt, else API), 0..1. */
  ratio?: number;
}

// The guest kernel reserves a few percent; libvirt figures are exact. 2% tolerance avoids false alarms.
const TOLERANCE = 0.98;

export function judgeVmMemory(l: VmMemoryLayers): VmMemoryVerdict {
  const offeringKiB = l.offeringMiB * 1024;
  const effective = l.balloonKiB ?? l.libvirtMaxKiB ?? l.apiMemoryKiB;
  if (effective === undefined || offeringKiB <= 0) return { ...l, verdict: 'unknown' };
  const ratio = effective / offeringKiB;
  return { ...l, verdict: ratio < TOLERANCE ? 'capped' : 'full', ratio };
}

/** "50%" — rounded so that 0.4999 and 0.5 read the same. */
export const percent = (r: number): string => `${Math.round(r * 100)}%`;
