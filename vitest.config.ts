import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Secret canaries planted and swept over every file's captured outputs (test/helpers/canaries.ts).
    setupFiles: ['test/setup/canary-sweep.ts'],
    testTimeout: 20000,
    hookTimeout: 30000,
    // Lab servers bind loopback ports; files run in parallel workers, each with its own ports.
    pool: 'forks',
    // Files and tests run in a random order every time, so a test that leans on another one fails early.
    // Reproduce a failing order with --sequence.seed=<seed printed in the run header>.
    sequence: { shuffle: true },
  },
});
