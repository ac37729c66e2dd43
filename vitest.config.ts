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
  },
});
