import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isOpsError } from '../../src/core/errors.ts';
import { COMMANDS, commandFromTemplate, defineCommand } from '../../src/ssh/commands.ts';
import type { CommandSpec } from '../../src/ssh/types.ts';
import { validateArgs } from '../../src/ssh/validate-args.ts';

const argvOf = <A>(spec: CommandSpec<A>, args: A) => spec.argv(validateArgs(spec, args));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isOpsError(e) ? e.code : 'not-ops-error';
  }
  return undefined;
}

describe('command catalog', () => {
  it('builds the exact argv the lab responder matches', () => {
    expect(argvOf(COMMANDS['virsh.list'], {})).toEqual(['virsh', 'list', '--all']);
    expect(argvOf(COMMANDS['virsh.domstats'], {})).toEqual(['virsh', 'domstats', '--balloon', '--state']);
    expect(argvOf(COMMANDS['virsh.dominfo'], { domain: 'i-2-34-VM' })).toEqual([
      'virsh',
      'dominfo',
      'i-2-34-VM',
    ]);
    expect(argvOf(COMMANDS['virsh.dumpxml'], { domain: 'i-2-34-VM' })).toEqual([
      'virsh',
      'dumpxml',
      'i-2-34-VM',
    ]);
    expect(argvOf(COMMANDS['virsh.dommemstat'], { domain: 'web01' })).toEqual([
      'virsh',
      'dommemstat',
      'web01',
    ]);
    expect(argvOf(COMMANDS.meminfo, {})).toEqual(['cat', '/proc/meminfo']);
    expect(argvOf(COMMANDS['drbd.status'], {})).toEqual(['drbdadm', 'status']);
    expect(argvOf(COMMANDS['drbd.status'], { resource: 'r0' })).toEqual(['drbdadm', 'status', 'r0']);
    expect(argvOf(COMMANDS['drbd.proc'], {})).toEqual(['cat', '/proc/drbd']);
    expect(argvOf(COMMANDS['crm_mon.xml'], {})).toEqual(['crm_mon', '-1', '--output-as=xml']);
    expect(argvOf(COMMANDS['corosync.quorum'], {})).toEqual(['corosync-quorumtool', '-s']);
    expect(COMMANDS['corosync.quorum'].okExitCodes).toEqual([0, 2]);
    expect(argvOf(COMMANDS['kernel.log'], { since: '2026-11-24 03:00:00' })).toEqual([
      'journalctl',
      '-k',
      '--no-pager',
      '-o',
      'short-iso',
      '--since',
      '2026-11-24 03:00:00',
    ]);
    expect(argvOf(COMMANDS['cloudstack.log'], { lines: 200 })).toEqual([
      'tail',
      '-n',
      '200',
      '/var/log/cloudstack/management/management-server.log',
    ]);
  });

  it('accepts the documented time forms for kernel.log', () => {
    for (const since of [
      '-24h',
      '-30m',
      '-7d',
      '2026-11-24',
      '2026-11-24 03:00',
      '2026-11-24T03:00:00Z',
      '2026-11-24T03:00:00+09:00',
    ]) {
      expect(argvOf(COMMANDS['kernel.log'], { since }).at(-1)).toBe(since);
    }
  });

  it('rejects hostile or malformed arguments with invalid_argument naming the argument', () => {
    const bad: [CommandSpec<never>, unknown][] = [
      [COMMANDS['virsh.dominfo'] as CommandSpec<never>, { domain: 'web01; reboot' }],
      [COMMANDS['virsh.dominfo'] as CommandSpec<never>, { domain: '$(id)' }],
      [COMMANDS['virsh.dominfo'] as CommandSpec<never>, { domain: '--all' }],
      [COMMANDS['virsh.dominfo'] as CommandSpec<never>, { domain: 'a'.repeat(81) }],
      [COMMANDS['virsh.dominfo'] as CommandSpec<never>, {}],
      [COMMANDS['drbd.status'] as CommandSpec<never>, { resource: '-r0' }],
      [COMMANDS['drbd.status'] as CommandSpec<never>, { resource: 'r0 r1' }],
      [COMMANDS['kernel.log'] as CommandSpec<never>, { since: 'yesterday; reboot' }],
      [COMMANDS['kernel.log'] as CommandSpec<never>, { since: '-24h\n' }],
      [COMMANDS['cloudstack.log'] as CommandSpec<never>, { lines: 5001 }],
      [COMMANDS['cloudstack.log'] as CommandSpec<never>, { lines: 0 }],
      [COMMANDS['cloudstack.log'] as CommandSpec<never>, { lines: '10' }],
      [COMMANDS['virsh.list'] as CommandSpec<never>, { extra: 'x' }],
    ];
    for (const [spec, args] of bad) expect(codeOf(() => validateArgs(spec, args))).toBe('invalid_argument');
    expect(() => validateArgs(COMMANDS['virsh.dominfo'], { domain: 'x\ny' })).toThrow(
      /^virsh\.dominfo: invalid argument domain: a libvirt domain name[^\n]*$/,
    );
  });
});

