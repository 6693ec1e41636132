import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import { DEFAULT_PORTS, PORT_TABLE, type PortKey } from '../../src/config/ports.js';
import { pollUntil } from '../../src/net/poll.js';
import type { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';
import { stackUrls } from '../../src/stack/NativeStack.js';
import { THANOS_INTERNAL_PORT_COUNT } from '../../src/stack/thanos.js';
import { type RunningCli, runCli } from '../helpers/cli.js';
import { freePort, freePortBlock } from '../helpers/ports.js';

export interface TestStack {
  readonly stateDir: string;
  readonly prometheusUrl: string;
  readonly otlpEndpoint: string;
  /** The collector's receiver of the exponential (native histogram) pipeline. */
  readonly otlpExponentialEndpoint: string;
  readonly collectorMetricsUrl: string;
  readonly appPort: number;
  /** The `run` flags that point both apps at this stack (direct app port, both OTLP endpoints). */
  readonly appArgs: readonly string[];
  readonly upArgs: readonly string[];
  /** With `dashboards: true`: the dashboards page. */
  readonly dashboardsUrl?: string;
  /** With `thanos: true`: the Thanos query's Prometheus-compatible API. */
  readonly thanosQueryUrl?: string;
  /** What `stack up` printed. */
  readonly upOutput: string;
  down(): Promise<void>;
}

/** The beforeAll timeout of a file that starts the stack with Thanos: room for a cold Thanos build. */
export const THANOS_HOOK_TIMEOUT_MS = 2_700_000;

/** A temp state folder and free ports for `stack up` (the flags in `upArgs`). */
export async function testStackArgs(options: { thanos?: boolean; dashboards?: boolean } = {}) {
  const stateDir = await mkdtemp(join(tmpdir(), 'histogram-demo-e2e-'));
  // Every port of the table on a free port; Thanos' only with Thanos (its internal ports are a block).
  // The dashboards page only where a test asks for it: its first build (npm ci, Vite) would
  // otherwise start beside every test's stack and be cut short by each teardown.
  const thanos = options.thanos === true;
  const ports: Record<PortKey, number> = { ...DEFAULT_PORTS };
  const upArgs = ['--state-dir', stateDir];
  for (const row of PORT_TABLE) {
    if (row.key.startsWith('thanos') && !thanos) continue;
    if (row.key === 'dashboards' && !options.dashboards) continue;
    ports[row.key] = row.key === 'thanosInternal' ? await freePortBlock(THANOS_INTERNAL_PORT_COUNT) : await freePort();
    upArgs.push(row.flag, String(ports[row.key]));
  }
  if (!options.dashboards) upArgs.push('--no-dashboards');
  if (thanos) upArgs.push('--thanos');
  return { stateDir, ports, upArgs, thanos };
}

/**
 * Brings up the real native stack (collector + Prometheus) through the CLI, on free ports
 * and in a temporary state folder. The first run on a machine builds both binaries.
 * `extraUpArgs` go to `stack up` as well (e.g. `--prometheus-config` with a job of the test's own);
 * `env` to `stack up` and `stack down` (e.g. a cache folder of the test's own).
 */
export async function startTestStack(
  extraUpArgs: readonly string[] = [],
  options: { thanos?: boolean; dashboards?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<TestStack> {
  const { stateDir, ports, upArgs, thanos } = await testStackArgs(options);
  const urls = stackUrls(ports);
  const down = async () => {
    await runCli(['stack', 'down', '--state-dir', stateDir], { env: options.env });
    await rm(stateDir, { recursive: true, force: true });
  };
  // Shorter than vitest's hook timeout, so that a hung `stack up` is killed here and whatever it
  // started is stopped below, instead of the hook timing out with nothing to call `down()` on.
  // With Thanos, a cold first build takes longer: its callers give their hook THANOS_HOOK_TIMEOUT_MS.
  const up = await runCli(['stack', 'up', '--native', ...upArgs, ...extraUpArgs], {
    timeoutMs: options.thanos ? THANOS_HOOK_TIMEOUT_MS - 100_000 : 1_100_000,
    env: options.env,
  });
  if (up.code !== 0) {
    await down();
    throw new Error(`stack up failed (${up.code}):\n${up.stdout}\n${up.stderr}`);
  }
  return {
    stateDir,
    prometheusUrl: urls.prometheus,
    otlpEndpoint: urls.otlpHttp,
    otlpExponentialEndpoint: urls.otlpExponentialHttp,
    collectorMetricsUrl: urls.collectorMetrics,
    appPort: ports.directApp,
    ...(options.dashboards ? { dashboardsUrl: `http://127.0.0.1:${ports.dashboards}` } : {}),
    appArgs: [
      '--port',
      String(ports.directApp),
      '--otlp-endpoint',
      urls.otlpHttp,
      '--otlp-exponential-endpoint',
      urls.otlpExponentialHttp,
    ],
    upArgs,
    upOutput: up.stdout,
    ...(thanos ? { thanosQueryUrl: urls.thanosQuery } : {}),
    down,
  };
}

/**
 * Polls Prometheus until every expression has the expected value; on timeout the failure shows
 * the last value of each, not just "expected false to be true".
 */
export async function expectValues(
  prometheus: PrometheusClient,
  expressions: readonly string[],
  expected: number,
  timeoutMs = 120_000,
): Promise<void> {
  const valuesNow = async () =>
    Object.fromEntries(
      await Promise.all(expressions.map(async (expression) => [expression, await prometheus.value(expression)])),
    );
  const wanted = Object.fromEntries(expressions.map((expression) => [expression, expected]));
  // vi.waitFor rather than expect.poll: this also runs in beforeAll hooks, where expect.poll refuses.
  await vi.waitFor(async () => expect(await valuesNow()).toEqual(wanted), { timeout: timeoutMs, interval: 500 });
}

/**
 * Waits until the check holds (true) or the time is up (false), asking twice a second: src's one
 * polling loop. Prefer `expect.poll` or `vi.waitFor` where the last value should show in a failure.
 */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<boolean> {
  return await pollUntil(check, { timeoutMs, intervalMs: 500 });
}

/**
 * Stops the apps, then the stack, then removes the folders, each step whatever the one before
 * did: an afterAll calls this before asserting anything. Returns the apps' exit code.
 */
export async function tearDown(
  apps: RunningCli | undefined,
  stack: TestStack | undefined,
  ...dirs: (string | undefined)[]
): Promise<number | null | undefined> {
  try {
    return await apps?.stop();
  } finally {
    try {
      await stack?.down();
    } finally {
      for (const dir of dirs) if (dir) await rm(dir, { recursive: true, force: true });
    }
  }
}
