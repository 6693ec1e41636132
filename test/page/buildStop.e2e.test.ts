/**
 * Stopping `dashboards serve` while it builds the page on a cold cache (its own, empty, through
 * HISTOGRAM_DEMO_CACHE) ends the build's npm and Vite processes with it: none keeps running or
 * writing into the cache, so the cache folder can be removed, and no half-built page is left
 * where a later start would take it for a built one. `stack down` and `clean` stop the
 * dashboards component the same way (SIGTERM to its pid, see src/stack/processes.ts).
 */

import { mkdtemp, readdir, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { type RunningCli, startCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';

/** Every process whose working folder is inside the folder (npm ci and its scripts, Vite). */
async function processesWorkingIn(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => '');
    if (cwd === folder || cwd.startsWith(`${folder}/`)) found.push(`${entry} (${cwd})`);
  }
  return found;
}

let cache: string | undefined;
let serve: RunningCli | undefined;

afterAll(async () => {
  await serve?.stop('SIGKILL');
  if (cache) await rm(cache, { recursive: true, force: true });
});

it('ends the build’s npm ci when stopped mid-build, leaves no process in the cache and no half-built page', async () => {
  cache = await mkdtemp(join(tmpdir(), 'histogram-demo-cold-page-'));
  const dashboardsDir = await mkdtemp(join(tmpdir(), 'histogram-demo-cold-page-dashboards-'));
  await rm(dashboardsDir, { recursive: true });
  serve = startCli(
    [
      'dashboards',
      'serve',
      '--dashboards-port',
      String(await freePort()),
      '--prometheus-url',
      `http://127.0.0.1:${await freePort()}`,
      '--dashboards-dir',
      dashboardsDir,
    ],
    { env: { HISTOGRAM_DEMO_CACHE: cache } },
  );
  await serve.waitFor('installing the dashboards page dependencies', 60_000);
  // The build runs: npm ci works inside the cache (else this test could not see it stop).
  await vi.waitFor(async () => expect((await processesWorkingIn(cache ?? '')).length).toBeGreaterThan(0), {
    timeout: 30_000,
    interval: 200,
  });
  // Let npm ci get going (downloads, extraction, install scripts) before it is cut short.
  await new Promise((resolve) => setTimeout(resolve, 5000));

  const exitCode = await serve.stop('SIGTERM');
  expect(exitCode, serve.output()).toBe(0);
  expect(await processesWorkingIn(cache)).toEqual([]);
  // No folder a later start would take for a built page: only a finished build is renamed to one.
  expect((await readdir(cache)).filter((entry) => /^dashboards-page-[0-9a-f]+$/.test(entry))).toEqual([]);
  expect(serve.output()).not.toContain('dashboards page cached at');
  // Nothing keeps writing: the folder is removed, and stays removed.
  await rm(cache, { recursive: true });
  await new Promise((resolve) => setTimeout(resolve, 3000));
  expect(await processesWorkingIn(cache)).toEqual([]);
  expect(
    await stat(cache).then(
      () => 'recreated',
      () => 'gone',
    ),
  ).toBe('gone');
}, 120_000);
