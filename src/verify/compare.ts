import type { HistogramDefinition } from '../metrics/definitions.js';
import { exactSummary } from '../workload/exact.js';
import type { Upload } from '../workload/uploads.js';
import { byLe, leBound } from './le.js';
import type { PipelineId } from './pipelines.js';
import type { Disagreement, ExactStats, PipelineStats, QuantileError, Scope } from './report.js';
import { REPORT_QUANTILES } from './report.js';

/** Sums are float64 in both SDKs but accumulated in different orders: equal to 1e-9, relatively. */
export const SUM_TOLERANCE = 1e-9;

function sumsAgree(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= SUM_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Everything on which a pipeline differs from the reference in one scope: its absence, count,
 * sum, and (both classic) every bucket by `le`, a bucket missing on one side included.
 */
export function comparePipelines(
  metric: string,
  scope: Scope,
  reference: PipelineStats,
  other: PipelineStats,
  kind: 'classic' | 'native',
): Disagreement[] {
  const base = { metric, scope, pipeline: other.pipeline, against: reference.pipeline };
  const where = `${metric}${scope === 'all' ? '' : `{file_type="${scope}"}`}`;
  if (!other.present && reference.present) {
    return [
      {
        ...base,
        field: 'missing',
        expected: reference.count,
        message: `${other.pipeline}: no series for ${where}, ${reference.pipeline} has count ${reference.count}`,
      },
    ];
  }
  const differences: Disagreement[] = [];
  if (other.count !== reference.count) {
    differences.push({
      ...base,
      field: 'count',
      expected: reference.count,
      actual: other.count,
      message: `${other.pipeline}: ${where} count ${other.count}, ${reference.pipeline} ${reference.count}`,
    });
  }
  if (!sumsAgree(other.sum, reference.sum)) {
    differences.push({
      ...base,
      field: 'sum',
      expected: reference.sum,
      actual: other.sum,
      message: `${other.pipeline}: ${where} sum ${other.sum}, ${reference.pipeline} ${reference.sum}`,
    });
  }
  if (kind === 'classic') {
    const expected = new Map(reference.buckets.map((bucket) => [bucket.le, bucket.count]));
    const actual = new Map(other.buckets.map((bucket) => [bucket.le, bucket.count]));
    const les = [...new Set([...expected.keys(), ...actual.keys()])].sort(byLe);
    for (const le of les) {
      const want = expected.get(le);
      const got = actual.get(le);
      if (want === got) continue;
      differences.push({
        ...base,
        field: 'bucket',
        le,
        ...(want === undefined ? {} : { expected: want }),
        ...(got === undefined ? {} : { actual: got }),
        message: `${other.pipeline}: ${where}_bucket{le="${le}"} ${got ?? 'missing'}, ${reference.pipeline} ${want ?? 'missing'}`,
      });
    }
  }
  return differences;
}

/**
 * A pipeline against the truth: the first `stats`-count uploads of the run (the observations
 * file, or the seeded stream), for which it must show the same count, sum and every bucket.
 * Pipelines read mid-run are at different points of the stream; each is checked at its own.
 */
export function compareWithTruth(
  metric: HistogramDefinition,
  scope: Scope,
  stats: PipelineStats,
  prefix: readonly Upload[],
  source: string,
): Disagreement[] {
  if (!stats.present) return [];
  const where = `${metric.name}${scope === 'all' ? '' : `{file_type="${scope}"}`}`;
  const base = { metric: metric.name, scope, pipeline: stats.pipeline, against: 'truth' as const };
  const truth = exactSummary(prefix, metric, scope === 'all' ? undefined : scope);
  if (truth.count !== stats.count) {
    return [
      {
        ...base,
        field: 'count',
        expected: truth.count,
        actual: stats.count,
        message: `${stats.pipeline}: ${where} count ${stats.count}, ${source} ${truth.count}`,
      },
    ];
  }
  const differences: Disagreement[] = [];
  if (!sumsAgree(stats.sum, truth.sum)) {
    differences.push({
      ...base,
      field: 'sum',
      expected: truth.sum,
      actual: stats.sum,
      message: `${stats.pipeline}: ${where} sum ${stats.sum}, ${source} ${truth.sum}`,
    });
  }
  for (const bucket of stats.buckets) {
    const bound = leBound(bucket.le);
    const expected = truth.sortedValues.filter((value) => value <= bound).length;
    if (expected === bucket.count) continue;
    differences.push({
      ...base,
      field: 'bucket',
      le: bucket.le,
      expected,
      actual: bucket.count,
      message: `${stats.pipeline}: ${where}_bucket{le="${bucket.le}"} ${bucket.count}, ${source} ${expected}`,
    });
  }
  return differences;
}

export function quantileErrors(stats: PipelineStats, exact: ExactStats, pipeline: PipelineId): QuantileError[] {
  if (!stats.present) return [];
  return REPORT_QUANTILES.map((quantile, index) => {
    const estimate = stats.quantiles[index] ?? Number.NaN;
    const truth = exact.quantiles[index] ?? Number.NaN;
    const absolute = estimate - truth;
    return {
      pipeline,
      quantile,
      estimate,
      exact: truth,
      absolute,
      relative: truth === 0 ? Number.NaN : absolute / truth,
      ...(stats.relativeErrorBound === undefined ? {} : { bound: stats.relativeErrorBound }),
    };
  });
}
