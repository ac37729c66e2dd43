/** Input is bounded at every surface before any parsing, with a clear message; the CLI never prints a stack. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { MAX_CLI_ARG_CHARS, MAX_REQUEST_CHARS } from '../../src/core/input-limit.ts';
import { invalidArgMessage } from '../../src/slack/blocks/notices.ts';
import { parseSlashText } from '../../src/slack/command-parse.ts';
import { commandFromText } from '../../src/slack/listeners/events/text-request.ts';

const long = `diagnose ${'a '.repeat(MAX_REQUEST_CHARS)}`;

describe('Slack text', () => {
  it('an over-long slash command is refused with the limit, in both languages', () => {
    const p = parseSlashText(long);
    expect(p.command).toMatchObject({ kind: 'invalid', arg: 'request' });
    if (p.command.kind !== 'invalid') throw new Error('unreachable');
    expect(invalidArgMessage('en', p.command).text).toContain(`at most ${MAX_REQUEST_CHARS} characters`);
    expect(invalidArgMessage('ja', p.command).text).toContain('使ってください');
  });
  it('an over-long mention or DM is refused, not diagnosed as free text', () => {
    expect(commandFromText(long).command.kind).toBe('invalid');
    expect(commandFromText(`web01 ${'x'.repeat(MAX_REQUEST_CHARS)}`).command.kind).toBe('invalid');
  });
  it('text at the limit is still parsed', () => {
    const text = `diagnose ${'x'.repeat(MAX_REQUEST_CHARS - 'diagnose '.length)}`;
    expect(parseSlashText(text).command.kind).toBe('diagnose');
  });
});

describe('CLI', () => {
  it('an over-long argument is refused in one line before anything runs', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: { LOG_LEVEL: 'silent' } };
    expect(await main(['diagnose', 'x'.repeat(MAX_CLI_ARG_CHARS + 1), '--lab', 'memory-cap'], io)).toBe(2);
    expect(err).toEqual([
      `cloudops: an argument is ${MAX_CLI_ARG_CHARS + 1} characters long; the limit is ${MAX_CLI_ARG_CHARS}`,
    ]);
    expect(out).toEqual([]);
  });

  it('an unknown VM prints no stack trace on stderr (a real process, as operators run it)', () => {
    const bin = fileURLToPath(new URL('../../bin/cloudops.js', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'diagnose', 'web99', '--lab', 'memory-cap'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
      timeout: 120_000,
    });
    const all = `${r.stdout}\n${r.stderr}`;
    expect(all).toContain('web99');
    expect(all).not.toMatch(/\n\s+at .*\(file:|"stack"/);
    expect(r.stderr.trim().split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
  });
});
