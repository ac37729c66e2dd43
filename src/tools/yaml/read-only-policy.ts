/**
 * What an operator-defined (YAML) tool may run. YAML tools can never be `mutate`, and this allow-list makes
 * that true in practice: only programs that read, and for multi-purpose programs either their read
 * subcommands, a full read-only verb path (`ip`), or every argument checked against the options that write,
 * clear or execute. Checked at start-up on the template and again at run time on the final argv.
 * Every program names the global options that reach another host, load another root or config, read an
 * arbitrary file, or never return; the table is a Map so `constructor` or `__proto__` is no program.
 */
import { refusedPath } from './read-only-paths.ts';

interface ProgramRule {
  /** Allowed first arguments (subcommands). */
  subcommands?: string[];
  /** When set, every argument must be one of these. */
  onlyArgs?: string[];
  /**
   * Options that write, clear or execute, refused anywhere in argv: `-x` also inside a bundle (`-Tc`) and
   * `--name` also as `--name=value` or abbreviated (getopt_long accepts `--rot` for `--rotate`).
   */
  deny?: string[];
  /** Full-argv check for programs whose read verbs sit deeper than the first argument. */
  verbPath?: (args: string[], isAny: (a: string) => boolean) => string | null;
  /** Every non-option argument must be a path under these prefixes (files that are safe to read). */
  pathPrefixes?: string[];
  /** Options whose next argument is a count (`tail -n 200`), so that number is not read as a file name. */
  countOptions?: string[];
  /** Text refused inside any argument (virsh reads ";" as a command separator). */
  forbidText?: string[];
}

const LOG_PATHS = ['/proc/', '/sys/', '/var/log/'];

const IP_OPTIONS = ['-s', '-d', '-j', '-p', '-o', '-br', '-4', '-6'];
const IP_OBJECTS = ['addr', 'address', 'link', 'route', 'neigh', 'rule'];
const IP_VERBS = ['show', 'list'];

/** `ip [read options] <object> [show|list [filters...]]`: anything else (`flush`, `set`, `del`, `-batch`) is refused. */
function ipVerbPath(args: string[], isAny: (a: string) => boolean): string | null {
  let i = 0;
  while (i < args.length && (IP_OPTIONS.includes(args[i] as string) || isAny(args[i] as string))) i++;
  const object = args[i];
  if (object === undefined || (!IP_OBJECTS.includes(object) && !isAny(object)))
    return `"ip ${args.join(' ')}" is not a read-only form (options ${IP_OPTIONS.join(' ')}, then one of ${IP_OBJECTS.join(', ')}, then nothing or ${IP_VERBS.join('/')})`;
  const verb = args[i + 1];
  if (verb !== undefined && !IP_VERBS.includes(verb) && !isAny(verb))
    return `"ip ${object} ${verb}" is not a read-only subcommand (allowed: nothing, ${IP_VERBS.join(', ')})`;
  return null;
}

// Following a file never ends: the tool would only ever time out.
const FOLLOW = ['-f', '-F', '--follow', '--retry', '--pid'];
// head/tail options whose value is a number of lines or bytes.
const COUNT_OPTIONS = ['-n', '-c', '--lines', '--bytes'];

const RULES = new Map<string, ProgramRule>(
  Object.entries({
    cat: { pathPrefixes: LOG_PATHS, deny: [] }, // none: the paths are what matters
    head: { pathPrefixes: LOG_PATHS, deny: [], countOptions: COUNT_OPTIONS },
    tail: { pathPrefixes: LOG_PATHS, deny: FOLLOW, countOptions: COUNT_OPTIONS },
    journalctl: {
      deny: [
        '--file', // any file, read as a journal
        '-D',
        '--directory',
        '--root',
        '--image', // mounts a disk image
        '-M',
        '--machine',
        '-f',
        '--follow',
        '--vacuum-size',
        '--vacuum-files',
        '--vacuum-time',
        '--rotate',
        '--flush',
        '--sync',
        '--relinquish-var',
        '--smart-relinquish-var',
        '--setup-keys',
        '--update-catalog',
        '--cursor-file', // writes the last cursor to the named file
      ],
    },
    dmesg: {
      deny: [
        '-F', // reads any file as a kernel log
        '--file',
        '-w',
        '-W',
        '--follow',
        '--follow-new',
        '-c',
        '-C',
        '--clear',
        '--read-clear',
        '-n',
        '--console-level',
        '-D',
        '--console-off',
        '-E',
        '--console-on',
      ],
    },
    df: { deny: [] }, // none: df only reads mount tables
    free: { deny: ['-s', '--seconds', '-c', '--count'] }, // repeat until killed
    uptime: { deny: [] }, // none
    uname: { deny: [] }, // none
    lsblk: { deny: ['--sysroot'] },
    findmnt: { deny: ['-F', '--tab-file', '-p', '--poll', '-w', '--timeout'] },
    nfsstat: { deny: ['-z', '--zero', '-Z', '--sleep'] },
    showmount: { deny: [] }, // none: it only queries the NFS server named

    crm_mon: {
      deny: [
        '--output-to',
        '--as-html',
        '-h',
        '-d',
        '--daemonize',
        '-E',
        '--external-agent',
        '-e',
        '--external-recipient',
        '-w',
        '--web-cgi',
        '-i', // with an interval and without -1 it never returns
        '--interval',
      ],
    },
    'corosync-quorumtool': { onlyArgs: ['-s', '-l', '-p', '-i', '-H'] },
    'corosync-cfgtool': { onlyArgs: ['-s', '-n'] },
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
      // Global options (another, possibly remote, libvirt; a log file it writes), secrets in dumpxml
      // (--security-info prints VNC/SPICE passwords), and ";" which chains a second virsh command.
      deny: [
        '-c',
        '--connect',
        '-l',
        '--log',
        '-k',
        '--keepalive-interval',
        '-K',
        '--keepalive-count',
        '-e',
        '--escape',
        '--security-info',
      ],
      forbidText: [';'],
    },
    drbdadm: {
      subcommands: ['status', 'dstate', 'cstate', 'role', 'dump', 'show-gi', 'get-gi'],
      // These name the programs drbdadm executes, or pass options through to drbdsetup.
      // `-c` reads another config file (whose lines its errors quote).
      deny: [
        '-s',
        '--drbdsetup',
        '-m',
        '--drbdmeta',
        '-p',
        '--drbd-proxy-ctl',
        '-W',
        '--setup-option',
        '-c',
        '--config-file',
        '--config-to-test',
      ],
    },
    drbdsetup: { subcommands: ['status', 'events2', 'show'], deny: [] }, // only the subcommands matter
    pcs: {
      subcommands: ['status'],
      // `-f FILE` works on a CIB file and creates it when missing: a file write anywhere.
      deny: ['-f', '--corosync_conf', '--booth-conf', '--booth-key'],
    },
    systemctl: {
      subcommands: ['status', 'is-active', 'is-failed', 'is-enabled', 'show', 'list-units'],
      // -H/--host runs ssh to a host of the caller's choosing; -M another machine; --root/--image another tree.
      deny: ['-H', '--host', '-M', '--machine', '--root', '--image', '--global', '--user'],
    },
    ip: { verbPath: ipVerbPath },
    // --diag dumps raw socket data into a file; -F reads the filter from any file.
    ss: { deny: ['-K', '--kill', '-D', '--diag', '-F', '--filter'] },
    // -m: every argument is a command; -h: another chronyd; -f: another config.
    chronyc: { subcommands: ['tracking', 'sources', 'sourcestats'], deny: ['-m', '-h', '-f'] },
  }),
);

