/** The CLI as a person uses it: the demo, a tool with --json, a diagnosis, and clear one-line errors. */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-table.ts';
import { main } from '../../src/cli/main.ts';
import { capture } from '../helpers/cli-capture.ts';

describe('cloudops CLI', () => {
  it('npm run demo: the memory-cap audit and diagnosis, then the DRBD split brain', async () => {
    const c = capture();
    expect(await main(['demo', '--lang', 'en'], c.io)).toBe(0);
    const out = c.out();
    expect(out).toContain('5 of 5 running VMs have only 50% of their offering');
    expect(out).toContain('vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor');
    expect(out).toContain('DRBD split brain on nfs-b/r0');
    expect(c.err()).toBe('');
  });

  it('the demo speaks Japanese with --lang ja', async () => {
    const c = capture();
    expect(await main(['demo', '--lang', 'ja'], c.io)).toBe(0);
    expect(c.out()).toContain('台のVMがサービスオファリングの 50% のメモリで稼働しています');
    expect(c.out()).toContain('スプリットブレイン');
  });

  it('tool --json prints the envelope for scripts', async () => {
    const c = capture();
    // Exit 1: web01 is capped, a problem found (see exit-codes.ts).
    expect(await main(['tool', 'vm_memory', '--vm', 'web01', '--lab', 'memory-cap', '--json'], c.io)).toBe(1);
    const env = JSON.parse(c.out());
    expect(env).toMatchObject({
      tool: 'vm_memory',
      status: 'ok',
      data: { vm: 'web01', offeringMiB: 6144, verdict: 'capped' },
    });
    expect(env.runs.length).toBeGreaterThan(0);
  });

  it('keyword search over settings', async () => {
    const c = capture();
    expect(
      await main(['tool', 'cloudstack_setting', '--query', 'overprovisioning', '--lab', 'memory-cap'], c.io),
    ).toBe(0);
    expect(c.out()).toContain('mem.overprovisioning.factor');
  });

  it('coerces numeric arguments where the schema wants a number, and reports range errors as such', async () => {
    const c = capture();
    // The value passes validation (coerced to 50); the lab's hosts have no agent.log, so every host fails:
    // could not complete (3).
    expect(await main(['tool', 'agent_log', '--lines', '50', '--lab', 'memory-cap'], c.io)).toBe(3);
    expect(c.err()).toMatch(/agent_log failed on every kvm host: kvm01: .*kvm02: /);
    const big = capture();
    expect(await main(['tool', 'agent_log', '--lines', '99999', '--lab', 'memory-cap'], big.io)).toBe(2);
    expect(big.err()).toMatch(/invalid input for agent_log: lines: Too big/);
  });

  it('diagnose answers in the language of the question', async () => {
    const c = capture();
    // A capped VM is a problem found: exit 1.
    expect(await main(['diagnose', 'VMのメモリが3GBしかない', '--lab', 'memory-cap'], c.io)).toBe(1);
    expect(c.out()).toContain('提案する手順');
  });

  it.each([
    [['tool', 'vm_memory', '--vm', 'nope', '--lab', 'memory-cap'], 2, /no VM named "nope"/],
    [
      ['tool', 'vm_memory', '--vm', 'web01; reboot', '--lab', 'memory-cap'],
      2,
      /invalid input for vm_memory: vm:/,
    ],
    [['tool', 'no_such_tool', '--lab', 'memory-cap'], 2, /unknown tool "no_such_tool"/],
    [['diagnose', 'web01'], 2, /no config: pass --config FILE, set CLOUDOPS_CONFIG, or try --lab memory-cap/],
    [
      ['tool', 'vm_memory', '--vm', 'web01', '--lab', 'no-such-scenario'],
      2,
      /no scenario "no-such-scenario"/,
    ],
    [['frobnicate'], 2, /unknown command "frobnicate"/],
  ])('%j exits %i with one clear line', async (argv, code, message) => {
    const c = capture();
    expect(await main(argv as string[], c.io)).toBe(code);
    expect(c.err()).toMatch(message);
    expect(c.err()).not.toMatch(/\n\s+at /);
  });

  it('every command prints its help and exits 0 without doing anything', async () => {
    for (const { name, hidden } of COMMANDS) {
      if (hidden) continue;
      const c = capture({ CLOUDOPS_CONFIG: '/nonexistent.yaml' });
      expect(await main([name, '--help'], c.io), name).toBe(0);
      expect(c.out(), name).toMatch(new RegExp(`^usage: cloudops ${name}`));
      expect(c.err(), name).toBe('');
    }
    const ja = capture({ LANG: 'ja_JP.UTF-8' });
    expect(await main(['--help'], ja.io)).toBe(0);
    expect(ja.out()).toContain('終了コード: 0 問題なし');
  });

  it('tools adds operator YAML tools from --tools-dir, still without a config', async () => {
    const c = capture();
    expect(await main(['tools', '--tools-dir', 'tools/'], c.io)).toBe(0);
    expect(c.out()).toMatch(/^agent_log /m);
    const json = capture();
    expect(await main(['tools', '--json'], json.io)).toBe(0);
    const first = JSON.parse(json.out().split('\n')[0]!);
    expect(first).toMatchObject({ name: 'fleet_memory_audit', risk: 'read', input: { type: 'object' } });
  });
});
