import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20000,
    hookTimeout: 30000,
    // Lab servers bind loopback ports; files run in parallel workers, each with its own ports.
    pool: 'forks',
    // Files and tests run in a random order every time, so a test that leans on another one fails early.
    // Reproduce a failing order with --sequence.seed=<seed printed in the run header>.
    sequence: { shuffle: true },
  },
});
