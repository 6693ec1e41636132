import { DEMO_PIPELINES, type Pipeline } from '../pipelines/registry.js';
import type { PrometheusClient } from '../prometheus/PrometheusClient.js';
import { benchPromql } from '../promql/bench.js';
import type { Representation } from '../promql/dashboards.js';

export type { Representation };
export const promql = benchPromql;

/** Classic when the server holds `_bucket` series for the pipeline, else native: detected, never assumed. */
export async function detectRepresentation(
  client: PrometheusClient,
  pipeline: Pipeline,
  metric: string,
): Promise<Representation> {
  const buckets = await client.value(`count(${promql.buckets(pipeline, metric, 'classic')})`);
  return buckets !== undefined && buckets > 0 ? 'classic' : 'native';
}

/**
 * The pipelines the bench measures: the registry's, less the collector-free one, which the bench's
 * workers do not feed (their Logfire app exports to the collector only).
 */
export const BENCH_PIPELINES = DEMO_PIPELINES.filter((pipeline) => pipeline.name !== 'otlp');
