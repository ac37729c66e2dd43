import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isOpsError } from '../../src/core/errors.ts';
import { parseQuotedArgv, quoteArgv } from '../../src/ssh/quote.ts';

const HOSTILE = [
  'web01; reboot',
  '$(id)',
  '`id`',
  "it's",
  "'",
  "''",
  '\\',
  "\\'",
  '"double" quotes',
  '--help',
  '-rf /',
  '',
  ' ',
  '  two  spaces  ',
  '*',
  '~root',
  '$HOME',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell expansion is the point
  '${IFS}',
  'a|b&c>d<e',
  'ウェブ01 🚀',
  '\t\ttab',
  "x'; rm -rf / #",
];

function expectInvalid(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(isOpsError(e) && e.code).toBe('invalid_argument');
    return;
  }
  throw new Error('expected invalid_argument');
}

describe('quoteArgv', () => {
  it('single-quotes every element and escapes quotes as closing, escaped, reopening', () => {
    expect(quoteArgv(['virsh', 'dominfo', 'i-2-34-VM'])).toBe(`'virsh' 'dominfo' 'i-2-34-VM'`);
    expect(quoteArgv(["it's"])).toBe(`'it'\\''s'`);
  });

  it('round-trips hostile strings through parseQuotedArgv, one by one and all together', () => {
    for (const s of HOSTILE) expect(parseQuotedArgv(quoteArgv(['echo', s]))).toEqual(['echo', s]);
    expect(parseQuotedArgv(quoteArgv(HOSTILE))).toEqual(HOSTILE);
  });

  it('round-trips random strings of quote-prone characters', () => {
    const alphabet = ["'", '\\', ' ', '"', '$', '`', ';', 'a', 'é', '(', ')', '\t'];
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let n = 0; n < 500; n++) {
      const argv = Array.from({ length: 1 + (rnd() % 4) }, () =>
        Array.from({ length: rnd() % 12 }, () => alphabet[rnd() % alphabet.length]).join(''),
      );
      expect(parseQuotedArgv(quoteArgv(argv))).toEqual(argv);
    }
  });

  it('a real POSIX shell sees exactly the original argv', () => {
    // printf '%s\0' prints each argument NUL-terminated: the shell's own word splitting is what is checked.
    const argv = ['printf', '%s\\0', ...HOSTILE.filter((s) => s !== '')];
    const out = execFileSync('/bin/sh', ['-c', quoteArgv(argv)]).toString('utf8');
    expect(out.split('\0').slice(0, -1)).toEqual(argv.slice(2));
  });

  it('rejects NUL, newline, CR, oversize elements and an empty argv', () => {
    expectInvalid(() => quoteArgv(['a\nreboot']));
    expectInvalid(() => quoteArgv(['a\rb']));
    expectInvalid(() => quoteArgv(['a\0b']));
    expectInvalid(() => quoteArgv(['x'.repeat(4097)]));
    expectInvalid(() => quoteArgv(['é'.repeat(2049)])); // 4098 bytes, 2049 chars
    expectInvalid(() => quoteArgv([]));
    expect(quoteArgv(['x'.repeat(4096)])).toHaveLength(4098);
  });
});

describe('parseQuotedArgv', () => {
  it('refuses anything quoteArgv would not produce', () => {
    for (const bad of [
      'virsh list --all',
      "'virsh'  'list'",
      "'virsh' list",
      "'virsh';'reboot'",
      "'unterminated",
      "'a'\\'",
      "'a' ",
      " 'a'",
      '',
      "'a\nb'",
      `'${'x'.repeat(4097)}'`,
    ]) {
      expectInvalid(() => parseQuotedArgv(bad));
    }
  });
});

describe('error messages name the problem and where it is', () => {
  const message = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      expect(isOpsError(e) && e.code).toBe('invalid_argument');
      return (e as Error).message;
    }
    throw new Error('expected invalid_argument');
  };

  it('quoteArgv names the argument and the limit', () => {
    expect(message(() => quoteArgv(['ok', 'a\nb']))).toBe(
      'argument 1 contains a NUL, newline or carriage return',
    );
    expect(message(() => quoteArgv(['x'.repeat(4097)]))).toBe('argument 0 is longer than 4096 bytes');
    expect(message(() => quoteArgv([]))).toBe('empty command');
  });

  it.each([
    ["'virsh'  'list'", 'expected an opening quote at offset 8'],
    ["'virsh';'reboot'", 'expected a single space between arguments at offset 7'],
    ['virsh', 'expected an opening quote at offset 0'],
    ["'unterminated", 'unterminated quote at offset 0'],
    ["'a' 'b", 'unterminated quote at offset 4'],
    ['', 'empty command at offset 0'],
    ["'a\nb'", 'not a quoted argv: argument 0 contains a NUL, newline or carriage return'],
  ])('parseQuotedArgv(%j): %s', (cmd, why) => {
    const m = message(() => parseQuotedArgv(cmd));
    expect(m).toBe(why.startsWith('not a quoted argv') ? why : `not a quoted argv: ${why}`);
  });

  it("reads a quote continued with \\'' as one argument, also at the end", () => {
    expect(parseQuotedArgv("'a'\\'''")).toEqual(["a'"]);
    expect(parseQuotedArgv("'a'\\''b' 'c'")).toEqual(["a'b", 'c']);
  });
});
