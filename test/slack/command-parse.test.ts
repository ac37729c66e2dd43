import { describe, expect, it } from 'vitest';
import { parseSlashText } from '../../src/slack/command-parse.ts';
import { commandFromText } from '../../src/slack/listeners/events/text-request.ts';

describe('parseSlashText', () => {
  it.each([
    ['audit memory', { kind: 'tool', tool: 'fleet_memory_audit', input: {}, label: 'audit memory' }],
    [
      'audit memory prod',
      { kind: 'tool', tool: 'fleet_memory_audit', input: {}, label: 'audit memory', env: 'prod' },
    ],
    [
      'vm web01 memory',
      { kind: 'tool', tool: 'vm_memory', input: { vm: 'web01' }, label: 'vm web01 memory' },
    ],
    [
      'host kvm03.lab memory',
      { kind: 'tool', tool: 'host_memory', input: { host: 'kvm03.lab' }, label: 'host kvm03.lab memory' },
    ],
    [
      'config mem.overprovisioning.factor',
      {
        kind: 'tool',
        tool: 'cloudstack_setting',
        input: { query: 'mem.overprovisioning.factor' },
        label: 'config mem.overprovisioning.factor',
      },
    ],
    [
      'config overprovisioning lab',
      {
        kind: 'tool',
        tool: 'cloudstack_setting',
        input: { query: 'overprovisioning' },
        label: 'config overprovisioning',
        env: 'lab',
      },
    ],
    ['drbd', { kind: 'tool', tool: 'drbd_status', input: {}, label: 'drbd' }],
    ['drbd nfs-a', { kind: 'tool', tool: 'drbd_status', input: { pair: 'nfs-a' }, label: 'drbd nfs-a' }],
    [
      'cluster nfs-a',
      { kind: 'tool', tool: 'pacemaker_status', input: { pair: 'nfs-a' }, label: 'cluster nfs-a' },
    ],
    ['oom web01', { kind: 'tool', tool: 'oom_kills', input: { target: 'web01' }, label: 'oom web01' }],
    [
      'oom web01 24h',
      { kind: 'tool', tool: 'oom_kills', input: { target: 'web01', since: '-24h' }, label: 'oom web01 24h' },
    ],
    [
      'oom web01 2026-11-20',
      {
        kind: 'tool',
        tool: 'oom_kills',
        input: { target: 'web01', since: '2026-11-20' },
        label: 'oom web01 2026-11-20',
      },
    ],
    ['capacity C1', { kind: 'tool', tool: 'capacity', input: { cluster: 'C1' }, label: 'capacity C1' }],
    [
      'log i-2-34-VM',
      { kind: 'tool', tool: 'management_log', input: { match: 'i-2-34-VM' }, label: 'log i-2-34-VM' },
    ],
    ['log', { kind: 'tool', tool: 'management_log', input: {}, label: 'log' }],
    ['envs', { kind: 'envs' }],
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['reboot kvm01', { kind: 'help', unknown: 'reboot' }],
    ['audt', { kind: 'help', unknown: 'audt' }],
    // An incident described in the command itself is a question, in either language.
    ['web01 was OOM-killed again', { kind: 'ask', text: 'web01 was OOM-killed again' }],
    ['VMのメモリが3GBしかない', { kind: 'ask', text: 'VMのメモリが3GBしかない' }],
  ])('%j', (text, command) => {
    expect(parseSlashText(text)).toEqual({ command, private: false });
  });

  it('takes a trailing private / --private as "ephemeral" and does not pass it on', () => {
    expect(parseSlashText('vm web01 memory private')).toEqual({
      command: expect.objectContaining({ input: { vm: 'web01' } }),
      private: true,
    });
    expect(parseSlashText('audit memory prod --private').private).toBe(true);
    expect(parseSlashText('why is web01 slow private')).toEqual({
      command: { kind: 'ask', text: 'why is web01 slow' },
      private: true,
    });
    expect(parseSlashText('diagnose web servers keep dying private')).toEqual({
      command: { kind: 'diagnose', text: 'web servers keep dying' },
      private: true,
    });
  });

  it('keeps free text only for diagnose, as typed', () => {
    expect(parseSlashText('diagnose  web01 OOM <!channel> & more').command).toEqual({
      kind: 'diagnose',
      text: 'web01 OOM <!channel> & more',
    });
  });

  it.each([
    ['vm web01;reboot memory', 'vm'],
    ['vm <!channel> memory', 'vm'],
    ['host -oProxyCommand=x memory', 'host'],
    ['oom web01 $(id)', 'since'],
    ['config "a b"', 'name'],
    ['audit memory ../etc', 'env'],
    ['drbd nfs-a extra', 'pair'],
    ['vm web01 cpu', 'memory'],
    ['vm', 'vm'],
    ['diagnose', 'target'],
  ])('refuses %j (bad %s)', (text, arg) => {
    const c = parseSlashText(text).command;
    expect(c.kind).toBe('invalid');
    expect(c.kind === 'invalid' && c.arg).toBe(arg);
  });

  it('unwraps host names Slack auto-linked', () => {
    expect(parseSlashText('host <http://kvm01.lab.example|kvm01.lab.example> memory').command).toMatchObject({
      input: { host: 'kvm01.lab.example' },
    });
  });
});

