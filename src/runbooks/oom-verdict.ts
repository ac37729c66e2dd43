/**
 * Pure judgement of OOM kills, apart from I/O so it can be table-tested: what kind of kill it was (the host ran
 * out and killed a VM's qemu, a cgroup limit was hit, the guest ran out) and how far the host's VMs exceed its
 * RAM. The explanation and the plan differ for each kind.
 */
import type { OomEvent } from '../parsers/types.ts';

export type KillKind =
  /** The KVM host ran out of memory (CONSTRAINT_NONE) and killed a VM's qemu: a host overcommit problem. */
  | 'host-oom-vm'
  /** A VM's qemu hit its cgroup's limit (CONSTRAINT_MEMCG): the limit is too small, the host is fine. */
  | 'memcg-vm'
  /** The host ran out and killed one of its own processes. */
  | 'host-oom'
  /** A host service hit its cgroup limit. */
  | 'host-memcg'
  /** The guest kernel ran out of the VM's memory. */
  | 'guest-oom'
  /** A container or service inside the guest hit its own limit; the VM's size is not the question. */
  | 'guest-memcg';

const QEMU = /^(qemu-kvm|qemu-system-|kvm$|CPU \d+\/KVM)/;

/** True when the victim is a VM's emulator: named by its cgroup scope, or by its process name. */
export function isQemuKill(e: OomEvent): boolean {
  return e.domain !== undefined || QEMU.test(e.victim.name);
}

/**
 * The kind of one kill. On a KVM host an old kernel that names no constraint is read as a host OOM (it printed
 * no memcg line); a cpuset/mempolicy ('node') kill is the host running out on part of its memory.
 */
export function kindOfKill(e: OomEvent, where: 'kvm' | 'guest'): KillKind {
  const memcg = e.scope === 'memcg';
  if (where === 'guest') return memcg ? 'guest-memcg' : 'guest-oom';
  if (isQemuKill(e)) return memcg ? 'memcg-vm' : 'host-oom-vm';
  return memcg ? 'host-memcg' : 'host-oom';
}

export interface HostOvercommit {
  ramKiB: number;
  /** Memory of the VMs the host held when it ran out: those running now plus those it killed. */
  vmKiB: number;
  /** vmKiB ÷ ramKiB. */
  share: number;
  /** CloudStack's memoryOvercommitRatio for the host's cluster, when known. */
  ratio?: number;
  /** What CloudStack lets itself place on the host: RAM × ratio. */
  allowedKiB?: number;
  /** The VMs' memory alone exceeds the RAM (before the host's own needs). */
  overRam: boolean;
  /** The ratio is above 1, so CloudStack itself placed more VM memory than the host has. */
  ratioAllowsOvercommit: boolean;
}

export function hostOvercommit(ramKiB: number, vmKiBs: number[], ratio?: number): HostOvercommit | undefined {
  if (!(ramKiB > 0)) return undefined;
  const vmKiB = vmKiBs.reduce((a, b) => a + b, 0);
  return {
    ramKiB,
    vmKiB,
    share: vmKiB / ramKiB,
    ...(ratio !== undefined ? { ratio, allowedKiB: Math.round(ramKiB * ratio) } : {}),
    overRam: vmKiB > ramKiB,
    ratioAllowsOvercommit: ratio !== undefined && ratio > 1,
  };
}