describe('defineCommand and commandFromTemplate', () => {
  const base = { id: 'x.y', description: 'd', schema: z.object({}), args: () => [] };

  it('refuses programs that are not a bare name or an absolute path', () => {
    for (const program of ['sh -c', 'a;b', '../bin/x', '/usr/../bin/sh', '-x', '$(id)', '', 'cat\n']) {
      expect(codeOf(() => defineCommand({ ...base, program }))).toBe('config_invalid');
    }
    expect(defineCommand({ ...base, program: '/usr/sbin/drbdadm' }).argv({})).toEqual(['/usr/sbin/drbdadm']);
    expect(codeOf(() => defineCommand({ ...base, program: 'ls', okExitCodes: [256] }))).toBe(
      'config_invalid',
    );
  });

  it('substitutes validated params inside single argv elements', () => {
    const spec = commandFromTemplate({
      id: 'svc.journal',
      description: 'unit log',
      argv: ['journalctl', '-u', '{unit}', '--lines={n}'],
      params: { unit: z.string().regex(/^[a-z][a-z0-9@._-]{0,60}$/), n: z.number().int().min(1).max(100) },
    });
    expect(argvOf(spec, { unit: 'cloudstack-agent', n: 5 })).toEqual([
      'journalctl',
      '-u',
      'cloudstack-agent',
      '--lines=5',
    ]);
    expect(codeOf(() => validateArgs(spec, { unit: 'x; reboot', n: 5 }))).toBe('invalid_argument');
    expect(
      codeOf(() =>
        commandFromTemplate({ id: 'a', description: '', argv: ['{p}'], params: { p: z.string() } }),
      ),
    ).toBe('config_invalid');
    expect(
      codeOf(() => commandFromTemplate({ id: 'a', description: '', argv: ['ls', '{p}'], params: {} })),
    ).toBe('config_invalid');
    expect(
      codeOf(() =>
        commandFromTemplate({ id: 'a', description: '', argv: ['ls'], params: { p: z.string() } }),
      ),
    ).toBe('config_invalid');
  });
});

