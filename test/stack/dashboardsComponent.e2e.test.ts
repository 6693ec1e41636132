/**
 * The dashboards page as a component of the native stack: `stack up` starts it (the CLI's own
 * `dashboards serve` against the stack's Prometheus), and `status`, `logs`, `health`, `stop`, a
 * second `up` and `clean` know it. What the page draws is proven in Chromium (test/page/).
 */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePersesDashboards } from '../../src/dashboards/perses/dashboards.js';
import type { StackState } from '../../src/stack/NativeStack.js';
import { startTestStack, type TestStack } from '../e2e/nativeStack.js';
import { runCli } from '../helpers/cli.js';
import { alive, portFree } from '../helpers/probes.js';
import { expectCopyOfStateTouchesNothing } from '../helpers/stateCopy.js';

/** A first build of the page (npm ci of web/, then Vite) on a cold, busy machine. */
const PAGE_BUILD_TIMEOUT_MS = 900_000;

const readState = async (stateDir: string) =>
  JSON.parse(await readFile(join(stateDir, 'stack.json'), 'utf8')) as StackState;

describe('the dashboards component of the native stack', () => {
  let stack: TestStack;
  let url: string;
  let port: number;

  beforeAll(async () => {
    stack = await startTestStack([], { dashboards: true });
    if (!stack.dashboardsUrl) throw new Error('no dashboards URL');
    url = stack.dashboardsUrl;
    port = Number(new URL(url).port);
  });

  afterAll(async () => {
    await stack?.down();
  });

  it('is started by stack up and healthy in status, with its own log', async () => {
    const status = await runCli(['stack', 'status', '--state-dir', stack.stateDir]);
    expect(status.stdout).toMatch(new RegExp(`^dashboards\\s+healthy \\(pid \\d+\\) ${url}/-/healthy$`, 'm'));
    expect(status.code, status.stdout).toBe(0);
    const logs = await runCli(['stack', 'logs', 'dashboards', '--state-dir', stack.stateDir]);
    expect(logs.stdout).toContain('== dashboards');
    expect(logs.stdout).toContain(`Dashboards: ${url}/`);
  });

  it(
    'serves every generated dashboard once the page is built, and proxies queries to the stack’s Prometheus',
    async () => {
      await expect
        .poll(async () => (await fetch(`${url}/-/ready`)).status, {
          timeout: PAGE_BUILD_TIMEOUT_MS,
          interval: 2000,
        })
        .toBe(200);
      const list = (await (await fetch(`${url}/api/dashboards`)).json()) as { name: string }[];
      expect(list.map(({ name }) => name).sort()).toEqual(
        generatePersesDashboards()
          .map(({ name }) => name)
          .sort(),
      );
      // Through the page's proxy: `up` is there once Prometheus has scraped its targets a first time.
      const upThroughProxy = async () =>
        (await (await fetch(`${url}/api/prometheus/api/v1/query?query=up`)).json()) as {
          status: string;
          data: { result: { metric: { job?: string } }[] };
        };
      await expect.poll(async () => (await upThroughProxy()).status, { timeout: 30_000 }).toBe('success');
      await expect
        .poll(async () => (await upThroughProxy()).data.result.length, { timeout: 30_000, interval: 1000 })
        .toBeGreaterThan(0);
      const health = await runCli(['health', '--state-dir', stack.stateDir]);
      expect(health.stdout).toMatch(new RegExp(`^ok\\s+dashboards\\s+${url}/ serves the dashboards page$`, 'm'));
    },
    PAGE_BUILD_TIMEOUT_MS + 60_000,
  );

  it('is stopped alone by stack stop and started alone again by stack up', async () => {
    const before = await readState(stack.stateDir);
    const pid = before.processes.dashboards?.pid ?? 0;
    expect(alive(pid)).toBe(true);
    const stop = await runCli(['stack', 'stop', 'dashboards', '--state-dir', stack.stateDir]);
    expect(stop.stdout).toContain('Stopped dashboards');
    expect(alive(pid)).toBe(false);
    expect(await portFree(port)).toBe(true);
    expect(alive(before.processes.prometheus?.pid ?? 0)).toBe(true);

    const up = await runCli(['stack', 'up', '--native', ...stack.upArgs], { timeoutMs: 300_000 });
    expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
    expect(up.stdout).toMatch(/Keeping collector, prometheus/);
    expect(up.stdout).toContain(`Dashboards page: ${url}/`);
    const after = await readState(stack.stateDir);
    expect(after.processes.dashboards?.pid).not.toBe(pid);
    expect(after.processes.prometheus?.pid).toBe(before.processes.prometheus?.pid);
    expect((await fetch(`${url}/-/healthy`)).status).toBe(200);
  }, 360_000);

  it('is left alone, with the rest of the stack, when asked through a copy of the state folder', async () => {
    // The page's command line names its state folder as every other part's does: the copy's is another path.
    await expectCopyOfStateTouchesNothing(stack.stateDir);
  });

  it('is stopped by clean, which frees its port', async () => {
    const { processes } = await readState(stack.stateDir);
    const clean = await runCli(['clean', '--state-dir', stack.stateDir]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('Stopped dashboards, prometheus, collector');
    expect(alive(processes.dashboards?.pid ?? 0)).toBe(false);
    expect(await portFree(port)).toBe(true);
  });
});
