/**
 * `npm run mutation [module name…]`: StrykerJS (vitest runner) over the modules in modules.ts, one at a time,
 * one test process (concurrency 1), and only each module's own tests; prints the score per module and every
 * surviving mutant, either with the reason it is equivalent (equivalent.ts) or as one a test should kill.
 * Exits 1 when a module scores below THRESHOLD.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { LogLevel } from '@stryker-mutator/api/core';
import { Stryker } from '@stryker-mutator/core';
import { EQUIVALENT, type Equivalent } from './equivalent.ts';
import { MODULES, type MutationModule } from './modules.ts';

const THRESHOLD = 90;

interface Score {
  module: string;
  killed: number;
  survived: number;
  /** Of the survivors (and no-coverage mutants), those equivalent.ts explains. */
  equivalent: number;
  noCoverage: number;
  timeout: number;
  errors: number;
  score: number;
}

const lines = new Map<string, string[]>();
/** The entry of equivalent.ts that explains a surviving mutant: same file and mutator, its text on that line. */
function explained(
  file: string,
  line: number,
  mutator: string,
  replacement: string | undefined,
): Equivalent | undefined {
  let text = lines.get(file);
  if (!text) {
    text = readFileSync(file, 'utf8').split('\n');
    lines.set(file, text);
  }
  const source = text[line - 1] ?? '';
  return EQUIVALENT.find(
    (e) =>
      e.file === file &&
      e.mutator === mutator &&
      source.includes(e.near) &&
      (e.replacement === undefined || e.replacement === replacement),
  );
}

async function mutate(m: MutationModule): Promise<Score | undefined> {
  const files = m.files.filter((f) => existsSync(f));
  if (files.length === 0) {
    console.log(`\n== ${m.name}: none of ${m.files.join(', ')} exists yet, skipped`);
    return undefined;
  }
  console.log(`\n== ${m.name}: ${files.join(', ')}`);
  // Read by vitest.mutation.config.ts in Stryker's test-runner processes, which inherit this environment.
  process.env.MUTATION_TESTS = m.tests.join(',');
  const results = await new Stryker({
    testRunner: 'vitest',
    plugins: ['@stryker-mutator/vitest-runner'],
    vitest: { configFile: 'vitest.mutation.config.ts', related: false },
    mutate: files,
    // One test process by default; MUTATION_CONCURRENCY=2 at most on the shared machine.
    concurrency: Math.min(2, Math.max(1, Number(process.env.MUTATION_CONCURRENCY) || 1)),
    coverageAnalysis: 'perTest',
    reporters: ['clear-text'],
    clearTextReporter: { reportMutants: false, reportTests: false, reportScoreTable: true },
    logLevel: 'warn' as LogLevel, // a const enum, which type stripping cannot read
    tempDirName: '.stryker-tmp',
    timeoutMS: 15000,
    ignoreStatic: true,
  }).runMutationTest();
  const count = (...statuses: string[]) => results.filter((r) => statuses.includes(r.status)).length;
  const killed = count('Killed');
  const timeout = count('Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const detected = killed + timeout;
  const valid = detected + survived + noCoverage;
  let equivalent = 0;
  for (const r of results.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
    const file = relative(process.cwd(), r.fileName);
    const at = `${file}:${r.location.start.line}:${r.location.start.column + 1}`;
    const eq = explained(file, r.location.start.line, r.mutatorName, r.replacement);
    if (eq) equivalent++;
    const status = eq ? 'equivalent' : r.status;
    console.log(`  ${status.padEnd(10)} ${at} ${r.mutatorName}: ${JSON.stringify(r.replacement ?? '')}`);
    if (eq) console.log(`             ${eq.why}`);
  }
  return {
    module: m.name,
    killed,
    survived,
    equivalent,
    noCoverage,
    timeout,
    errors: count('CompileError', 'RuntimeError'),
    score: valid ? (100 * detected) / valid : 100,
  };
}

// The tests run from a sandbox copy of the repo (.stryker-tmp/…), where ../shared is not next to them.
process.env.CLOUDOPS_FIXTURES_DIR = resolve('..', 'shared', 'fixtures');

const wanted = process.argv.slice(2);
const chosen = wanted.length ? MODULES.filter((m) => wanted.includes(m.name)) : MODULES;
if (wanted.length && chosen.length !== wanted.length) {
  console.error(`unknown module; choose from: ${MODULES.map((m) => JSON.stringify(m.name)).join(', ')}`);
  process.exit(2);
}
const scores: Score[] = [];
for (const m of chosen) {
  try {
    const s = await mutate(m);
    if (s) scores.push(s);
  } catch (e) {
    // One module whose tests cannot run (e.g. no MariaDB) must not hide the others' scores.
    console.log(`  ${m.name}: not measured: ${e instanceof Error ? e.message : String(e)}`);
  }
}
console.log(
  '\n| module | killed | timeout | survived | no coverage | equivalent (of those two) | score |\n|---|---|---|---|---|---|---|',
);
for (const s of scores)
  console.log(
    `| ${s.module} | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.equivalent} | ${s.score.toFixed(1)}% |`,
  );
const low = scores.filter((s) => s.score < THRESHOLD);
if (low.length) {
  console.log(`\nbelow ${THRESHOLD}%: ${low.map((s) => s.module).join(', ')}`);
  process.exitCode = 1;
}
