import type { Interval } from '../histogram/quantiles.js';

export const REPORT_QUANTILES = [0.5, 0.9, 0.95, 0.99] as const;

import type { Representation } from '../promql/quantile.js';

/** How a pipeline's histogram of one metric is stored on the server: detected by verify, never assumed. */
export type { Representation };

/** How values are printed: sizes as whole numbers, durations to 0.1 ms, anything else to 6 digits. */
export type ValueUnit = 'bytes' | 'seconds' | 'other';

export interface BucketCount {
  /** The `le` label exactly as Prometheus stores it. */
  readonly le: string;
  /** Cumulative count of observations <= le. */
  readonly count: number;
}

/** A quantile estimate with the interval the histogram guarantees it lies in. */
export interface Estimate {
  readonly quantile: number;
  /** Prometheus' `histogram_quantile`. */
  readonly estimate: number;
  /**
   * The guaranteed interval (src/histogram): the bucket that holds rank q·n, or those of x(k) and
   * x(k+1) when q·n is an integer k. The estimate and the true quantile both lie in it. Undefined
   * when the histogram cannot give one (no observations, a single `+Inf` bucket).
   */
  readonly guaranteed?: Interval;
  /** Classic: the rank is in `+Inf`; Prometheus returns the last finite bound, the error is unbounded. */
  readonly unbounded?: boolean;
}

/** Prometheus' estimate of the share of observations at or below a threshold, with its guaranteed interval. */
export interface FractionEstimate {
  readonly threshold: number;
  /** `histogram_fraction(-Inf, threshold, ...)`, from 0 to 1. */
  readonly estimate: number;
  /** From the buckets wholly at or below the threshold to those that can hold a value at or below it. */
  readonly interval?: Interval;
  /** The threshold is a bucket boundary (classic `le`, or a native bucket bound): no interpolation. */
  readonly boundary: boolean;
}

export interface PipelineStats {
  readonly pipeline: string;
  /** Undefined when the pipeline holds the metric in no representation. */
  readonly representation?: Representation;
  readonly present: boolean;
  readonly count: number;
  readonly sum: number;
  readonly mean: number;
  /** Classic: cumulative buckets; native: empty. */
  readonly buckets: readonly BucketCount[];
  /** One per report quantile, same order. */
  readonly estimates: readonly Estimate[];
  /** One per threshold of the metric (`--threshold`), same order. */
  readonly fractions?: readonly FractionEstimate[];
  /** Native: the scales read per series (more than one: a mixed scale), and the widest bucket's relative width. */
  readonly scales?: readonly number[];
  readonly relativeErrorBound?: number;
}

export interface ExactStats {
  readonly count: number;
  readonly sum: number;
  readonly mean: number;
  /** The exact q-quantile per report quantile: [x(k), x(k+1)] when q·n is an integer k, else x(⌈q·n⌉). */
  readonly quantiles: readonly Interval[];
}

/** An estimate measured against the truth. */
export interface QuantileError extends Estimate {
  readonly pipeline: string;
  readonly representation: Representation;
  /** The exact quantile interval; absent without a truth. */
  readonly exact?: Interval;
  /** Signed distance from the estimate to the exact interval (0 inside it), in the metric's unit. */
  readonly absolute?: number;
  /** The same, relative to the nearer end of the exact interval. */
  readonly relative?: number;
  /** Native: the relative width of a bucket at the scale read, 2^(2^-scale) - 1. */
  readonly bound?: number;
}

/**
 * The SLO question for one threshold, pipeline and scope: what share of the observations is at or
 * below `value`? Shares run from 0 to 1.
 */
export interface ThresholdShare {
  readonly metric: string;
  readonly scope: string;
  readonly pipeline: string;
  readonly representation: Representation;
  readonly value: number;
  /** Prometheus' `histogram_fraction(-Inf, value, ...)`. */
  readonly estimate: number;
  /** [lower, upper]: the buckets wholly at or below `value`, and those that can hold a value at or below it. */
  readonly interval: readonly [number, number] | null;
  /** The share of the recorded values at or below `value`; absent without a truth. */
  readonly exact?: number;
  /** estimate - exact, in share (0.01 is one percentage point). */
  readonly error?: number;
  /** `value` is a bucket boundary: the estimate is exact there; else it is an interpolation inside a bucket. */
  readonly boundary: boolean;
}

