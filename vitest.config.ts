import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The e2e suites share one native stack and the machine has two cores: run files one by one.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 1_200_000,
  },
});
