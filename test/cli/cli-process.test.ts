/**
 * The CLI as operators meet it: a child process on a terminal (pty) and on pipes. Help without side effects,
 * tools without a config, the progress line only on a terminal, no escape codes when piped or with NO_COLOR,
 * exit codes 0/1/2/3, and bash completion driven through bash itself.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { startLab } from '../../src/lab/start-lab.ts';
import { BIN, cleanEnv, runCli, runCliOnPty } from '../helpers/cli-process.ts';

const ESC = '\x1b[';
const PROGRESS = /hosts \d+\/\d+ · \d+ failed · \d+\.\ds/;

// Child processes are slow on a loaded machine (several seconds each): generous per-test limits.
describe('cloudops as a child process', { timeout: 180_000 }, () => {
  it('--version prints the package.json version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    const r = await runCli(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `cloudops ${pkg.version}\n`, stderr: '' });
  });

  it('tools lists every tool and its arguments with no config at all', async () => {
    const r = await runCli(['tools']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fleet_memory_audit +Audits memory/m);
    expect(r.stdout).toMatch(/^ +--vm TEXT$/m);
    expect(r.stdout).toMatch(/^stop_vm +\[needs approval\]/m);
    expect(r.stderr).toBe('');
  });

  it('lab --help prints help and exits 0 instead of starting a lab', async () => {
    const r = await runCli(['lab', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: cloudops lab \[--scenario NAME\|FILE\]/);
    expect(r.stdout).not.toContain('is up');
  });

  it('tool <name> --help shows the arguments from the zod schema: types, enums, bounds, risk', async () => {
    const r = await runCli(['tool', 'restart_host_service', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: cloudops tool restart_host_service --host TEXT --unit /m);
    expect(r.stdout).toContain('--unit cloudstack-agent|libvirtd');
    expect(r.stdout).toMatch(/risk: mutate — changes the cloud: needs one approval/);
    const logs = await runCli(['tool', 'management_log', '--help']);
    expect(logs.stdout).toMatch(/--lines N .*\(default \d+, 1\.\.\d+\)/);
  });

  it('lab --list shows each scenario with its description', async () => {
    const r = await runCli(['lab', '--list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^memory-cap\n {2}The seed's incident\./m);
    expect(r.stdout).toMatch(/^healthy\n {2}Nothing is wrong/m);
  });

  it('shows the fan-out progress line on a terminal only, and never with --quiet or --json', async () => {
    const tty = await runCliOnPty(['tool', 'fleet_memory_audit', '--lab', 'memory-cap']);
    expect(tty.code).toBe(1);
    expect(tty.output).toMatch(PROGRESS);
    // Rewritten in place: carriage return + clear line, and cleared before the report.
    expect(tty.output).toContain(`\r${ESC}2Khosts `);
    expect(tty.output).toMatch(/\r\x1b\[2K5 of 5 running VMs/);

    const piped = await runCli(['tool', 'fleet_memory_audit', '--lab', 'memory-cap']);
    expect(piped.code).toBe(1);
    expect(piped.stdout).toContain('5 of 5 running VMs');
    expect(piped.stderr).toBe('');

    for (const flag of ['--quiet', '--json']) {
      const r = await runCliOnPty(['tool', 'fleet_memory_audit', '--lab', 'memory-cap', flag]);
      expect(r.code).toBe(1);
      expect(r.output).not.toMatch(/hosts \d+\//);
    }
  });

  it('colours a terminal, never a pipe, NO_COLOR or --no-color; FORCE_COLOR forces it', async () => {
    expect((await runCliOnPty(['tools'])).output).toContain(ESC);
    expect((await runCliOnPty(['tools'], cleanEnv({ NO_COLOR: '1' }))).output).not.toContain(ESC);
    expect((await runCli(['tools'])).stdout).not.toContain(ESC);
    // The same rule in-process, where a terminal can be claimed without a pty.
    const tty = (env: NodeJS.ProcessEnv, argv: string[] = []) => {
      const out: string[] = [];
      const io: CliIo = { out: (t) => out.push(t), err: () => {}, env, outIsTty: true };
      return main(['tools', ...argv], io).then(() => out.join('\n'));
    };
    expect(await tty({ TERM: 'xterm' })).toContain(ESC);
    expect(await tty({ TERM: 'xterm' }, ['--no-color'])).not.toContain(ESC);
    expect(await tty({ TERM: 'dumb' })).not.toContain(ESC);
    expect(await tty({ TERM: 'xterm', NO_COLOR: '1', FORCE_COLOR: '1' })).not.toContain(ESC);
    expect((await runCli(['tools'], cleanEnv({ FORCE_COLOR: '1' }))).stdout).toContain(ESC);
  });

  it.each([
    [0, ['diagnose', 'storage', '--lab', 'healthy'], /No problem found/],
    [1, ['diagnose', 'storage', '--lab', 'storage-node-offline'], /nfs02 OFFLINE/],
    [2, ['frobnicate'], /unknown command "frobnicate"/],
    [2, ['diagnose', 'nope', '--lab', 'memory-cap'], /no VM named "nope"/],
    [3, ['tool', 'agent_log', '--lab', 'memory-cap'], /agent_log failed on every kvm host/],
  ])('exits %i for %j, on one line and without a stack', async (code, args, text) => {
    const r = await runCli(args);
    expect(r.code).toBe(code);
    expect(`${r.stdout}${r.stderr}`).toMatch(text);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    if (code >= 2) expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a closed pipe (cloudops tools | head -1) ends quietly, not with an EPIPE stack', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" lab --list | head -1`],
      { env: cleanEnv() },
    );
    expect(stdout.trim()).toMatch(/^[a-z0-9-]+$/);
    expect(stderr).toBe('');
  });
});

describe('shell completion', { timeout: 120_000 }, () => {
  let dir: string;
  let config: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cloudops-completion-'));
    // A `cloudops` on PATH, as after `npm install -g`; the completion script calls it back.
    await writeFile(join(dir, 'cloudops'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    await chmod(join(dir, 'cloudops'), 0o755);
    // A config with a real environment name to complete (the lab's config stays valid after it stops).
    const lab = await startLab({ scenario: 'healthy', dir: join(dir, 'lab') });
    config = lab.configPath;
    await lab.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** What bash offers after typing `words` (the last one partial), through the script `completion bash` prints. */
  async function complete(words: string[], env: Record<string, string> = {}): Promise<string[]> {
    const script = [
      'source <(cloudops completion bash)',
      `COMP_WORDS=(cloudops ${words.map((w) => `'${w}'`).join(' ')})`,
      `COMP_CWORD=${words.length}`,
      '_cloudops',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash expansion, not a template
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const { stdout } = await promisify(execFile)('bash', ['-c', script], {
      env: cleanEnv({ PATH: `${dir}:${process.env.PATH}`, ...env }),
    });
    return stdout.split('\n').filter(Boolean);
  }

  /** The same protocol in-process (what the scripts call): every word after `cloudops`, the partial one last. */
  async function ask(words: string[], env: NodeJS.ProcessEnv = {}): Promise<string[]> {
    const out: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: () => {}, env: { LOG_LEVEL: 'silent', ...env } };
    expect(await main(['__complete', ...words], io)).toBe(0);
    return out;
  }

  it('bash completes through the script: commands, and environments from $CLOUDOPS_CONFIG', async () => {
    expect(await complete(['to'])).toEqual(['tools', 'tool']);
    expect(await complete(['diagnose', '--env', ''], { CLOUDOPS_CONFIG: config })).toEqual(['lab']);
  });

  it('completes commands, tool names, tool flags, scenarios and shells without a config', async () => {
    expect(await ask(['d'])).toEqual(['demo', 'diagnose', 'doctor']);
    expect(await ask(['tool', 'fleet'])).toEqual(['fleet_memory_audit']);
    expect(await ask(['tool', 'vm_memory', '--v'])).toEqual(['--vm']);
    expect(await ask(['request', 'restart_host_service', '--u'])).toEqual(['--unit']);
    expect(await ask(['lab', '--scenario', 'drbd9-'])).toEqual([
      'drbd9-quorum-lost',
      'drbd9-resync-third-node',
    ]);
    expect(await ask(['completion', ''])).toEqual(['bash', 'zsh']);
    expect(await ask(['tool', 'vm_memory', ''])).toEqual([]);
  });

  it('completes environment names from --config, and offers nothing (no error) without a config', async () => {
    expect(await ask(['diagnose', '--config', config, '--env', 'l'])).toEqual(['lab']);
    expect(await ask(['diagnose', '--env', ''])).toEqual([]);
    expect(await ask(['diagnose', '--env', ''], { CLOUDOPS_CONFIG: '/nonexistent.yaml' })).toEqual([]);
  });

  it('prints a zsh script that asks the same __complete protocol', async () => {
    const r = await runCli(['completion', 'zsh']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^#compdef cloudops/);
    expect(r.stdout).toContain('__complete');
    // zsh passes every word after `cloudops`, the one under the cursor last — the same as bash.
    expect(await ask(['tool', 'drbd'])).toEqual(['drbd_status', 'drbd_split_brain_recover']);
    expect(await main(['completion', 'fish'], { out: () => {}, err: () => {}, env: {} })).toBe(2);
  });
});
