/**
 * VM names beyond ASCII: display names in Japanese or with spaces are accepted (NFC-normalised, bounded),
 * hostile shapes get a short, clear refusal that never echoes hidden characters, and the slash-command
 * parser hands the same normalised name to the tool (quoted runs for names with spaces).
 */
import { describe, expect, it } from 'vitest';
import { parseSlashText } from '../../src/slack/command-parse.ts';
import { vmNameProblem, vmNameSchema } from '../../src/tools/cloudstack/vm-name.ts';

const ok = (s: string) => vmNameSchema.safeParse(s);

describe('VM name schema', () => {
  it.each([
    'web01',
    'i-2-31-VM',
    '4f2c1a9e-0b7d-4c55-9e1a-2b3c4d5e6f70',
    'ウェブ01',
    'shop front 3',
    'データベース_主',
    'Ünïcödé-vm.1',
  ])('accepts %s', (name) => {
    expect(ok(name)).toMatchObject({ success: true, data: name.normalize('NFC') });
  });

  it('normalises to NFC: a name typed with a combining mark equals the stored one', () => {
    const decomposed = 'ウェフ\u309a01'; // フ + combining handakuten = プ
    const r = ok(decomposed);
    expect(r.success && r.data).toBe('ウェプ01');
    expect(r.success && r.data).not.toBe(decomposed);
  });

  it.each([
    ['RTL override', 'web\u202E10bew', /text-direction/],
    ['RTL isolate', '\u2067web01', /text-direction/],
    ['zero-width space', 'web\u200B01', /invisible/],
    ['zero-width joiner', 'ウェブ\u200D01', /invisible/],
    ['BOM', '\uFEFFweb01', /invisible/],
    ['NUL', 'web01\u0000', /control/],
    ['newline', 'web01\nrm -rf', /control/],
    ['ESC sequence', 'web\u001b[31m01', /control/],
    ['10k characters', 'a'.repeat(10_000), /at most 100 characters/],
    ['101 characters', 'ウ'.repeat(101), /at most 100 characters/],
    ['leading dash', '-rf', /letters/],
    ['trailing space', 'web01 ', /end with a space/],
    ['shell metacharacters', 'web01;reboot', /letters/],
    ['ideographic space', 'ウェブ\u300001', /letters/],
    ['empty', '', /empty/],
  ])('refuses %s with a short, clear message', (_what, name, why) => {
    const r = ok(name);
    expect(r.success).toBe(false);
    const message = r.success ? '' : r.error.issues.map((i) => i.message).join('; ');
    expect(message).toMatch(why);
    expect(message.length).toBeLessThan(120);
    expect(message).not.toContain(name.slice(0, 8) || '\u0000');
  });

  it('a 1 MB hostile name is refused before any normalisation or regex', () => {
    const huge = `${'\u0301'.repeat(500_000)}${'ウ'.repeat(500_000)}`;
    expect(vmNameProblem(huge)).toBe('a VM name is at most 100 characters');
  });
});

describe('slash commands with Unicode VM names', () => {
  it('vm stop ウェブ01 requests stop_vm with the NFC name', () => {
    expect(parseSlashText('vm stop ウェブ01').command).toMatchObject({
      kind: 'mutation',
      tool: 'stop_vm',
      input: { vm: 'ウェブ01' },
      label: 'vm stop ウェブ01',
    });
  });

  it('vm ウェブ01 memory runs vm_memory', () => {
    expect(parseSlashText('vm ウェブ01 memory').command).toMatchObject({
      kind: 'tool',
      tool: 'vm_memory',
      input: { vm: 'ウェブ01' },
    });
  });

  it.each([['"shop front 3"'], ['“shop front 3”'], ['「shop front 3」']])(
    'a quoted display name with spaces is one name: %s',
    (quoted) => {
      expect(parseSlashText(`vm stop ${quoted} --force`).command).toMatchObject({
        kind: 'mutation',
        tool: 'stop_vm',
        input: { vm: 'shop front 3', forced: true },
      });
      expect(parseSlashText(`vm ${quoted} memory private`)).toMatchObject({
        command: { kind: 'tool', tool: 'vm_memory', input: { vm: 'shop front 3' } },
        private: true,
      });
    },
  );

  it('audit vm ウェブ01 filters by the NFC name', () => {
    expect(parseSlashText('audit vm ウェブ01').command).toMatchObject({ kind: 'audit_log', vm: 'ウェブ01' });
  });

  it.each([
    ['vm stop web\u202E10bew', /text-direction/, '\\u{202E}'],
    ['vm web\u200B01 memory', /invisible/, '\\u{200B}'],
    ['vm stop "web\u000001"', /control/, '\\u{0}'],
    [`vm stop ${'a'.repeat(2000)}`, /at most 100 characters/, 'aaaa'],
  ])('hostile: %j is refused, the hidden character shown escaped', (text, why, shown) => {
    const c = parseSlashText(text).command;
    expect(c).toMatchObject({ kind: 'invalid', arg: 'vm', expected: expect.stringMatching(why) });
    const value = (c as { value?: string }).value ?? '';
    expect(value).toContain(shown);
    expect(value).not.toMatch(/[\u0000\u200B\u202E]/);
    expect([...value].length).toBeLessThanOrEqual(41);
  });
});
