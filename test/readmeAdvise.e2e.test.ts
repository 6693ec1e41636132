import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { readmeBlock } from './helpers/readme.js';

/** The README's advise blocks that a command prints again today (they start a process: e2e). */

describe('README.md advise blocks', () => {
  it('shows the advise run that the command prints today', async () => {
    const printed = await runCli([
      'advise',
      '--truth',
      'docs/observations-seed42.csv',
      '--metric',
      'http_request_duration_seconds=seconds',
    ]);
    expect(printed.code).toBe(0);
    expect(readmeBlock('advise-output').trimEnd()).toBe(printed.stdout.trimEnd());
  });

  it('shows the held-out figures that scripts/advise-holdout.mjs prints', async () => {
    const script = fileURLToPath(new URL('../scripts/advise-holdout.mjs', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [script]);
    expect(readmeBlock('advise-holdout').trimEnd()).toBe(stdout.trimEnd());
  });
});
