/**
 * The stack starts the dashboards page while promtool's Go build still runs (a first start from
 * source) and tells it to build only after: `dashboards serve --build-after <file>
 * --build-after-pid <pid>` serves at once (healthy, the list) but starts its build (here: finds
 * the cached bundle) only once the file exists, or once that process has ended.
 */

import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { bundleDirFor } from '../../src/page/bundle.js';
import { type RunningCli, startCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';

let cache: string | undefined;
let serve: RunningCli | undefined;
let holder: ReturnType<typeof spawn> | undefined;

afterEach(async () => {
  await serve?.stop();
  holder?.kill('SIGKILL');
  if (cache) await rm(cache, { recursive: true, force: true });
});

/** A cache whose page is already built: readiness then depends on the go-ahead alone. */
async function serveWaitingFor(goAheadPid: number): Promise<{ url: string; goAhead: string }> {
  cache = await mkdtemp(join(tmpdir(), 'histogram-demo-page-order-'));
  const env = { HISTOGRAM_DEMO_CACHE: cache };
  const bundle = await bundleDirFor(env);
  await mkdir(bundle, { recursive: true });
  await writeFile(join(bundle, 'index.html'), '<!doctype html><title>page</title>');
  const goAhead = join(cache, 'go-builds-done');
  const port = await freePort();
  serve = startCli(
    [
      'dashboards',
      'serve',
      `--dashboards-port=${port}`,
      `--prometheus-url=http://127.0.0.1:${await freePort()}`,
      `--build-after=${goAhead}`,
      `--build-after-pid=${goAheadPid}`,
    ],
    { env },
  );
  await serve.waitFor('Dashboards: http://', 30_000);
  return { url: `http://127.0.0.1:${port}`, goAhead };
}

const status = async (url: string) => (await fetch(url)).status;

it('serves at once but builds the page only once the stack writes its go-ahead file', async () => {
  const { url, goAhead } = await serveWaitingFor(process.pid);
  expect(await status(`${url}/-/healthy`)).toBe(200);
  expect(await status(`${url}/`)).toBe(200);
  await serve?.waitFor("waits for the stack's Go builds", 10_000);
  // Still waiting a few seconds later: the build did not start on its own.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  expect(await status(`${url}/-/ready`)).toBe(503);
  await writeFile(goAhead, 'done\n');
  await vi.waitFor(async () => expect(await status(`${url}/-/ready`)).toBe(200), { timeout: 10_000, interval: 200 });
  const output = serve?.output() ?? '';
  expect(output).toMatch(/Go builds are done \(waited \d+ s\): building the page now/);
  expect(output.indexOf("waits for the stack's Go builds")).toBeLessThan(output.indexOf('Dashboards page ready'));
}, 60_000);

it('builds the page once the stack that asked it to wait has ended, file or not', async () => {
  holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  const { url } = await serveWaitingFor(holder.pid ?? 0);
  await serve?.waitFor("waits for the stack's Go builds", 10_000);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(await status(`${url}/-/ready`)).toBe(503);
  holder.kill('SIGTERM');
  await vi.waitFor(async () => expect(await status(`${url}/-/ready`)).toBe(200), { timeout: 10_000, interval: 200 });
  expect(serve?.output()).toMatch(/ended before its Go builds were done/);
}, 60_000);
