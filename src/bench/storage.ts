import { join } from 'node:path';
import { HISTOGRAMS } from '../metrics/definitions.js';
import { PrometheusClient } from '../prometheus/PrometheusClient.js';
import { execOrFail } from '../stack/exec.js';
import type { BenchStack } from './benchStack.js';
import { BENCH_PIPELINES, detectRepresentation, promql, type Representation } from './queries.js';
import { round } from './stats.js';

export interface SeriesRow {
  readonly pipeline: string;
  readonly metric: string;
  readonly representation: Representation;
  readonly series: number;
  /** From `promtool tsdb analyze --extended` on a snapshot: chunk averages of these series. */
  readonly samplesPerChunk: number | null;
  readonly bytesPerChunk: number | null;
  readonly bytesPerSample: number | null;
}

/** "samples per float chunk (min/avg/max): 1/37/60": the average. */
function average(output: string, what: string): number | null {
  const match = new RegExp(`${what} \\(min/avg/max\\): \\d+/(\\d+)/\\d+`).exec(output);
  return match ? Number(match[1]) : null;
}

/**
 * Series per histogram per pipeline, and bytes per sample in the TSDB: the head is snapshotted
 * into a block (admin API) and promtool reads each pipeline's chunks from it. Float chunks hold
 * one bucket, count or sum each; a histogram chunk holds whole native histograms.
 */
export async function measureSeriesAndStorage(stack: BenchStack, promtool: string): Promise<SeriesRow[]> {
  const client = new PrometheusClient(stack.urls.prometheus);
  const response = await fetch(new URL('/api/v1/admin/tsdb/snapshot', stack.urls.prometheus), { method: 'POST' });
  const snapshot = ((await response.json()) as { data?: { name?: string } }).data?.name;
  if (!snapshot) throw new Error(`bench: Prometheus made no TSDB snapshot (HTTP ${response.status})`);
  const block = join(stack.stateDir, 'prometheus-data', 'snapshots', snapshot);
  const rows: SeriesRow[] = [];
  for (const metric of HISTOGRAMS) {
    for (const pipeline of BENCH_PIPELINES) {
      const representation = await detectRepresentation(client, pipeline, metric.name);
      const series = (await client.value(promql.seriesCount(pipeline, metric.name))) ?? 0;
      const output = await execOrFail('prometheus', 'promtool tsdb analyze', promtool, [
        'tsdb',
        'analyze',
        '--extended',
        `--match=${promql.seriesMatch(pipeline, metric.name)}`,
        block,
      ]);
      const kind = representation === 'classic' ? 'float' : 'histogram';
      const samplesPerChunk = average(output, `samples per ${kind} chunk`);
      const bytesPerChunk = average(output, `bytes per ${kind} chunk`);
      rows.push({
        pipeline: pipeline.name,
        metric: metric.name,
        representation,
        series,
        samplesPerChunk,
        bytesPerChunk,
        bytesPerSample: samplesPerChunk && bytesPerChunk ? round(bytesPerChunk / samplesPerChunk, 2) : null,
      });
    }
  }
  return rows;
}
