import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';
import type { StackState } from '../../src/stack/NativeStack.js';
import { type RunningCli, runCli } from '../helpers/cli.js';
import { alive } from '../helpers/probes.js';
import { eventually, startTestStack, type TestStack, THANOS_HOOK_TIMEOUT_MS } from './nativeStack.js';
import { expectSameReports, runAllPipelines, verifyAt, waitForTotals } from './thanosChecks.js';

/** 2800 uploads at 40/s: 70 s of real-time recording, both outages inside it. */
const COUNT = 2800;
const RATE = 40;
const ENTRY_OUTAGE_MS = 30_000;
/** One pipeline's running total, to see data arrive (or not) during an outage. */
const PROGRESS = 'sum(uploaded_file_bytes_count)';

async function pidOf(stateDir: string, component: 'thanos-receive-1' | 'thanos-receive-2'): Promise<number> {
  const state = JSON.parse(await readFile(join(stateDir, 'stack.json'), 'utf8')) as StackState;
  const pid = state.processes[component]?.pid;
  if (pid === undefined) throw new Error(`no ${component} in the stack state`);
  return pid;
}

/** Series whose samples are counted: every job's `up`, and each pipeline's upload count. */
const COUNTED = [
  'up',
  'uploaded_file_bytes_count',
  'logfire_uploaded_file_bytes_count',
  'logfire_native_uploaded_file_bytes',
];

/** Samples per metric and job over the whole run, at one instant: equal on both sides when nothing is lost. */
async function samplesPerSeries(url: string, at: number): Promise<Record<string, string>> {
  const counts: Record<string, string> = {};
  for (const metric of COUNTED) {
    const query = `sum by (job) (count_over_time(${metric}[15m]))`;
    const response = await fetch(`${url}/api/v1/query?time=${at}&query=${encodeURIComponent(query)}`);
    const body = (await response.json()) as {
      error?: string;
      data?: { result: { metric: { job: string }; value: [number, string] }[] };
    };
    if (!body.data) throw new Error(`${url}: ${query}: ${body.error}`);
    for (const entry of body.data.result) counts[`${metric}{job="${entry.metric.job}"}`] = entry.value[1];
  }
  // Sorted, so that the two answers compare as text whatever order the servers listed the series in.
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

describe('receiver outages during a run through the Thanos cluster', () => {
  let stack: TestStack;
  let apps: RunningCli;
  let observations: string;
  let dir: string;
  let prometheus: PrometheusClient;
  let thanos: PrometheusClient;
  let thanosUrl: string;

  async function stop(component: 'thanos-receive-1' | 'thanos-receive-2'): Promise<void> {
    const pid = await pidOf(stack.stateDir, component);
    const stopped = await runCli(['stack', 'stop', component, '--state-dir', stack.stateDir]);
    expect(stopped.stdout).toContain(`Stopped ${component}`);
    expect(alive(pid)).toBe(false);
  }

  async function upAgain(restarted: string): Promise<void> {
    const up = await runCli(['stack', 'up', '--native', '--state-dir', stack.stateDir], { timeoutMs: 300_000 });
    expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
    expect(up.stdout).toContain('Keeping ');
    expect(up.stdout).toContain(`Waiting for ${restarted}`);
    const status = await runCli(['stack', 'status', '--state-dir', stack.stateDir]);
    expect(status.code, status.stdout).toBe(0);
  }

  beforeAll(async () => {
    stack = await startTestStack([], { thanos: true });
    thanosUrl = stack.thanosQueryUrl ?? '';
    prometheus = new PrometheusClient(stack.prometheusUrl);
    thanos = new PrometheusClient(thanosUrl);
    dir = await mkdtemp(join(tmpdir(), 'histogram-demo-thanos-outage-'));
    observations = join(dir, 'observations.csv');
    apps = runAllPipelines(stack, { count: COUNT, seed: 2026, rate: RATE, observations });
    await apps.waitFor('Recording uploads', 60_000);
    expect(await eventually(async () => ((await thanos.value(PROGRESS)) ?? 0) > 0, 60_000)).toBe(true);
  }, THANOS_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await apps?.stop();
    await stack?.down();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps taking writes while a receiver Prometheus does not write to is down, and takes it back', async () => {
    await stop('thanos-receive-2');
    const status = await runCli(['stack', 'status', '--state-dir', stack.stateDir]);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/^thanos-receive-2 +stopped/m);
    // Two of three replicas are a write quorum: new data keeps arriving in Thanos during the outage.
    const atStop = (await thanos.value(PROGRESS)) ?? 0;
    expect(await eventually(async () => ((await thanos.value(PROGRESS)) ?? 0) > atStop + RATE * 5, 30_000)).toBe(true);
    await upAgain('thanos-receive-2');
  }, 240_000);

  it('catches up after the receiver Prometheus writes to was down for 30 s: the WAL holds what was not sent', async () => {
    await stop('thanos-receive-1');
    const stoppedAt = Date.now();
    // Let in-flight batches settle, then nothing more may arrive while the entry is down.
    await sleep(3000);
    const thanosDuring = (await thanos.value(PROGRESS)) ?? 0;
    const prometheusDuring = (await prometheus.value(PROGRESS)) ?? 0;
    await sleep(Math.max(0, stoppedAt + ENTRY_OUTAGE_MS - Date.now()));
    expect(await thanos.value(PROGRESS)).toBe(thanosDuring);
    expect((await prometheus.value(PROGRESS)) ?? 0).toBeGreaterThan(prometheusDuring);
    // Prometheus retried the failed batches rather than failing or dropping them (a counter that
    // never moved may have no series yet: that is 0 too).
    expect((await prometheus.value('sum(prometheus_remote_storage_samples_retried_total)')) ?? 0).toBeGreaterThan(0);
    expect((await prometheus.value('sum(prometheus_remote_storage_samples_failed_total)')) ?? 0).toBe(0);
    expect((await prometheus.value('sum(prometheus_remote_storage_samples_dropped_total)')) ?? 0).toBe(0);
    await upAgain('thanos-receive-1');
    expect(await eventually(async () => ((await thanos.value(PROGRESS)) ?? 0) > prometheusDuring, 60_000)).toBe(true);
  }, 240_000);

  it('ends with verify via Thanos agreeing with Prometheus and the truth, every scraped sample in Thanos', async () => {
    await apps.waitFor('Staying up', 180_000);
    await waitForTotals(stack.prometheusUrl, COUNT);
    await waitForTotals(thanosUrl, COUNT);
    const direct = await verifyAt(stack.prometheusUrl, observations);
    const through = await verifyAt(thanosUrl, observations);
    expect(direct.report.verdict).toBe('agree');
    expect(through.report.disagreements).toEqual([]);
    expect(through.code).toBe(0);
    expectSameReports(through.report, direct.report);

    // Every sample of every job, outages included, once the remote write has caught up.
    const at = Date.now() / 1000 - 5;
    let last: [Record<string, string>, Record<string, string>] = [{}, {}];
    const same = await eventually(async () => {
      last = [await samplesPerSeries(stack.prometheusUrl, at), await samplesPerSeries(thanosUrl, at)];
      return Object.keys(last[0]).length >= 7 && JSON.stringify(last[0]) === JSON.stringify(last[1]);
    }, 60_000);
    expect(same, `Prometheus ${JSON.stringify(last[0])} vs Thanos ${JSON.stringify(last[1])}`).toBe(true);
  }, 420_000);
});