export const allowedPrograms = (): string[] => [...RULES.keys()];

/** The denied option `arg` spells, if any (exact, `--opt=value`, a getopt_long abbreviation, or inside `-abc`). */
function deniedOption(arg: string, deny: string[]): string | undefined {
  if (arg.startsWith('--')) {
    const name = arg.slice(2).split('=')[0] ?? '';
    if (name === '') return undefined;
    return deny.find((d) => d.startsWith('--') && d.slice(2).startsWith(name));
  }
  if (arg.startsWith('-')) return deny.find((d) => /^-[^-]$/.test(d) && arg.slice(1).includes(d.slice(1)));
  return undefined;
}

/** Returns why an argv is refused, or null when allowed. At load time `{param}` placeholders are skipped. */
export function checkReadOnlyArgv(argv: string[], atRunTime: boolean): string | null {
  const [program, ...args] = argv;
  const name = program?.split('/').pop() ?? '';
  const rule = RULES.get(name);
  if (!program || !rule)
    return `program "${program ?? ''}" is not on the read-only allow-list (${allowedPrograms().join(', ')})`;
  if (program.includes('/') && !/^\/(usr\/)?s?bin\/[A-Za-z0-9._-]+$/.test(program))
    return `program path "${program}" must be in /bin, /sbin, /usr/bin or /usr/sbin`;
  const isAny = (a: string): boolean => !atRunTime && a.includes('{');
  const checked = args.filter((a) => !isAny(a));
  const first = args[0];
  if (rule.subcommands) {
    if (first === undefined) return `${name} needs one of: ${rule.subcommands.join(', ')}`;
    if (!isAny(first) && !rule.subcommands.includes(first))
      return `"${name} ${first}" is not a read-only subcommand (allowed: ${rule.subcommands.join(', ')})`;
  }
  if (rule.onlyArgs) {
    const bad = checked.find((a) => !rule.onlyArgs?.includes(a));
    if (bad !== undefined) return `${name} may only be given ${rule.onlyArgs.join(' ')} (got "${bad}")`;
  }
  if (rule.deny) {
    for (const a of checked) {
      const hit = deniedOption(a, rule.deny);
      if (hit)
        return `"${a}" (${hit}) writes, clears or executes: ${name} may not be given ${rule.deny.join(' ')}`;
    }
  }
  if (rule.verbPath) {
    const why = rule.verbPath(args, isAny);
    if (why) return why;
  }
  if (rule.forbidText) {
    const bad = checked.find((a) => rule.forbidText?.some((t) => a.includes(t)));
    if (bad !== undefined)
      return `${name} arguments may not contain ${rule.forbidText.join(' ')} (got "${bad}")`;
  }
  if (rule.pathPrefixes) {
    // A bare number is a file name (`cat 5` reads ./5) unless it is the value of a count option, and after
    // "--" every argument is a file name, even "-x": neither may slip past as "not a path".
    let operands = false;
    for (let k = 0; k < args.length; k++) {
      const a = args[k] as string;
      const isCount = rule.countOptions?.includes(args[k - 1] ?? '') === true && /^\+?\d+$/.test(a);
      if (isAny(a) || (!operands && isCount)) continue;
      if (!operands && a === '--') operands = true;
      else if (operands || !a.startsWith('-')) {
        const why = refusedPath(a, rule.pathPrefixes);
        if (why) return `${name}: ${why}`;
      }
    }
  }
  return null;
}
