import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20000,
    hookTimeout: 30000,
    // Lab servers bind loopback ports; files run in parallel workers, each with its own ports.
    pool: 'forks',
  },
});
