/**
 * The operators' own tools against the same fleet: a sequential ssh loop, xargs -P, parallel-ssh, Ansible and
 * OpenSSH ControlMaster, running the same one command per host as fleet_memory_audit. Each result is checked host by host; a tool that lost hosts says so.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type Finished, runTimed } from './children.ts';
import type { ClientFiles } from './client-config.ts';
import { isCompleteAnswer } from './fake-outputs.ts';
import { AUDIT_LINE as COMBINED_LINE } from './responder.ts';
import type { Toolset } from './tools.ts';

export interface MethodRun {
  ok: number;
  wallMs: number;
  /** Why hosts were lost, if any ("exit 123", "timeout", …). */
  problem?: string;
}

export interface OpenSshContext {
  tools: Toolset;
  files: ClientFiles;
  hosts: string[];
  vms: number;
  parallel: number;
  forks: number;
  /** Scratch directory for per-host output files; emptied after each run. */
  workDir: string;
  timeoutMs: number;
  /** Joins each spawned client to the CPU-accounting cgroup (identity when none). */
  wrap?: (argv: string[]) => string[];
}

function problemOf(f: Finished): string | undefined {
  if (f.timedOut) return 'timed out';
  if (f.code !== 0) return `exit ${f.code ?? f.signal}`;
  return undefined;
}

/** Counts hosts whose output file holds a complete answer, then removes the files. */
function countFiles(dir: string, hosts: string[], vms: number): number {
  const present = new Set(readdirSync(dir));
  const ok = hosts.filter(
    (h) => present.has(h) && isCompleteAnswer(readFileSync(path.join(dir, h), 'utf8'), vms),
  );
  rmSync(dir, { recursive: true, force: true });
  return ok.length;
}

/** Splits a tool's combined report at each per-host header (named groups h, s) and counts complete successes. */
function countBlocks(text: string, header: RegExp, success: string, vms: number): number {
  const ok = new Set<string>();
  const starts = [...text.matchAll(header)];
  starts.forEach((m, i) => {
    const block = text.slice(m.index, starts[i + 1]?.index ?? text.length);
    if (m.groups?.s === success && isCompleteAnswer(block, vms)) ok.add(m.groups.h ?? '');
  });
  return ok.size;
}

function report(f: Finished, ok: number): MethodRun {
  const problem = problemOf(f);
  return { ok, wallMs: f.wallMs, ...(problem ? { problem } : {}) };
}

export async function sequentialSsh(c: OpenSshContext, run: number): Promise<MethodRun> {
  const out = path.join(c.workDir, `seq-${run}`);
  mkdirSync(out, { recursive: true });
  // Host names and paths travel as positional parameters: the script text itself is constant.
  const script =
    'cfg=$1 out=$2 cmd=$3; shift 3; for h in "$@"; do ssh -F "$cfg" "$h" "$cmd" > "$out/$h"; done';
  const f = await runTimed(
    ['/bin/sh', '-c', script, 'sh', c.files.sshConfig, out, COMBINED_LINE, ...c.hosts],
    opts(c),
  );
  // The loop's own exit status is the last ssh's; lost hosts show up as missing or short files.
  return report({ ...f, code: 0 }, countFiles(out, c.hosts, c.vms));
}

const opts = (c: OpenSshContext) => ({ timeoutMs: c.timeoutMs, ...(c.wrap ? { wrap: c.wrap } : {}) });

/** `config` picks plain connections or the ControlMaster config (sessions ride each host's open master). */
export async function xargsSsh(
  c: OpenSshContext,
  run: number,
  config = c.files.sshConfig,
): Promise<MethodRun> {
  const out = path.join(c.workDir, `xargs-${run}`);
  mkdirSync(out, { recursive: true });
  // `exec` leaves just the ssh process per host; the redirect keeps 100 outputs from interleaving in one pipe.
  const script = 'exec ssh -F "$0" "$3" "$1" > "$2/$3"';
  const argv = [c.tools.xargs ?? 'xargs', '-a', c.files.hostsFile, '-P', String(c.parallel), '-n', '1'];
  const f = await runTimed([...argv, '/bin/sh', '-c', script, config, COMBINED_LINE, out], opts(c));
  return report(f, countFiles(out, c.hosts, c.vms));
}

/** Opens one background ControlMaster per host (`ssh -fN`); ok counts the control sockets that appeared. */
export async function openMasters(c: OpenSshContext): Promise<MethodRun> {
  const argv = [c.tools.xargs ?? 'xargs', '-a', c.files.hostsFile, '-P', String(c.parallel), '-n', '1'];
  const f = await runTimed([...argv, 'ssh', '-F', c.files.sshConfigCm, '-fN'], opts(c));
  const sockets = new Set(readdirSync(path.dirname(controlPath(c, 'x'))));
  return report(f, c.hosts.filter((h) => sockets.has(h)).length);
}

/** Asks every master to exit (`ssh -O exit`); leftovers are killed by pid through the cgroup at cleanup. */
export async function closeMasters(c: OpenSshContext): Promise<void> {
  const argv = [c.tools.xargs ?? 'xargs', '-a', c.files.hostsFile, '-P', String(c.parallel), '-n', '1'];
  await runTimed([...argv, 'ssh', '-F', c.files.sshConfigCm, '-O', 'exit'], opts(c));
}

function controlPath(c: OpenSshContext, host: string): string {
  return path.join(path.dirname(c.files.sshConfigCm), 'cm', host);
}

const PSSH_HEADER = /^\[\d+\] \d\d:\d\d:\d\d \[(?<s>SUCCESS|FAILURE)\] (?<h>\S+)/gm;
const ANSIBLE_HEADER = /^(?<h>\S+) \| (?<s>CHANGED|SUCCESS|FAILED|UNREACHABLE!)/gm;

export async function parallelSsh(c: OpenSshContext): Promise<MethodRun> {
  const prog = c.tools.parallelSsh ?? 'parallel-ssh';
  const timeoutS = String(Math.ceil(c.timeoutMs / 1000));
  // pssh joins its trailing words into the remote command; ours is one constant argv element.
  const f = await runTimed(
    [prog, '-h', c.files.hostsFile, '-p', String(c.parallel), '-i', '-t', timeoutS].concat([
      '-x',
      `-F ${c.files.sshConfig}`,
      COMBINED_LINE,
    ]),
    { ...opts(c), timeoutMs: c.timeoutMs + 5000 },
  );
  return report(f, countBlocks(f.stdout, PSSH_HEADER, 'SUCCESS', c.vms));
}

export async function ansibleRaw(c: OpenSshContext): Promise<MethodRun> {
  const prog = c.tools.ansible ?? 'ansible';
  const env = {
    ...process.env,
    ANSIBLE_CONFIG: c.files.ansibleCfg,
    ANSIBLE_HOME: c.files.ansibleHome,
    ANSIBLE_NOCOLOR: '1',
  };
  const f = await runTimed([prog, 'kvm', '-m', 'raw', '-a', COMBINED_LINE, '-f', String(c.forks)], {
    ...opts(c),
    env,
  });
  // raw reports a zero exit as CHANGED (it cannot know whether the command changed anything).
  return report(f, countBlocks(f.stdout, ANSIBLE_HEADER, 'CHANGED', c.vms));
}
