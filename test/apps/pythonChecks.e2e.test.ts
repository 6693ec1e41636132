import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEV_REQUIREMENTS_FILE, ensurePythonEnv, PYTHON_PROJECT_DIR } from '../../src/apps/python/venv.js';
import { cacheDir } from '../../src/stack/paths.js';

/** The Python apps' own checks, in a venv of the runtime pins plus ruff and pytest (built once per machine). */
describe('the Python apps (python/)', () => {
  let python: string;

  beforeAll(async () => {
    ({ python } = await ensurePythonEnv({
      cacheDir: cacheDir(),
      log: () => undefined,
      requirements: DEV_REQUIREMENTS_FILE,
    }));
  }, 900_000);

  const run = (args: readonly string[]) =>
    execa(python, args, { cwd: PYTHON_PROJECT_DIR, reject: false, all: true, stdin: 'ignore' });

  it('pass ruff check and ruff format --check', async () => {
    const lint = await run(['-m', 'ruff', 'check', '.']);
    expect(lint.all, 'ruff check').toContain('All checks passed');
    expect(lint.exitCode).toBe(0);
    const format = await run(['-m', 'ruff', 'format', '--check', '.']);
    expect(format.exitCode, format.all).toBe(0);
  });

  it('pass their pytest suite', async () => {
    const tests = await run(['-m', 'pytest', '-q', '-p', 'no:cacheprovider']);
    expect(tests.exitCode, tests.all).toBe(0);
    expect(tests.all).toMatch(/\d+ passed/);
  });
});
