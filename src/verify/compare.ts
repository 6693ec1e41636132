import { exactFraction } from '../histogram/fractions.js';
import {
  exactQuantileInterval,
  type Interval,
  intervalsOverlap,
  relativeErrorToInterval,
  withinInterval,
} from '../histogram/quantiles.js';
import { byLe, parseLe } from '../prometheus/le.js';
import { quantileLabel } from './format.js';
import type { Disagreement, ExactStats, PipelineStats, QuantileError, ThresholdShare } from './report.js';
import { REPORT_QUANTILES } from './report.js';

/** Sums are float64 in every SDK but accumulated in different orders: equal to 1e-9, relatively. */
export const SUM_TOLERANCE = 1e-9;

function sumsAgree(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= SUM_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** Bucket bounds travel as decimal strings: a value on a bound may come back a last digit apart. */
function widen(interval: Interval): Interval {
  const slack = (value: number) => (Number.isFinite(value) ? SUM_TOLERANCE * Math.abs(value) : 0);
  return { lower: interval.lower - slack(interval.lower), upper: interval.upper + slack(interval.upper) };
}

function where(metric: string, scope: string): string {
  return scope === 'all' ? metric : `${metric}{${scope}}`;
}

/** A pipeline as messages name it: with its representation when that differs from the other side's. */
function nameOf(stats: PipelineStats, other: PipelineStats): string {
  return stats.representation && stats.representation !== other.representation
    ? `${stats.pipeline} (${stats.representation})`
    : stats.pipeline;
}

/** The exact truth of one scope from its values: count, sum, and each quantile as an interval. */
export function exactStats(values: readonly number[]): ExactStats {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    sum,
    mean: sorted.length > 0 ? sum / sorted.length : Number.NaN,
    quantiles: REPORT_QUANTILES.map(
      (q) => exactQuantileInterval(sorted, q) ?? { lower: Number.NaN, upper: Number.NaN },
    ),
  };
}

/**
 * Everything on which a pipeline differs from the reference in one scope, on what both carry:
 * count and sum always; every bucket by `le` when both are classic; otherwise each quantile's
 * guaranteed intervals, which must share a value (both hold the true quantile).
 */
export function comparePipelines(
  metric: string,
  scope: string,
  reference: PipelineStats,
  other: PipelineStats,
): Disagreement[] {
  const base = { metric, scope, pipeline: other.pipeline, against: reference.pipeline };
  const at = where(metric, scope);
  const name = nameOf(other, reference);
  const referenceName = nameOf(reference, other);
  const differences: Disagreement[] = [];
  if (other.count !== reference.count) {
    differences.push({
      ...base,
      field: 'count',
      expected: reference.count,
      actual: other.count,
      message: `${name}: ${at} count ${other.count}, ${referenceName} ${reference.count}`,
    });
  }
  if (!sumsAgree(other.sum, reference.sum)) {
    differences.push({
      ...base,
      field: 'sum',
      expected: reference.sum,
      actual: other.sum,
      message: `${name}: ${at} sum ${other.sum}, ${referenceName} ${reference.sum}`,
    });
  }
  if (other.representation === 'classic' && reference.representation === 'classic') {
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
        message: `${name}: ${at}_bucket{le="${le}"} ${got ?? 'missing'}, ${referenceName} ${want ?? 'missing'}`,
      });
    }
    return differences;
  }
  // Different layouts (or both native): each guaranteed interval holds the true quantile, so two of them share it.
  if (other.count !== reference.count) return differences;
  other.estimates.forEach((estimate, index) => {
    const theirs = reference.estimates[index]?.guaranteed;
    const ours = estimate.guaranteed;
    if (!ours || !theirs || intervalsOverlap(widen(ours), widen(theirs))) return;
    differences.push({
      ...base,
      field: 'intervals-overlap',
      quantile: estimate.quantile,
      message:
        `${name}: ${at} ${quantileLabel(estimate.quantile)} lies in [${ours.lower}, ${ours.upper}], ` +
        `${referenceName} in [${theirs.lower}, ${theirs.upper}]: the intervals share no value, so the two hold different data`,
    });
  });
  return differences;
}

