/**
 * The reader program's safety: built only from declared no-argument commands, run by a real /bin/sh here to show
 * that it frames output as the lab emulates and never evaluates what it reads; and the end-marker scanner.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { noArgs } from '../../src/ssh/arg-patterns.ts';
import { COMMANDS, commandFromTemplate, defineCommand } from '../../src/ssh/commands.ts';
import { EndMarkerScanner } from '../../src/ssh/end-marker.ts';
import { quoteArgv } from '../../src/ssh/quote.ts';
import { buildReaderProgram, END_TAG, READER_PROGRAM, READY_LINE } from '../../src/ssh/reader-program.ts';
import type { CommandSpec } from '../../src/ssh/types.ts';

const NONCE = '0123456789abcdef0123456789abcdef';

describe('READER_PROGRAM', () => {
  it('holds exactly the declared persistent commands, each as its quoted argv, and nothing that evaluates', () => {
    const persistent = Object.values(COMMANDS).filter((c) => (c as CommandSpec<unknown>).persistent);
    expect(persistent.map((c) => c.id).sort()).toEqual(['meminfo', 'virsh.domstats', 'virsh.list']);
    for (const spec of persistent) {
      const sel = READER_PROGRAM.selectorOf(spec);
      expect(sel).toMatch(/^[a-z0-9_]+$/);
      const argv = (spec as CommandSpec<unknown>).argv({});
      expect(READER_PROGRAM.argvOf(sel!)).toEqual(argv);
      expect(READER_PROGRAM.text).toContain(`    ${sel}) ${quoteArgv(argv)} </dev/null ;;\n`);
    }
    expect(READER_PROGRAM.text).not.toMatch(/\beval\b|\bexec\b|`|\$\(|\$[sn]\b(?!")/);
    // Every expansion of what was read is double-quoted: "$s" and "$n" only.
    expect(READER_PROGRAM.text.match(/\$\w/g)?.sort()).toEqual(['$n', '$n', '$n', '$r', '$r', '$s']);
    expect(READER_PROGRAM.text.endsWith('\n')).toBe(false);
  });

  it('answers only for the very spec objects it was built from', () => {
    const lookalike = { ...COMMANDS.meminfo };
    expect(READER_PROGRAM.selectorOf(COMMANDS.meminfo)).toBe('meminfo');
    expect(READER_PROGRAM.selectorOf(lookalike)).toBeUndefined();
    expect(READER_PROGRAM.selectorOf(COMMANDS['virsh.dominfo'])).toBeUndefined(); // takes a domain
    const yaml = commandFromTemplate({
      id: 'meminfo',
      description: 'x',
      argv: ['cat', '/proc/meminfo'],
      params: {},
    });
    expect(READER_PROGRAM.selectorOf(yaml)).toBeUndefined();
  });

  it('refuses a persistent declaration that takes arguments, and duplicate selectors', () => {
    expect(() =>
      defineCommand({
        id: 'x.dominfo',
        description: 'x',
        program: 'virsh',
        schema: z.object({ domain: z.string() }).strict(),
        args: (a) => ['dominfo', a.domain],
        persistent: true,
      }),
    ).toThrow(/only a command without arguments/);
    const a = defineCommand({
      id: 'a.b',
      description: 'x',
      program: 'true',
      schema: noArgs,
      args: () => [],
      persistent: true,
    });
    const b = defineCommand({
      id: 'a_b',
      description: 'x',
      program: 'true',
      schema: noArgs,
      args: () => [],
      persistent: true,
    });
    expect(() => buildReaderProgram([a, b] as CommandSpec<unknown>[])).toThrow(/not unique/);
  });
});

/** Runs the real program under /bin/sh with a fake `virsh` first in PATH; stdin is the given request lines. */
function runSh(input: string, dir: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', READER_PROGRAM.text], {
      env: { PATH: `${dir}:/usr/bin:/bin` },
      cwd: dir,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('close', (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(input);
  });
}

