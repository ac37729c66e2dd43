/**
 * How CloudStack sizes a KVM domain's memory at start, following its source
 * (shared notes §1.2–1.3: HypervisorGuruBase.toVirtualMachineTO, KVMGuru, LibvirtComputingResource).
 * The lab uses it so that a setting change shows only after a VM's stop/start, as in production.
 */
import { compareVersions } from '../core/versions.ts';

export { compareVersions };

export interface MemoryInputs {
  /** CloudStack version, e.g. "4.18.1". */
  version: string;
  offeringMiB: number;
  /** Cluster memoryOvercommitRatio. */
  ratio: number;
  /** Effective vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor for the VM's cluster. */
  divideByRatio: boolean;
  /** KVM agent.properties vm.memballoon.disable. */
  memballoonDisable: boolean;
}

export interface DomainMemory {
  /** libvirt <memory> (what `virsh dominfo` calls "Max memory"). */
  memoryKiB: number;
  /** libvirt <currentMemory>: the balloon target at boot. */
  currentMemoryKiB: number;
  /** libvirt <maxMemory slots='16'> (hot-plug ceiling), when present. */
  maxMemoryKiB: number | null;
  balloonModel: 'virtio' | 'none';
}

export function computeDomainMemory(m: MemoryInputs): DomainMemory {
  const maxKiB = m.offeringMiB * 1024;
  // Before 4.16 the division was unconditional; the setting only exists from 4.16.0.
  const divide = compareVersions(m.version, '4.16.0') < 0 ? true : m.divideByRatio;
  const minKiB = divide && m.ratio > 1 ? Math.floor(m.offeringMiB / m.ratio) * 1024 : maxKiB;
  const balloonModel = m.memballoonDisable ? 'none' : 'virtio';

  if (compareVersions(m.version, '4.16.0') < 0) {
    // <=4.15: <memory>=max, <currentMemory>=min when ballooning; the balloon then shrinks the guest.
    const current = m.memballoonDisable ? maxKiB : minKiB;
    return { memoryKiB: maxKiB, currentMemoryKiB: current, maxMemoryKiB: null, balloonModel };
  }
  if (compareVersions(m.version, '4.18.1') < 0) {
    // 4.16.0–4.18.0: KVMGuru overwrote maxRam with minRam for fixed offerings; memballoon.disable cannot help.
    return { memoryKiB: minKiB, currentMemoryKiB: minKiB, maxMemoryKiB: null, balloonModel };
  }
  // 4.18.1+: <memory>=<currentMemory>=current; <maxMemory> only when the offering is larger.
  const current = m.memballoonDisable ? maxKiB : minKiB;
  return {
    memoryKiB: current,
    currentMemoryKiB: current,
    maxMemoryKiB: maxKiB > current ? maxKiB : null,
    balloonModel,
  };
}

/**
 * The guest kernel's MemTotal for a given balloon size: what it keeps for itself grows slowly with RAM.
 * Fitted to the LAB fixtures: 3145728 KiB -> 2976964 kB, 6291456 KiB -> 6067392 kB.
 */
export function guestMemTotalKiB(balloonKiB: number): number {
  const reserved = 113_464 + 0.017_58 * balloonKiB;
  return Math.round(balloonKiB - reserved);
}