describe('command spec rules, exactly', () => {
  const base = { id: 'x.y', description: 'd', program: 'ls', schema: z.object({}), args: () => [] };
  const messageOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      return isOpsError(e) ? `${e.code}: ${e.message}` : 'not-ops-error';
    }
    return 'no error';
  };

  it('ids: a letter or digit first, up to 64 characters, case-insensitive', () => {
    expect(defineCommand({ ...base, id: `A${'b'.repeat(63)}` }).id).toHaveLength(64);
    expect(messageOf(() => defineCommand({ ...base, id: `a${'b'.repeat(64)}` }))).toMatch(
      /^config_invalid: command "a{1}b{64}": id must match /,
    );
    expect(messageOf(() => defineCommand({ ...base, id: '.x' }))).toMatch(/id must match/);
    expect(messageOf(() => defineCommand({ ...base, id: 'x y' }))).toMatch(/id must match/);
  });

  it('programs: the message names the command and the program', () => {
    expect(messageOf(() => defineCommand({ ...base, program: 'a;b' }))).toBe(
      'config_invalid: command "x.y": program "a;b" must be a bare name or an absolute path',
    );
    expect(messageOf(() => defineCommand({ ...base, program: '-rf' }))).toMatch(/must be a bare name/);
    expect(messageOf(() => defineCommand({ ...base, program: 'x..y' }))).toMatch(/must be a bare name/);
    expect(defineCommand({ ...base, program: 'crm_mon' }).argv({})).toEqual(['crm_mon']);
  });

  it('timeoutMs: a positive integer, kept on the spec; absent stays absent', () => {
    for (const timeoutMs of [0, -1, 1.5])
      expect(messageOf(() => defineCommand({ ...base, timeoutMs }))).toBe(
        'config_invalid: command "x.y": timeoutMs must be a positive integer',
      );
    expect(defineCommand({ ...base, timeoutMs: 1 }).timeoutMs).toBe(1);
    expect('timeoutMs' in defineCommand(base)).toBe(false);
  });

  it('okExitCodes: integers 0..255, copied so the caller cannot change them later', () => {
    for (const c of [-1, 256, 1.5])
      expect(messageOf(() => defineCommand({ ...base, okExitCodes: [0, c] }))).toBe(
        'config_invalid: command "x.y": okExitCodes must be 0..255',
      );
    const codes = [0, 255];
    const spec = defineCommand({ ...base, okExitCodes: codes });
    codes.push(1);
    expect(spec.okExitCodes).toEqual([0, 255]);
    expect('okExitCodes' in defineCommand(base)).toBe(false);
  });

  it('templates: exact messages, and timeoutMs/okExitCodes carried to the spec', () => {
    expect(messageOf(() => commandFromTemplate({ id: 'a', description: '', argv: [], params: {} }))).toBe(
      'config_invalid: command "a": argv is empty',
    );
    expect(
      messageOf(() =>
        commandFromTemplate({ id: 'a', description: '', argv: ['x{p}'], params: { p: z.string() } }),
      ),
    ).toBe('config_invalid: command "a": the program cannot be a placeholder');
    expect(
      messageOf(() =>
        commandFromTemplate({ id: 'a', description: '', argv: ['ls', '{p}{q}'], params: { p: z.string() } }),
      ),
    ).toBe('config_invalid: command "a": placeholder {q} has no param');
    expect(
      messageOf(() =>
        commandFromTemplate({ id: 'a', description: '', argv: ['ls'], params: { p: z.string() } }),
      ),
    ).toBe('config_invalid: command "a": param "p" is not used in argv');
    const spec = commandFromTemplate({
      id: 'a',
      description: 'd',
      argv: ['ls', '{p}-{p}'],
      params: { p: z.string() },
      timeoutMs: 7,
      okExitCodes: [0, 3],
    });
    expect(spec).toMatchObject({ timeoutMs: 7, okExitCodes: [0, 3], description: 'd' });
    expect(argvOf(spec, { p: 'v' })).toEqual(['ls', 'v-v']);
    expect(codeOf(() => validateArgs(spec, { p: 'v', extra: 'x' }))).toBe('invalid_argument');
    const plain = commandFromTemplate({ id: 'b', description: '', argv: ['ls'], params: {} });
    expect('timeoutMs' in plain || 'okExitCodes' in plain).toBe(false);
  });

  it('validateArgs: every issue named, control characters masked, each cut at 200 characters', () => {
    const spec = defineCommand({
      ...base,
      schema: z.object({ a: z.string().regex(/^x$/, `bad\n${'y'.repeat(300)}`), b: z.number() }),
    });
    const m = messageOf(() => validateArgs(spec, { a: 'z', b: 'n' }));
    expect(m.startsWith('invalid_argument: x.y: invalid argument a: bad?yyy')).toBe(true);
    const [first, second] = m.replace('invalid_argument: x.y: invalid argument ', '').split('; ');
    expect(first).toHaveLength(200);
    expect(second).toMatch(/^b: /);
    const nested = defineCommand({ ...base, schema: z.object({ opts: z.object({ n: z.number() }) }) });
    expect(messageOf(() => validateArgs(nested, { opts: { n: 'x' } }))).toMatch(
      /^invalid_argument: x\.y: invalid argument opts\.n: /,
    );
    const whole = defineCommand({ ...base, schema: z.string() });
    expect(messageOf(() => validateArgs(whole, 5))).toMatch(
      /^invalid_argument: x\.y: invalid argument arguments: /,
    );
  });
});

describe('argument shapes at their limits', () => {
  const ok = (s: z.ZodType, v: unknown) => s.safeParse(v).success;
  it('domain names: 80 characters, no leading dash', async () => {
    const { domainNameArg, drbdResourceArg, sinceArg, tailLinesArg } = await import(
      '../../src/ssh/arg-patterns.ts'
    );
    expect(ok(domainNameArg, `a${'b'.repeat(79)}`)).toBe(true);
    expect(ok(domainNameArg, `a${'b'.repeat(80)}`)).toBe(false);
    expect(ok(domainNameArg, '-a')).toBe(false);
    expect(ok(drbdResourceArg, 'r'.repeat(64))).toBe(true);
    expect(ok(drbdResourceArg, 'r'.repeat(65))).toBe(false);
    expect(ok(drbdResourceArg, '-r')).toBe(false);
    expect(ok(drbdResourceArg, '')).toBe(false);
    for (const s of [
      '2026-11-24T03:00:00.123456+0900',
      '2026-11-24 03:00:00',
      '-1h',
      '-9999d',
      '2026-11-24T03:00+09',
    ])
      expect(ok(sinceArg, s), s).toBe(true);
    for (const s of [
      '-10000h',
      '-1w',
      '2026-11-24T03',
      '2026-11-24 03:00:00.1234567',
      'x2026-11-24',
      '2026-11-24x',
    ])
      expect(ok(sinceArg, s), s).toBe(false);
    expect([1, 5000].every((n) => ok(tailLinesArg, n))).toBe(true);
    expect([0, 5001, 1.5].some((n) => ok(tailLinesArg, n))).toBe(false);
  });
});