export interface ScopeReport {
  readonly metric: string;
  readonly unit: ValueUnit;
  /** `all`, or `label="value"` for one value of a truth label column. */
  readonly scope: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly pipelines: readonly PipelineStats[];
  readonly exact?: ExactStats;
  /** Every estimate of every pipeline, with its guaranteed interval and, given a truth, its error. */
  readonly quantileErrors: readonly QuantileError[];
}

/**
 * The check that failed, named so that a user can tell what is wrong:
 * - `missing`: no series in any representation; `count`, `sum`, `bucket`: values differ;
 * - `estimate-in-bucket`: an estimate outside the bucket holding its rank (a bug, or data changing mid-read);
 * - `truth-in-bucket`: the true quantile outside that bucket (the buckets do not hold the recorded values);
 * - `intervals-overlap`: two pipelines' guaranteed intervals share no value (they hold different data);
 * - `native-bucket-counts`: a native histogram whose bucket counts do not add up to its count;
 * - `share-in-interval`: a threshold's estimated share outside its guaranteed interval (a bug, or data changing mid-read);
 * - `truth-share-in-interval`: the recorded share at or below a threshold outside that interval.
 */
export type Check =
  | 'missing'
  | 'count'
  | 'sum'
  | 'bucket'
  | 'estimate-in-bucket'
  | 'truth-in-bucket'
  | 'intervals-overlap'
  | 'native-bucket-counts'
  | 'share-in-interval'
  | 'truth-share-in-interval';

export interface Disagreement {
  readonly metric: string;
  readonly scope: string;
  readonly pipeline: string;
  /** Another pipeline, or `truth`: the recorded values (truth file or seeded stream). */
  readonly against: string;
  readonly field: Check;
  readonly le?: string;
  readonly quantile?: number;
  /** The threshold of a share check. */
  readonly threshold?: number;
  readonly expected?: number;
  readonly actual?: number;
  readonly message: string;
}

/** What the server holds of one metric in one pipeline, and why it differs from the others when it does. */
export interface RepresentationNote {
  readonly metric: string;
  readonly pipeline: string;
  readonly representations: readonly Representation[];
  readonly message: string;
}

export interface VerifyReport {
  readonly generatedAt: string;
  readonly prometheusUrl: string;
  /** Where the exact truth comes from (a truth file, the seeded upload stream), or undefined without one. */
  readonly truthSource?: string;
  readonly truthFile?: string;
  /**
   * Apps still recording: the pipelines hold different numbers of observations (each delivers with
   * its own delay), so each is checked against its own prefix of the truth, not against the others.
   */
  readonly live: boolean;
  readonly quantiles: readonly number[];
  readonly exactDefinition: string;
  readonly errorDefinition: string;
  readonly pipelines: readonly { readonly name: string; readonly title: string; readonly template: string }[];
  readonly representations: readonly RepresentationNote[];
  readonly scopes: readonly ScopeReport[];
  /** The share at or below each `--threshold`, per scope and pipeline, in scope order; empty without one. */
  readonly thresholds: readonly ThresholdShare[];
  readonly thresholdDefinition?: string;
  /**
   * Per metric, label values past `maxScopes` that got no scope of their own (and no chart): they
   * are still counted in the all-series scope, but not checked one by one.
   */
  readonly scopesLeftOut?: readonly { readonly metric: string; readonly count: number; readonly first: string }[];
  readonly disagreements: readonly Disagreement[];
  readonly verdict: 'agree' | 'disagree';
}

export const EXACT_DEFINITION =
  'the exact q-quantile is [x(k), x(k+1)] when q*n is an integer k (every value between is one), else x(ceil(q*n))';

export const ERROR_DEFINITION =
  'error = distance from the estimate to the exact interval (0 inside); guaranteed = the bucket holding rank q*n, ' +
  'or, when q*n is an integer k, the buckets holding x(k) and x(k+1) and all between (Prometheus may estimate in either)';

export const THRESHOLD_DEFINITION =
  "share at or below VALUE = Prometheus' histogram_fraction(-Inf, VALUE, ...): exact at a bucket boundary, else " +
  'interpolated inside the bucket holding VALUE (classic: linearly; native: logarithmically); guaranteed = from the ' +
  'buckets wholly at or below VALUE to every bucket that can hold a value at or below it';
