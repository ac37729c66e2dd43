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
