/** vitest for `npm run mutation`: only the tests of the module being mutated (MUTATION_TESTS), in a fixed order. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: (process.env.MUTATION_TESTS ?? 'no-tests-selected').split(','),
    testTimeout: 20000,
    hookTimeout: 30000,
    pool: 'forks',
  },
});
