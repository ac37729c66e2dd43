/**
 * The operators' own tools against the same fleet: a sequential ssh loop, xargs -P, parallel-ssh and Ansible,
 * one combined command per host. Each result is checked host by host; a tool that lost hosts says so.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type Finished, runTimed } from './children.ts';
import type { ClientFiles } from './client-config.ts';
import { isCompleteAnswer } from './fake-outputs.ts';
import { COMBINED_LINE } from './responder.ts';
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
    {
      timeoutMs: c.timeoutMs,
    },
  );
  // The loop's own exit status is the last ssh's; lost hosts show up as missing or short files.
  return report({ ...f, code: 0 }, countFiles(out, c.hosts, c.vms));
}

export async function xargsSsh(c: OpenSshContext, run: number): Promise<MethodRun> {
  const out = path.join(c.workDir, `xargs-${run}`);
  mkdirSync(out, { recursive: true });
  // `exec` leaves just the ssh process per host; the redirect keeps 100 outputs from interleaving in one pipe.
  const script = 'exec ssh -F "$0" "$3" "$1" > "$2/$3"';
  const argv = [c.tools.xargs ?? 'xargs', '-a', c.files.hostsFile, '-P', String(c.parallel), '-n', '1'];
  const f = await runTimed([...argv, '/bin/sh', '-c', script, c.files.sshConfig, COMBINED_LINE, out], {
    timeoutMs: c.timeoutMs,
  });
  return report(f, countFiles(out, c.hosts, c.vms));
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
    { timeoutMs: c.timeoutMs + 5000 },
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
    env,
    timeoutMs: c.timeoutMs,
  });
  // raw reports a zero exit as CHANGED (it cannot know whether the command changed anything).
  return report(f, countBlocks(f.stdout, ANSIBLE_HEADER, 'CHANGED', c.vms));
}
