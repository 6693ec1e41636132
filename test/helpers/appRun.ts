import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { COLLECTOR_NATIVE_NAMESPACE } from '../../src/config/defaults.js';
import { HISTOGRAMS, prometheusName } from '../../src/metrics/definitions.js';
import type { OtlpReceiver } from '../apps/otlpReceiver.js';
import type { TestStack } from '../e2e/nativeStack.js';
import { type RunningCli, startCli } from './cli.js';

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

/** What `runEveryPipeline` records: the seeded stream, its pace, and where its observations go. */
export interface EveryPipelineRun {
  readonly count: number;
  readonly rate: number;
  readonly seed: number;
  readonly observations: string;
}

/**
 * `run both --aggregation both` into every pipeline of a test stack: the collector's classic and
 * native sides, the direct app, and exponential histograms straight to Prometheus' OTLP receiver
 * (the collector-free pipeline). Exports every second, so the data arrives within a scrape or two.
 */
export function runEveryPipeline(stack: TestStack, run: EveryPipelineRun): RunningCli {
  return startCli(
    [
      'run',
      'both',
      '--aggregation',
      'both',
      '--count',
      String(run.count),
      '--rate',
      String(run.rate),
      '--seed',
      String(run.seed),
      '--stay',
      ...stack.appArgs,
      '--prometheus-otlp-endpoint',
      `${stack.prometheusUrl}/api/v1/otlp`,
      '--observations',
      run.observations,
    ],
    { env: { OTEL_METRIC_EXPORT_INTERVAL: '1000' } },
  );
}

/**
 * The number of uploads each pipeline holds for each histogram, one expression per pipeline and
 * histogram, spelled out here by hand (not by the PromQL module under test).
 */
export function everyPipelineCounts(): string[] {
  return HISTOGRAMS.flatMap((metric) => [
    `sum(logfire_${metric.name}_count)`,
    `sum(${metric.name}_count)`,
    `sum(histogram_count(${prometheusName(metric.name, COLLECTOR_NATIVE_NAMESPACE)}))`,
    `sum(histogram_count(${metric.name}{job="histogram-demo"}))`,
  ]);
}