/** A pipeline that holds nothing, against a reference that holds the metric. */
export function missingPipeline(
  metric: string,
  scope: string,
  pipeline: string,
  reference: PipelineStats,
): Disagreement {
  return {
    metric,
    scope,
    pipeline,
    against: reference.pipeline,
    field: 'missing',
    expected: reference.count,
    message:
      `${pipeline}: no series for ${where(metric, scope)} in any representation (classic _bucket series or native ` +
      `histogram samples), ${reference.pipeline} has count ${reference.count}`,
  };
}

/**
 * A pipeline against the truth, the first `count` recorded values: the same count, sum and every
 * classic bucket. Pipelines read mid-run are at different points of the run; each at its own.
 */
export function compareWithTruth(
  metric: string,
  scope: string,
  stats: PipelineStats,
  values: readonly number[],
  source: string,
): Disagreement[] {
  if (!stats.present) return [];
  const at = where(metric, scope);
  const name = stats.pipeline;
  const base = { metric, scope, pipeline: stats.pipeline, against: 'truth' };
  const truth = exactStats(values);
  if (truth.count !== stats.count) {
    return [
      {
        ...base,
        field: 'count',
        expected: truth.count,
        actual: stats.count,
        message: `${name}: ${at} count ${stats.count}, ${source} ${truth.count}`,
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
      message: `${name}: ${at} sum ${stats.sum}, ${source} ${truth.sum}`,
    });
  }
  for (const bucket of stats.buckets) {
    const bound = parseLe(bucket.le);
    const expected = values.filter((value) => value <= bound).length;
    if (expected === bucket.count) continue;
    differences.push({
      ...base,
      field: 'bucket',
      le: bucket.le,
      expected,
      actual: bucket.count,
      message: `${name}: ${at}_bucket{le="${bucket.le}"} ${bucket.count}, ${source} ${expected}`,
    });
  }
  return differences;
}

/**
 * Each estimate of a pipeline with its guaranteed interval and, given the exact truth, its error.
 * Flags an estimate outside its interval (`estimate-in-bucket`) and, given a truth of the same
 * count, a true quantile outside it (`truth-in-bucket`): either means something else is wrong.
 */
export function checkEstimates(
  metric: string,
  scope: string,
  stats: PipelineStats,
  exact: ExactStats | undefined,
): { errors: QuantileError[]; disagreements: Disagreement[] } {
  const errors: QuantileError[] = [];
  const disagreements: Disagreement[] = [];
  if (!stats.present || !stats.representation) return { errors, disagreements };
  const name = stats.pipeline;
  const base = { metric, scope, pipeline: stats.pipeline };
  const truthApplies = exact !== undefined && exact.count === stats.count;
  for (const [index, estimate] of stats.estimates.entries()) {
    const interval = truthApplies ? exact.quantiles[index] : undefined;
    const relative = interval ? relativeErrorToInterval(estimate.estimate, interval) : undefined;
    const absolute =
      interval && relative !== undefined
        ? relative === 0
          ? 0
          : estimate.estimate - (estimate.estimate < interval.lower ? interval.lower : interval.upper)
        : undefined;
    errors.push({
      ...estimate,
      pipeline: stats.pipeline,
      representation: stats.representation,
      ...(interval ? { exact: interval, absolute, relative } : {}),
      ...(stats.representation === 'native' && stats.relativeErrorBound !== undefined
        ? { bound: stats.relativeErrorBound }
        : {}),
    });
    const guaranteed = estimate.guaranteed;
    if (!guaranteed) continue;
    const label = `${name}: ${where(metric, scope)} ${quantileLabel(estimate.quantile)}`;
    const inside = widen(guaranteed);
    if (!withinInterval(estimate.estimate, guaranteed)) {
      disagreements.push({
        ...base,
        against: stats.pipeline,
        field: 'estimate-in-bucket',
        quantile: estimate.quantile,
        actual: estimate.estimate,
        message:
          `${label} estimate ${estimate.estimate} is outside [${guaranteed.lower}, ${guaranteed.upper}], its guaranteed ` +
          "interval (check failed: estimate-in-bucket; the server's quantile and its buckets disagree)",
      });
    }
    if (interval && !intervalsOverlap(interval, inside)) {
      disagreements.push({
        ...base,
        against: 'truth',
        field: 'truth-in-bucket',
        quantile: estimate.quantile,
        message:
          `${label}: the exact value [${interval.lower}, ${interval.upper}] is outside [${guaranteed.lower}, ` +
          `${guaranteed.upper}], its guaranteed interval (check failed: truth-in-bucket; the buckets do not hold the recorded values)`,
      });
    }
  }
  return { errors, disagreements };
}

