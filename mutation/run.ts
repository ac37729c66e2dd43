/**
 * `npm run mutation [module name…]`: StrykerJS (vitest runner) over the modules in modules.ts, one at a time,
 * one test process (concurrency 1), and only each module's own tests; prints the score per module and every
 * surviving mutant, so a test can be written to kill it or the survivor listed as equivalent in the README.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { LogLevel } from '@stryker-mutator/api/core';
import { Stryker } from '@stryker-mutator/core';
import { MODULES, type MutationModule } from './modules.ts';

interface Score {
  module: string;
  killed: number;
  survived: number;
  noCoverage: number;
  timeout: number;
  errors: number;
  score: number;
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
    concurrency: 1,
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
  for (const r of results.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
    const at = `${relative(process.cwd(), r.fileName)}:${r.location.start.line}:${r.location.start.column + 1}`;
    console.log(`  ${r.status.padEnd(10)} ${at} ${r.mutatorName}: ${JSON.stringify(r.replacement ?? '')}`);
  }
  return {
    module: m.name,
    killed,
    survived,
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
console.log('\n| module | killed | timeout | survived | no coverage | score |\n|---|---|---|---|---|---|');
for (const s of scores)
  console.log(
    `| ${s.module} | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.score.toFixed(1)}% |`,
  );
