import { setTimeout as sleep } from 'node:timers/promises';
import {
  type ClassicBucket,
  classicGuaranteedInterval,
  exactQuantileInterval,
  type Interval,
  nativeGuaranteedInterval,
  relativeErrorToInterval,
} from '../histogram/quantiles.js';
import { UPLOADED_FILE_BYTES } from '../metrics/definitions.js';
import type { Pipeline } from '../pipelines/registry.js';
import { parseLe } from '../prometheus/le.js';
import { PrometheusClient } from '../prometheus/PrometheusClient.js';
import type { BenchStack } from './benchStack.js';
import { BENCH_PIPELINES, detectRepresentation, promql, type Representation } from './queries.js';
import { round } from './stats.js';
import type { BenchWorkload } from './workloads.js';
import { workloadUploads } from './workloads.js';

export const QUANTILES = [0.5, 0.9, 0.95, 0.99, 0.999] as const;

export interface QuantileAccuracy {
  readonly q: number;
  readonly exact: Interval;
  readonly estimate: number;
  /** Signed relative error of the estimate against the exact interval (0 inside it), in %. */
  readonly errorPercent: number;
  /** The interval the estimate is guaranteed to lie in (src/histogram's one definition). */
  readonly guaranteed: Interval;
  /** The largest error that interval allows against the exact one, in % (null: unbounded, +Inf bucket). */
  readonly boundPercent: number | null;
}

export interface PipelineAccuracy {
  readonly pipeline: string;
  readonly representation: Representation;
  readonly count: number;
  readonly quantiles: readonly QuantileAccuracy[];
}

export interface WorkloadAccuracy {
  readonly workload: BenchWorkload;
  readonly uploads: number;
  readonly metric: string;
  readonly pipelines: readonly PipelineAccuracy[];
}

const percent = (ratio: number) => (Number.isFinite(ratio) ? round(ratio * 100, 3) : ratio);

async function guaranteedInterval(
  client: PrometheusClient,
  pipeline: Pipeline,
  metric: string,
  representation: Representation,
  q: number,
): Promise<Interval | undefined> {
  const samples = await client.query(promql.buckets(pipeline, metric, representation));
  if (representation === 'native') {
    const histogram = samples[0]?.histogram;
    return histogram ? nativeGuaranteedInterval(histogram.buckets, histogram.count, q) : undefined;
  }
  const buckets: ClassicBucket[] = samples.map((sample) => ({
    upperBound: parseLe(sample.labels.le ?? ''),
    cumulativeCount: sample.value,
  }));
  return classicGuaranteedInterval(buckets, q);
}

/** Waits until every pipeline holds `count` observations of the metric. */
export async function awaitCounts(
  client: PrometheusClient,
  pipelines: readonly Pipeline[],
  metric: string,
  count: number,
  timeoutMs: number,
): Promise<Map<string, Representation>> {
  const deadline = Date.now() + timeoutMs;
  const representations = new Map<string, Representation>();
  for (;;) {
    let complete = true;
    for (const pipeline of pipelines) {
      const representation = await detectRepresentation(client, pipeline, metric);
      representations.set(pipeline.name, representation);
      const seen = await client.value(promql.totalCount(pipeline, metric, representation));
      if (seen === undefined || seen < count) complete = false;
    }
    if (complete) return representations;
    if (Date.now() > deadline)
      throw new Error(`bench: the pipelines did not reach ${count} ${metric} observations in time`);
    await sleep(500);
  }
}

/**
 * One workload through the real pipelines of a running stack: the worker has recorded
 * `uploads` uploads; each pipeline's estimates are compared with the exact quantiles.
 */
export async function measureAccuracy(
  stack: BenchStack,
  workload: BenchWorkload,
  uploads: number,
): Promise<WorkloadAccuracy> {
  const client = new PrometheusClient(stack.urls.prometheus);
  const metric = `${UPLOADED_FILE_BYTES.name}`;
  const representations = await awaitCounts(client, BENCH_PIPELINES, metric, uploads, 120_000);
  const sorted = workloadUploads(workload, 42, uploads)
    .map((upload) => upload.bytes)
    .sort((a, b) => a - b);
  const pipelines: PipelineAccuracy[] = [];
  for (const pipeline of BENCH_PIPELINES) {
    const representation = representations.get(pipeline.name) ?? 'classic';
    const quantiles: QuantileAccuracy[] = [];
    for (const q of QUANTILES) {
      const exact = exactQuantileInterval(sorted, q);
      const estimate = await client.value(promql.quantile(q, pipeline, metric, representation));
      const guaranteed = await guaranteedInterval(client, pipeline, metric, representation, q);
      if (!exact || estimate === undefined || !guaranteed) continue;
      const bound = Math.max(
        Math.abs(relativeErrorToInterval(guaranteed.lower, exact)),
        Math.abs(relativeErrorToInterval(guaranteed.upper, exact)),
      );
      quantiles.push({
        q,
        exact,
        estimate: round(estimate, 3),
        errorPercent: percent(relativeErrorToInterval(estimate, exact)),
        guaranteed,
        boundPercent: Number.isFinite(bound) ? percent(bound) : null,
      });
    }
    const count = (await client.value(promql.totalCount(pipeline, metric, representation))) ?? 0;
    pipelines.push({ pipeline: pipeline.name, representation, count, quantiles });
  }
  return { workload, uploads, metric, pipelines };
}