/** Shares are ratios of counts computed in float64 on the server and here: equal to 1e-9. */
const SHARE_TOLERANCE = 1e-9;

function shareWithin(share: number, [lower, upper]: readonly [number, number]): boolean {
  return share >= lower - SHARE_TOLERANCE && share <= upper + SHARE_TOLERANCE;
}

const percent = (share: number) => `${Number((share * 100).toPrecision(6))}%`;

/**
 * The share at or below each threshold of a pipeline, with its guaranteed interval and, given the
 * pipeline's recorded values (`values`, of its own count), the exact share and the error. Flags an
 * estimate outside its interval (`share-in-interval`) and an exact share outside it (`truth-share-in-interval`).
 */
export function checkShares(
  metric: string,
  scope: string,
  stats: PipelineStats,
  values: readonly number[] | undefined,
): { shares: ThresholdShare[]; disagreements: Disagreement[] } {
  const shares: ThresholdShare[] = [];
  const disagreements: Disagreement[] = [];
  const { representation } = stats;
  if (!stats.present || !representation) return { shares, disagreements };
  const truthApplies = values !== undefined && values.length === stats.count;
  for (const fraction of stats.fractions ?? []) {
    const interval = fraction.interval ? ([fraction.interval.lower, fraction.interval.upper] as const) : null;
    const exact = truthApplies ? exactFraction(values, fraction.threshold) : undefined;
    shares.push({
      metric,
      scope,
      pipeline: stats.pipeline,
      representation,
      value: fraction.threshold,
      estimate: fraction.estimate,
      interval,
      ...(exact === undefined ? {} : { exact, error: fraction.estimate - exact }),
      boundary: fraction.boundary,
    });
    if (!interval) continue;
    const base = { metric, scope, pipeline: stats.pipeline, threshold: fraction.threshold };
    const label = `${stats.pipeline}: ${where(metric, scope)} share at or below ${fraction.threshold}`;
    const range = `[${percent(interval[0])}, ${percent(interval[1])}]`;
    if (!shareWithin(fraction.estimate, interval)) {
      disagreements.push({
        ...base,
        against: stats.pipeline,
        field: 'share-in-interval',
        actual: fraction.estimate,
        message:
          `${label} estimate ${percent(fraction.estimate)} is outside ${range}, its guaranteed interval ` +
          "(check failed: share-in-interval; the server's histogram_fraction and its buckets disagree)",
      });
    }
    if (exact !== undefined && !shareWithin(exact, interval)) {
      disagreements.push({
        ...base,
        against: 'truth',
        field: 'truth-share-in-interval',
        expected: exact,
        message:
          `${label}: the exact share ${percent(exact)} is outside ${range}, its guaranteed interval ` +
          '(check failed: truth-share-in-interval; the buckets do not hold the recorded values)',
      });
    }
  }
  return { shares, disagreements };
}