describe('READER_PROGRAM under a real /bin/sh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reader-'));
  writeFileSync(
    join(dir, 'virsh'),
    '#!/bin/sh\nprintf "args:%s;" "$@"\necho oops >&2\nread x && echo "stdin:$x"\nexit 3\n',
  );
  chmodSync(join(dir, 'virsh'), 0o755);

  it('frames each answer with the nonce and status, on both streams, with stdin closed to the command', async () => {
    const r = await runSh(`virsh_domstats ${NONCE}\nvirsh_list ${NONCE.replace('0', 'f')}\n`, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `${READY_LINE}\nargs:domstats;args:--balloon;args:--state;${END_TAG}${NONCE} 3\n` +
        `args:list;args:--all;${END_TAG}${NONCE.replace('0', 'f')} 3\n`,
    );
    expect(r.stderr).toBe(`oops\n${END_TAG}${NONCE} 3\noops\n${END_TAG}${NONCE.replace('0', 'f')} 3\n`);
  });

  it.each([
    ['unknown selector', `reboot ${NONCE}\n`],
    ['shell text as selector', `$(touch${'\t'}pwned) ${NONCE}\n`],
    ['command substitution as nonce', 'meminfo $(touch pwned)\n'],
    ['non-hex nonce', 'meminfo 12g4\n'],
    ['missing nonce', 'meminfo\n'],
    ['extra words', `meminfo ${NONCE} ;touch pwned\n`],
  ])('stops with exit 2 and runs nothing on %s', async (_what, line) => {
    const r = await runSh(line, dir);
    expect(r).toEqual({ stdout: `${READY_LINE}\n`, stderr: '', code: 2 });
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });
});

describe('EndMarkerScanner', () => {
  const end = `${END_TAG}${NONCE} 0\n`;

  it('finds the marker split at every byte position and returns the exact payload', () => {
    const whole = Buffer.from(`data without newline${end}`);
    for (let cut = 0; cut <= whole.length; cut++) {
      const s = new EndMarkerScanner(NONCE);
      const first = s.push(whole.subarray(0, cut));
      const r = cut === whole.length ? first : s.push(whole.subarray(cut));
      expect(r).toEqual({ kind: 'done', payload: Buffer.from('data without newline'), status: 0 });
    }
  });

  it('finds it fed one byte at a time, after look-alikes that share its prefix', () => {
    const text = `x${END_TAG}${NONCE.slice(0, 20)}y${END_TAG}${END_TAG}${NONCE} 7\n`;
    const s = new EndMarkerScanner(NONCE);
    const bytes = Buffer.from(text);
    let r = s.push(bytes.subarray(0, 1));
    for (let i = 1; i < bytes.length; i++) r = s.push(bytes.subarray(i, i + 1));
    expect(r).toEqual({
      kind: 'done',
      payload: Buffer.from(`x${END_TAG}${NONCE.slice(0, 20)}y${END_TAG}`),
      status: 7,
    });
  });

  it('treats another nonce as output and refuses what cannot be our frame', () => {
    const s = new EndMarkerScanner(NONCE);
    expect(s.push(Buffer.from(`${END_TAG}${'f'.repeat(32)} 0\n`)).kind).toBe('more');
    const bad = (text: string) => new EndMarkerScanner(NONCE).push(Buffer.from(text)).kind;
    expect(bad(`${END_TAG}${NONCE} 0\nmore`)).toBe('garbled');
    expect(bad(`${END_TAG}${NONCE} 256\n`)).toBe('garbled');
    expect(bad(`${END_TAG}${NONCE} x\n`)).toBe('garbled');
    expect(bad(`${END_TAG}${NONCE} 00000`)).toBe('garbled');
    const done = new EndMarkerScanner(NONCE);
    done.push(Buffer.from(end));
    expect(done.push(Buffer.from('late')).kind).toBe('garbled');
  });
});
