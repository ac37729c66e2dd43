/** Command-line flags of the fleet-audit benchmark, validated up front so a typo fails before sshd starts. */
import { parseArgs } from 'node:util';

export const METHOD_IDS = ['bot', 'seq', 'xargs', 'pssh', 'cm', 'ansible'] as const;
export type MethodId = (typeof METHOD_IDS)[number];

export interface BenchArgs {
  hosts: number;
  vms: number;
  runs: number;
  methods: MethodId[];
  /** The bot's globalConcurrency (the config default is 64). */
  botConcurrency: number;
  /** Parallelism for xargs and parallel-ssh. */
  parallel: number;
  /** Ansible forks. */
  forks: number;
  /** Extra warm bot sweeps after the runs, to see whether RSS stays flat (0 = skip). */
  sweeps: number;
  /** apt-get install missing openssh-server, pssh, ansible (default on; --no-install to skip). */
  install: boolean;
  /** The bot's `ssh.persistentSession` (default on; --bot-exec = a fresh exec channel per command, as before). */
  botReader: boolean;
}

export const USAGE = `usage: node bench/fleet-audit.ts [--hosts 100] [--vms 20] [--runs 5]
       [--methods ${METHOD_IDS.join(',')}] [--bot-concurrency 64] [--parallel 100] [--forks 50] [--sweeps 20] [--no-install] [--bot-exec]`;

function int(name: string, raw: string | undefined, def: number, min: number, max: number): number {
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${name} must be an integer ${min}..${max}`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      hosts: { type: 'string' },
      vms: { type: 'string' },
      runs: { type: 'string' },
      methods: { type: 'string' },
      'bot-concurrency': { type: 'string' },
      parallel: { type: 'string' },
      forks: { type: 'string' },
      sweeps: { type: 'string' },
      'no-install': { type: 'boolean' },
      'bot-exec': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const methods = (values.methods ?? METHOD_IDS.join(',')).split(',').map((m) => m.trim());
  for (const m of methods) {
    if (!(METHOD_IDS as readonly string[]).includes(m))
      throw new Error(`unknown method "${m}"; known: ${METHOD_IDS.join(', ')}`);
  }
  return {
    hosts: int('hosts', values.hosts, 100, 1, 5000),
    vms: int('vms', values.vms, 20, 1, 500),
    runs: int('runs', values.runs, 5, 1, 50),
    methods: methods as MethodId[],
    botConcurrency: int('bot-concurrency', values['bot-concurrency'], 64, 1, 1000),
    parallel: int('parallel', values.parallel, 100, 1, 1000),
    forks: int('forks', values.forks, 50, 1, 1000),
    sweeps: int('sweeps', values.sweeps, 20, 0, 200),
    install: !values['no-install'],
    botReader: !values['bot-exec'],
  };
}
