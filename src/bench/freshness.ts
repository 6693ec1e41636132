import { setTimeout as sleep } from 'node:timers/promises';
import { UPLOADED_FILE_BYTES } from '../metrics/definitions.js';
import { PrometheusClient } from '../prometheus/PrometheusClient.js';
import { awaitCounts } from './accuracy.js';
import { type BenchStack, cpuSeconds, startBenchStack } from './benchStack.js';
import { BENCH_PIPELINES, promql, type Representation } from './queries.js';
import { type FeedProcess, startFeed } from './spawnWorker.js';
import { percentile, round } from './stats.js';

export interface FreshnessSetting {
  readonly name: 'defaults' | 'tuned';
  readonly exportIntervalMs: number;
  readonly scrapeInterval: string;
}

export const FRESHNESS_SETTINGS: readonly FreshnessSetting[] = [
  { name: 'defaults', exportIntervalMs: 5000, scrapeInterval: '5s' },
  { name: 'tuned', exportIntervalMs: 1000, scrapeInterval: '1s' },
];

export interface FreshnessRow {
  readonly setting: FreshnessSetting['name'];
  readonly exportIntervalS: number;
  readonly scrapeIntervalS: number;
  readonly pipeline: string;
  readonly trials: number;
  readonly medianS: number;
  readonly p95S: number;
  /** The target: export interval + scrape interval + 1 s (the scrape alone for the direct app). */
  readonly targetS: number;
  /** CPU of the collector and Prometheus during the trials, in % of one core. */
  readonly collectorCpuPercent: number;
  readonly prometheusCpuPercent: number;
}

const POLL_MS = 100;
const TRIAL_TIMEOUT_MS = 60_000;

type CountOf = (pipelineName: string) => Promise<number>;

/** The count of `metric` in a pipeline, read in the representation the server holds. */
async function countReader(client: PrometheusClient, metric: string): Promise<CountOf> {
  const representations = await awaitCounts(client, BENCH_PIPELINES, metric, 200, 120_000);
  return async (name) => {
    const pipeline = BENCH_PIPELINES.find((candidate) => candidate.name === name);
    if (!pipeline) return 0;
    const representation = representations.get(name) as Representation;
    return (await client.value(promql.totalCount(pipeline, metric, representation))) ?? 0;
  };
}

/** Records one upload and adds, per pipeline, the seconds until its count went up. */
async function runTrial(feed: FeedProcess, countOf: CountOf, latencies: Map<string, number[]>): Promise<void> {
  const before = new Map<string, number>();
  for (const pipeline of BENCH_PIPELINES) before.set(pipeline.name, await countOf(pipeline.name));
  const recordedAt = await feed.record();
  const pending = new Set(BENCH_PIPELINES.map((pipeline) => pipeline.name));
  while (pending.size > 0) {
    if (Date.now() - recordedAt > TRIAL_TIMEOUT_MS)
      throw new Error(`bench: an upload never became visible in ${[...pending].join(', ')}`);
    for (const name of [...pending]) {
      if ((await countOf(name)) > (before.get(name) ?? 0)) {
        latencies.get(name)?.push((Date.now() - recordedAt) / 1000);
        pending.delete(name);
      }
    }
    await sleep(POLL_MS);
  }
}

/** One row per pipeline: its latencies' median and p95 against the target, with the CPU shares. */
function freshnessRows(
  setting: FreshnessSetting,
  latencies: ReadonlyMap<string, number[]>,
  cpu: { readonly collector: number; readonly prometheus: number },
): FreshnessRow[] {
  const exportS = setting.exportIntervalMs / 1000;
  const scrapeS = Number.parseFloat(setting.scrapeInterval);
  return BENCH_PIPELINES.map((pipeline) => {
    const values = latencies.get(pipeline.name) ?? [];
    return {
      setting: setting.name,
      exportIntervalS: exportS,
      scrapeIntervalS: scrapeS,
      pipeline: pipeline.name,
      trials: values.length,
      medianS: round(percentile(values, 0.5), 2),
      p95S: round(percentile(values, 0.95), 2),
      targetS: pipeline.name === 'direct' ? scrapeS + 1 : exportS + scrapeS + 1,
      collectorCpuPercent: round(cpu.collector * 100, 1),
      prometheusCpuPercent: round(cpu.prometheus * 100, 1),
    };
  });
}

/**
 * Seconds from one upload being recorded to its count being visible in a Prometheus query,
 * per pipeline, over `trials` trials spaced by a random pause (so that a trial does not always
 * start at the same point of the export and scrape cycles). Also returns the stack for the
 * storage figures, which the caller stops.
 */
export async function measureFreshness(
  setting: FreshnessSetting,
  trials: number,
  log: (line: string) => void,
  onStack?: (stack: BenchStack) => Promise<void>,
): Promise<FreshnessRow[]> {
  const stack = await startBenchStack(log, { scrapeInterval: setting.scrapeInterval });
  const feed = await startFeed({
    kind: 'feed',
    workload: 'demo',
    // Enough uploads for every file type to have its series before the trials (and the series count).
    count: 200,
    otlpMetricsUrl: `${stack.urls.otlpHttp}/v1/metrics`,
    otlpExponentialMetricsUrl: `${stack.urls.otlpExponentialHttp}/v1/metrics`,
    directPort: stack.ports.directApp,
    exportIntervalMs: setting.exportIntervalMs,
    instanceId: 'bench-freshness',
  }).catch(async (error: unknown) => {
    await stack.down();
    throw error;
  });
  try {
    const countOf = await countReader(new PrometheusClient(stack.urls.prometheus), UPLOADED_FILE_BYTES.name);
    const latencies = new Map<string, number[]>(BENCH_PIPELINES.map((pipeline) => [pipeline.name, []]));
    const pids = await stack.pids();
    const cpuBefore = { collector: await cpuSeconds(pids.collector), prometheus: await cpuSeconds(pids.prometheus) };
    const started = Date.now();
    for (let trial = 0; trial < trials; trial++) {
      await runTrial(feed, countOf, latencies);
      await sleep(Math.random() * setting.exportIntervalMs);
      if ((trial + 1) % 5 === 0) log(`  freshness (${setting.name}): ${trial + 1}/${trials} trials`);
    }
    const elapsed = (Date.now() - started) / 1000;
    const cpu = {
      collector: ((await cpuSeconds(pids.collector)) - cpuBefore.collector) / elapsed,
      prometheus: ((await cpuSeconds(pids.prometheus)) - cpuBefore.prometheus) / elapsed,
    };
    await onStack?.(stack);
    return freshnessRows(setting, latencies, cpu);
  } finally {
    await feed.stop();
    await stack.down();
  }
}
