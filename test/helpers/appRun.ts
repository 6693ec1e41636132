import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { OtlpReceiver } from '../apps/otlpReceiver.js';
import type { RunningCli } from './cli.js';

/** What a test file that runs the apps holds: its temp folder, and what the current test started. */
export interface AppRun {
  /** The file's temp folder (observations files), removed after its last test. */
  dir: string;
  /** The OTLP receiver the current test started, closed after it. */
  receiver: OtlpReceiver | undefined;
  /** The app the current test started in the background, killed after it. */
  running: RunningCli | undefined;
}

/**
 * Registers the file's hooks: a temp folder for all its tests, and after each test, passed or
 * failed, the app it left running killed and its receiver closed. A test assigns what it starts:
 * `app.receiver = await startOtlpReceiver()`, `app.running = startCli([...])`.
 */
export function useAppRun(prefix: string): AppRun {
  const app: AppRun = { dir: '', receiver: undefined, running: undefined };
  beforeAll(async () => {
    app.dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(app.dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await app.running?.stop('SIGKILL');
    app.running = undefined;
    await app.receiver?.close();
    app.receiver = undefined;
  });
  return app;
}