describe('commandFromText (mentions and DMs)', () => {
  it('runs subcommands; anything else is a question (assistant, or runbooks without a model)', () => {
    expect(commandFromText('audit memory').command).toMatchObject({
      kind: 'tool',
      tool: 'fleet_memory_audit',
    });
    expect(commandFromText('web servers keep going down, OOM in the logs').command).toEqual({
      kind: 'ask',
      text: 'web servers keep going down, OOM in the logs',
    });
    expect(commandFromText('vm is down again').command).toEqual({
      kind: 'ask',
      text: 'vm is down again',
    });
    expect(commandFromText('Webサーバーが落ち続けています').command.kind).toBe('ask');
    expect(commandFromText('').command).toEqual({ kind: 'help' });
  });
});

describe('change requests and the audit trail', () => {
  it.each([
    ['vm stop web01', { kind: 'mutation', tool: 'stop_vm', input: { vm: 'web01' }, label: 'vm stop web01' }],
    [
      'vm stop web01 --force',
      {
        kind: 'mutation',
        tool: 'stop_vm',
        input: { vm: 'web01', forced: true },
        label: 'vm stop web01 --force',
      },
    ],
    [
      'vm start web01',
      { kind: 'mutation', tool: 'start_vm', input: { vm: 'web01' }, label: 'vm start web01' },
    ],
    [
      'vm migrate web01 kvm02',
      {
        kind: 'mutation',
        tool: 'migrate_vm',
        input: { vm: 'web01', host: 'kvm02' },
        label: 'vm migrate web01 kvm02',
      },
    ],
    [
      'config set mem.overprovisioning.factor 1 cluster C1',
      {
        kind: 'mutation',
        tool: 'update_setting',
        input: { name: 'mem.overprovisioning.factor', value: '1', scope: 'cluster', scopeName: 'C1' },
        label: 'config set mem.overprovisioning.factor=1 (cluster C1)',
      },
    ],
    ['audit', { kind: 'audit_log', limit: 10 }],
    ['audit 25', { kind: 'audit_log', limit: 25 }],
    ['audit vm web01', { kind: 'audit_log', limit: 20, vm: 'web01' }],
    ['audit user <@U0ALICE|alice>', { kind: 'audit_log', limit: 20, user: 'U0ALICE' }],
  ])('%s', (text, want) => {
    expect(parseSlashText(text).command).toEqual(want);
  });

  it.each([
    ['vm stop', 'vm'],
    ['vm stop web01;reboot', 'vm'],
    ['vm start web01 --force', '--force'],
    ['vm stop web01 now', 'option'],
    ['config set x', 'name'],
    ['config set mem.factor 1 rack r1', 'scope'],
    ['config set mem.factor $(id)', 'value'],
    ['audit user alice', 'user'],
    ['audit everything', 'filter'],
  ])('%s is refused (%s), never "Missing memory"', (text, arg) => {
    const c = parseSlashText(text).command;
    expect(c).toMatchObject({ kind: 'invalid', arg });
  });

  it('refuses over-long text before parsing it', () => {
    const c = parseSlashText(`vm stop ${'x'.repeat(100_000)}`).command;
    expect(c).toMatchObject({ kind: 'invalid', arg: 'request' });
  });
});
