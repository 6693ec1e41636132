import { cpus, loadavg, totalmem } from 'node:os';
import { ensureBinaries, ensurePromtool } from '../stack/binaries.js';
import { measureAccuracy, type WorkloadAccuracy } from './accuracy.js';
import { startBenchStack } from './benchStack.js';
import { FRESHNESS_SETTINGS, type FreshnessRow, measureFreshness } from './freshness.js';
import { type MemoryResult, measureMemory } from './memory.js';
import { measureRecordCost, type RecordCostResult } from './recordCost.js';
import { measureScale, type ScaleRow } from './scale.js';
import { startFeed } from './spawnWorker.js';
import { measureSeriesAndStorage, type SeriesRow } from './storage.js';
import { BENCH_WORKLOADS, type BenchWorkload } from './workloads.js';

export type BenchMode = 'quick' | 'full';

/** What each mode measures: full is the figures, quick the same sections, smaller. */
export const BENCH_PLANS = {
  quick: {
    recordRounds: 2,
    recordIterations: 300_000,
    freshnessTrials: 5,
    accuracyUploads: 10_000,
    scaleInstances: [1, 4],
    scaleUploads: 1_000,
    scaleWindowS: 10,
    memoryRounds: 1,
    memoryObservations: 200_000,
  },
  full: {
    recordRounds: 5,
    recordIterations: 1_000_000,
    freshnessTrials: 20,
    accuracyUploads: 100_000,
    scaleInstances: [1, 4, 16],
    scaleUploads: 10_000,
    scaleWindowS: 30,
    memoryRounds: 2,
    memoryObservations: 1_000_000,
  },
} as const;

type BenchPlan = (typeof BENCH_PLANS)[BenchMode];

export interface BenchResults {
  readonly mode: BenchMode;
  readonly command: string;
  readonly startedAt: string;
  readonly durationS: number;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly node: string;
    /** 1-minute load average when the run started (above ~1 on 2 cores: other work shared the machine) and ended (the last section's own load included). */
    readonly loadAverage: { readonly start: number; readonly end: number };
  };
  /** Wall seconds of each section, to see where a run's time goes. */
  readonly sectionSeconds: Readonly<Record<string, number>>;
  readonly recordCost: RecordCostResult;
  readonly freshness: readonly FreshnessRow[];
  readonly series: readonly SeriesRow[];
  readonly accuracy: readonly WorkloadAccuracy[];
  readonly scale: readonly ScaleRow[];
  readonly memory: MemoryResult;
}

/** Freshness at every setting; the series and storage figures from the run at the defaults. */
async function freshnessAndStorage(
  plan: Pick<BenchPlan, 'freshnessTrials'>,
  promtool: string,
  log: (line: string) => void,
): Promise<{ freshness: FreshnessRow[]; series: SeriesRow[] }> {
  const freshness: FreshnessRow[] = [];
  let series: SeriesRow[] = [];
  for (const setting of FRESHNESS_SETTINGS) {
    freshness.push(
      ...(await measureFreshness(setting, plan.freshnessTrials, log, async (stack) => {
        // The storage figures come from the run at the defaults: what a user's TSDB holds.
        if (setting.name === 'defaults') series = await measureSeriesAndStorage(stack, promtool);
      })),
    );
  }
  return { freshness, series };
}

/** One workload fed into a stack of its own, then each pipeline's quantiles against the exact ones. */
async function accuracyOf(
  workload: BenchWorkload,
  uploads: number,
  log: (line: string) => void,
): Promise<WorkloadAccuracy> {
  const stack = await startBenchStack(log);
  try {
    const feed = await startFeed({
      kind: 'feed',
      workload,
      count: uploads,
      otlpMetricsUrl: `${stack.urls.otlpHttp}/v1/metrics`,
      otlpExponentialMetricsUrl: `${stack.urls.otlpExponentialHttp}/v1/metrics`,
      directPort: stack.ports.directApp,
      exportIntervalMs: 1000,
      instanceId: `bench-accuracy-${workload}`,
    });
    try {
      return await measureAccuracy(stack, workload, uploads);
    } finally {
      await feed.stop();
    }
  } finally {
    await stack.down();
  }
}

/** Every section in turn; each stack it starts is stopped before the next section. */
export async function runBench(mode: BenchMode, log: (line: string) => void): Promise<BenchResults> {
  const plan = BENCH_PLANS[mode];
  const started = Date.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const sectionSeconds: Record<string, number> = {};
  let sectionStarted = Date.now();
  const endSection = (name: string) => {
    sectionSeconds[name] = Math.round((Date.now() - sectionStarted) / 1000);
    sectionStarted = Date.now();
  };
  await ensureBinaries(log, process.env);
  // promtool reads the TSDB snapshot; a first start from source builds it after Prometheus.
  const promtool = await ensurePromtool(log, process.env);
  endSection('binaries');

  log('Record cost (ns per observation)...');
  const recordCost = await measureRecordCost(plan.recordRounds, plan.recordIterations, log);
  endSection('recordCost');

  log('Memory (peak RSS after recording)...');
  const memory = await measureMemory(plan.memoryRounds, plan.memoryObservations);
  endSection('memory');

  log('Freshness, series and storage...');
  const { freshness, series } = await freshnessAndStorage(plan, promtool, log);
  endSection('freshnessAndStorage');

  log(`Accuracy (${plan.accuracyUploads} uploads per workload)...`);
  const accuracy: WorkloadAccuracy[] = [];
  for (const workload of BENCH_WORKLOADS) accuracy.push(await accuracyOf(workload, plan.accuracyUploads, log));
  endSection('accuracy');

  log('Scale (K Logfire apps)...');
  const scale: ScaleRow[] = [];
  for (const instances of plan.scaleInstances) {
    scale.push(await measureScale(instances, plan.scaleUploads, plan.scaleWindowS, log));
    log(`  ${instances} instance(s) done`);
  }
  endSection('scale');

  return {
    mode,
    command: mode === 'quick' ? 'npm run bench -- --quick' : 'npm run bench',
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverage: { start: round2(loadAtStart), end: round2(loadavg()[0] ?? 0) },
    },
    sectionSeconds,
    recordCost,
    freshness,
    series,
    accuracy,
    scale,
    memory,
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
