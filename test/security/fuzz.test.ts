/**
 * Property-based fuzzing (fast-check) of every surface that reads outside text: slash-command parsing,
 * mention text, tool inputs, the argv builder and quoting, and operator YAML tool files. Thousands of cases:
 * nothing throws except the one error family, no shell metacharacter reaches a remote command unquoted, and
 * no value becomes an option of an allow-listed program. (Time linearity: linear-time.test.ts.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { z } from 'zod';
import { OpsError } from '../../src/core/errors.ts';
import { MAX_REQUEST_CHARS } from '../../src/core/input-limit.ts';
import { parseSlashText } from '../../src/slack/command-parse.ts';
import { commandFromText } from '../../src/slack/listeners/events/text-request.ts';
import { COMMANDS, MUTATING_COMMANDS } from '../../src/ssh/commands.ts';
import { parseQuotedArgv, quoteArgv } from '../../src/ssh/quote.ts';
import type { CommandSpec } from '../../src/ssh/types.ts';
import { validateArgs } from '../../src/ssh/validate-args.ts';
import { builtinTools } from '../../src/tools/builtin.ts';
import { vmNameProblem } from '../../src/tools/cloudstack/vm-name.ts';
import { buildYamlCommand, loadYamlTools } from '../../src/tools/yaml/load-yaml-tools.ts';
import { allowedPrograms, checkReadOnlyArgv } from '../../src/tools/yaml/read-only-policy.ts';
import { yamlToolSchema } from '../../src/tools/yaml/yaml-tool-schema.ts';

const RUNS = 2000;
/** Characters that matter to shells, option parsers, Slack markup and our regexes. */
const HOSTILE = [
  ...' \t\n-;|&$`\'"\\<>()*?[]{}!#~=.,:/@%^+0123456789aAzZ_',
  'private',
  '--',
  '..',
  '/proc/self/root',
  'メモリ',
  '\u0000',
  '\u202e',
];
const hostileText = fc.string({ unit: fc.constantFrom(...HOSTILE), maxLength: 60 });
const anyText = fc.oneof(
  hostileText,
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ maxLength: 80 }),
);
// Values may go to the API (signed, URL-encoded) or to argv; argv safety is the builder's job (below).
const SAFE_VALUE = /^[A-Za-z0-9._:-]+$/;

/** Commands worth fuzzing as slash text: every subcommand, then hostile words. */
const slashText = fc
  .tuple(
    fc.constantFrom(
      '',
      'vm',
      'host',
      'config',
      'oom',
      'log',
      'drbd',
      'cluster',
      'capacity',
      'audit',
      'diagnose',
      'help',
      'envs',
      'HOST',
      'Vm',
    ),
    fc.array(anyText, { maxLength: 5 }),
  )
  .map(([sub, words]) => [sub, ...words].join(' '));

