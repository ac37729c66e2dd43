/**
 * What an OOM kill's cgroup says: which limit was hit (memcg kill vs the host running out), and which libvirt
 * domain a qemu process belonged to, from its systemd scope (`machine-qemu\x2d7\x2di\x2d2\x2d35\x2dVM.scope`)
 * or the cgroup v1 layout without systemd (`/machine/i-2-35-VM.libvirt-qemu`).
 */

/** host: the whole machine ran out (CONSTRAINT_NONE); memcg: a cgroup's limit; node: a cpuset/mempolicy node set. */
export type OomScope = 'host' | 'memcg' | 'node' | 'unknown';

export function scopeOfConstraint(constraint: string | undefined): OomScope | undefined {
  switch (constraint) {
    case 'CONSTRAINT_NONE':
      return 'host';
    case 'CONSTRAINT_MEMCG':
      return 'memcg';
    case 'CONSTRAINT_CPUSET':
    case 'CONSTRAINT_MEMORY_POLICY':
      return 'node';
    default:
      return undefined;
  }
}

/** systemd unit-name escapes (`\x2d` = "-") decoded; other text kept as printed. */
function unescapeUnit(s: string): string {
  return s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

/**
 * The libvirt domain named by a cgroup path, or undefined. libvirt ≥ 1.3 names the scope
 * `machine-qemu-<id>-<name>.scope` (older: `machine-qemu-<name>.scope`); long names may be shortened by libvirt,
 * which CloudStack's `i-N-M-VM` names never are.
 */
export function domainFromCgroup(path: string | undefined): string | undefined {
  if (!path) return undefined;
  for (const raw of path.split('/')) {
    const seg = unescapeUnit(raw);
    if (seg.startsWith('machine-qemu-') && seg.endsWith('.scope')) {
      const body = seg.slice('machine-qemu-'.length, -'.scope'.length);
      const dash = body.indexOf('-');
      const name = dash > 0 && /^\d+$/.test(body.slice(0, dash)) ? body.slice(dash + 1) : body;
      return name || undefined;
    }
    if (seg.endsWith('.libvirt-qemu')) return seg.slice(0, -'.libvirt-qemu'.length) || undefined;
  }
  return undefined;
}
