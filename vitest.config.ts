import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two projects. `unit` is every pure test: it starts no process and no server and needs no
 * build (`npm run test:unit`, seconds). `e2e` is every test that starts the CLI, a server, the
 * native stack or a browser, or reads dist/ (`npm test` builds first and runs both).
 */
const E2E = ['test/e2e/**/*.test.ts', 'test/**/*.e2e.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/e2e/**', '**/*.e2e.test.ts'],
          // Fails any unit test that spawns a process or listens on a port: that test belongs in e2e.
          setupFiles: ['test/helpers/startsNothing.ts'],
          pool: 'threads',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: E2E,
          // The e2e suites start real stacks and the machine has two cores: run files one by one.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 1_200_000,
          // Marks every process of the run, and fails the run if one is left or a port still bound.
          globalSetup: ['test/helpers/leftBehind.ts'],
        },
      },
    ],
  },
});
