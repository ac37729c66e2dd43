/**
 * What an operator-defined (YAML) tool may run. YAML tools can never be `mutate`, and this allow-list makes
 * that true in practice: only programs that read, and for multi-purpose programs only their read subcommands.
 * Checked at start-up on the template and again at run time on the final argv.
 */

interface ProgramRule {
  /** Allowed first arguments (subcommands); undefined = any arguments. */
  subcommands?: string[];
  /** Every non-option argument must be a path under these prefixes (files that are safe to read). */
  pathPrefixes?: string[];
}

const LOG_PATHS = ['/proc/', '/sys/', '/var/log/'];

const RULES: Record<string, ProgramRule> = {
  cat: { pathPrefixes: LOG_PATHS },
  head: { pathPrefixes: LOG_PATHS },
  tail: { pathPrefixes: LOG_PATHS },
  journalctl: {},
  dmesg: {},
  df: {},
  free: {},
  uptime: {},
  uname: {},
  lsblk: {},
  findmnt: {},
  nfsstat: {},
  showmount: {},
  crm_mon: {},
  'corosync-quorumtool': { subcommands: ['-s', '-l'] },
  'corosync-cfgtool': { subcommands: ['-s'] },
  virsh: {
    subcommands: [
      'list',
      'dominfo',
      'domstats',
      'dumpxml',
      'dommemstat',
      'domblklist',
      'domiflist',
      'domblkinfo',
      'nodeinfo',
      'nodememstats',
      'capabilities',
      'pool-list',
      'vol-list',
      'version',
    ],
  },
  drbdadm: { subcommands: ['status', 'dstate', 'cstate', 'role', 'dump', 'show-gi', 'get-gi'] },
  drbdsetup: { subcommands: ['status', 'events2', 'show'] },
  pcs: { subcommands: ['status'] },
  systemctl: { subcommands: ['status', 'is-active', 'is-failed', 'is-enabled', 'show', 'list-units'] },
  ip: { subcommands: ['addr', 'link', 'route', '-s', '-br'] },
  ss: {},
  chronyc: { subcommands: ['tracking', 'sources', 'sourcestats'] },
};

export const allowedPrograms = (): string[] => Object.keys(RULES);

/** Returns why an argv is refused, or null when allowed. At load time `{param}` placeholders are skipped. */
export function checkReadOnlyArgv(argv: string[], atRunTime: boolean): string | null {
  const [program, ...args] = argv;
  const name = program?.split('/').pop() ?? '';
  const rule = RULES[name];
  if (!program || !rule)
    return `program "${program ?? ''}" is not on the read-only allow-list (${allowedPrograms().join(', ')})`;
  if (program.includes('/') && !/^\/(usr\/)?s?bin\/[A-Za-z0-9._-]+$/.test(program))
    return `program path "${program}" must be in /bin, /sbin, /usr/bin or /usr/sbin`;
  const first = args[0];
  if (rule.subcommands) {
    if (first === undefined) return `${name} needs one of: ${rule.subcommands.join(', ')}`;
    if ((atRunTime || !first.includes('{')) && !rule.subcommands.includes(first))
      return `"${name} ${first}" is not a read-only subcommand (allowed: ${rule.subcommands.join(', ')})`;
  }
  if (rule.pathPrefixes) {
    for (const a of args) {
      if (a.startsWith('-') || /^\d+$/.test(a) || (!atRunTime && a.includes('{'))) continue;
      if (!rule.pathPrefixes.some((p) => a.startsWith(p)) || a.split('/').includes('..'))
        return `${name} may only read files under ${rule.pathPrefixes.join(', ')} (got "${a}")`;
    }
  }
  return null;
}