describe('slash-command and mention parsing', () => {
  it('never throws; every value handed to a tool is a plain name (or a relative since)', () => {
    fc.assert(
      fc.property(slashText, (text) => {
        const p = parseSlashText(text);
        if (p.command.kind === 'tool')
          for (const [k, v] of Object.entries(p.command.input))
            expect(
              SAFE_VALUE.test(v) ||
                (k === 'since' && /^-\d{1,4}[hmd]$/.test(v)) ||
                // A VM may be a display name in any script: still no hidden characters, bounded, NFC.
                (k === 'vm' && vmNameProblem(v) === undefined && v === v.normalize('NFC')),
              `${k}=${v}`,
            ).toBe(true);
        if (p.command.kind === 'diagnose')
          expect(p.command.text.length).toBeLessThanOrEqual(MAX_REQUEST_CHARS);
      }),
      { numRuns: RUNS },
    );
  });

  it('mention text: never throws, and over-long text is refused, never diagnosed', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, slashText), fc.nat({ max: 3 * MAX_REQUEST_CHARS }), (text, pad) => {
        const t = text + 'x'.repeat(pad);
        const r = commandFromText(t);
        if (t.length > MAX_REQUEST_CHARS) {
          expect(r.command.kind).toBe('invalid');
        } else if (r.command.kind === 'diagnose') expect(t).toContain(r.command.text);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('tool inputs', () => {
  const tools = builtinTools();
  it('every tool schema answers arbitrary input with success or issues, never a throw', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...tools),
        fc.dictionary(
          fc.constantFrom(
            'vm',
            'host',
            'query',
            'target',
            'since',
            'pair',
            'cluster',
            'match',
            'lines',
            'env',
            '__proto__',
            'constructor',
          ),
          fc.oneof(anyText, fc.integer(), fc.constant(null), fc.array(anyText, { maxLength: 2 })),
        ),
        (tool, input) => {
          const r = tool.input.safeParse(input);
          expect(r.success || r.error.issues.length > 0).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

/** zod object keys of a command's schema, so values can be generated for each. */
const keysOf = (spec: CommandSpec<unknown>): string[] =>
  Object.keys((spec.schema as unknown as z.ZodObject<z.ZodRawShape>).shape ?? {});

describe('argv builder and quoting', () => {
  const specs = [...Object.values(COMMANDS), ...Object.values(MUTATING_COMMANDS)] as CommandSpec<unknown>[];
  it('a value never becomes an option: values in argv never start with "-" (except --since\'s argument)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...specs),
        fc.array(fc.oneof(anyText, fc.integer({ min: -9999, max: 9999 })), { minLength: 3, maxLength: 3 }),
        (spec, vals) => {
          const args = Object.fromEntries(keysOf(spec).map((k, i) => [k, vals[i]]));
          let argv: string[];
          try {
            argv = spec.argv(validateArgs(spec, args));
          } catch (e) {
            expect(e).toBeInstanceOf(OpsError);
            return;
          }
          const values = new Set(Object.values(args).map(String));
          for (const [i, a] of argv.entries())
            if (values.has(a) && a.startsWith('-')) expect(argv[i - 1], `${spec.id}: ${a}`).toBe('--since');
          expect(parseQuotedArgv(quoteArgv(argv))).toEqual(argv);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('quoting: any argv is refused (NUL/newline/oversize) or round-trips exactly', () => {
    fc.assert(
      fc.property(fc.array(anyText, { minLength: 1, maxLength: 6 }), (argv) => {
        let q: string;
        try {
          q = quoteArgv(argv);
        } catch (e) {
          expect(e).toBeInstanceOf(OpsError);
          return;
        }
        expect(parseQuotedArgv(q)).toEqual(argv);
        // parseQuotedArgv accepts only the canonical form (every element single-quoted, one space apart).
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('a real POSIX shell reads every quoted argv back unchanged (no metacharacter acts)', () => {
    const samples = fc.sample(
      fc.array(
        hostileText.filter((s) => !/[\0\n\r]/.test(s)),
        { minLength: 1, maxLength: 5 },
      ),
      { numRuns: 150, seed: 7 },
    );
    // One shell for all samples: each line prints its argv NUL-separated, then a record separator.
    const script = samples.map((argv) => `printf '%s\\0' ${quoteArgv(argv)}; printf '\\036'`).join('\n');
    const out = execFileSync('sh', ['-c', script], { encoding: 'utf8' });
    const records = out.split('\u001e').slice(0, -1);
    expect(records.length).toBe(samples.length);
    for (const [i, rec] of records.entries()) expect(rec.split('\0').slice(0, -1)).toEqual(samples[i]);
  });
});

describe('operator YAML tool files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fuzz-yaml-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const program = fc.constantFrom(
    ...allowedPrograms(),
    'constructor',
    '__proto__',
    'toString',
    '/usr/bin/valueOf',
    'rm',
    'sh',
    '/tmp/virsh',
    'virsh;id',
  );
  const arg = fc.oneof(
    fc.constantFrom(
      'status',
      'list',
      '--all',
      '-f',
      '/tmp/x',
      '--host=u@h',
      '-H',
      '/proc/self/root/etc/shadow',
      '/var/log/messages',
      '/proc/kmsg',
      '--security-info',
      ';',
      '-c',
      'qemu+ssh://h/system',
      '{p}',
      '{q}',
      '--since={p}',
      '{constructor}',
      '-n',
    ),
    hostileText,
  );
  const param = fc.oneof(
    fc.record({
      type: fc.constant('string'),
      pattern: fc.constantFrom('.+', '[-a-z=@.]+', '[a-z]+', '-.*', '[^\\n]{1,40}'),
    }),
    fc.record({
      type: fc.constant('integer'),
      min: fc.integer({ min: -100, max: 0 }),
      max: fc.integer({ min: 1, max: 100 }),
    }),
    fc.record({
      type: fc.constant('enum'),
      values: fc.array(fc.constantFrom('a', '-H', '--root=/', 'b.c'), { minLength: 1, maxLength: 3 }),
    }),
  );
  const spec = fc.record({
    name: fc.constantFrom('fuzz_tool', 'constructor', 'to_string'),
    description: fc.constant('a fuzzed read-only tool'),
    target: fc.constantFrom('kvm', 'storage'),
    program,
    argv: fc.array(arg, { maxLength: 5 }),
    params: fc.dictionary(fc.constantFrom('p', 'q', 'constructor'), param, { maxKeys: 2 }),
  });
  const value = fc.oneof(
    anyText,
    fc.integer({ min: -100, max: 100 }),
    fc.constantFrom('-H', '--host=u@evil', '-f', '/proc/self/root', 'a;b'),
  );

  it('loading never throws outside the error family, and a loaded tool never sends a denied option', async () => {
    let loaded = 0;
    await fc.assert(
      fc.asyncProperty(spec, fc.array(value, { minLength: 2, maxLength: 2 }), async (s, [v1, v2]) => {
        await writeFile(join(dir, 'tool.yaml'), stringify(s));
        let tools: Awaited<ReturnType<typeof loadYamlTools>>;
        try {
          tools = await loadYamlTools(dir);
        } catch (e) {
          expect(e).toBeInstanceOf(OpsError);
          return;
        }
        loaded += 1;
        // The final argv is what the tool's command would send: build it the way the runner does.
        const tool = tools[0]!;
        const input: Record<string, unknown> = {};
        for (const [k, v] of Object.entries({ p: v1, q: v2 })) if (Object.hasOwn(s.params, k)) input[k] = v;
        const parsed = tool.input.safeParse(input);
        if (!parsed.success) return;
        const { command } = buildYamlCommand(yamlToolSchema.parse(s), 'tool.yaml');
        let argv: string[];
        try {
          argv = command.argv(parsed.data as Record<string, string | number>);
        } catch (e) {
          expect(e).toBeInstanceOf(OpsError);
          return;
        }
        expect(checkReadOnlyArgv(argv, true)).toBeNull();
      }),
      { numRuns: 800 },
    );
    expect(loaded).toBeGreaterThan(0);
  });
});
