import type { FileType } from '../metrics/definitions.js';
import type { PipelineId } from './pipelines.js';

export const REPORT_QUANTILES = [0.5, 0.9, 0.95, 0.99] as const;

/** `all` is every file type together. */
export type Scope = FileType | 'all';

export interface BucketCount {
  /** The `le` label exactly as Prometheus stores it. */
  readonly le: string;
  /** Cumulative count of observations <= le. */
  readonly count: number;
}

export interface PipelineStats {
  readonly pipeline: PipelineId;
  readonly present: boolean;
  readonly count: number;
  readonly sum: number;
  readonly mean: number;
  /** Classic pipelines: cumulative buckets; native: empty. */
  readonly buckets: readonly BucketCount[];
  /** histogram_quantile estimate per quantile, same order as REPORT_QUANTILES. */
  readonly quantiles: readonly number[];
  /** Native pipeline: the histogram's scale, and its relative error bound 2^(2^-scale) - 1. */
  readonly scale?: number;
  readonly relativeErrorBound?: number;
}

export interface ExactStats {
  readonly count: number;
  readonly sum: number;
  readonly mean: number;
  /** Nearest-rank quantiles, same order as REPORT_QUANTILES. */
  readonly quantiles: readonly number[];
}

export interface QuantileError {
  readonly pipeline: PipelineId;
  readonly quantile: number;
  readonly estimate: number;
  readonly exact: number;
  readonly absolute: number;
  readonly relative: number;
  /** The error the pipeline's layout guarantees, when it guarantees one (native histograms). */
  readonly bound?: number;
}

export interface ScopeReport {
  readonly metric: string;
  readonly unit: 'bytes' | 'seconds';
  readonly scope: Scope;
  readonly pipelines: readonly PipelineStats[];
  readonly exact?: ExactStats;
  readonly quantileErrors: readonly QuantileError[];
}

export interface Disagreement {
  readonly metric: string;
  readonly scope: Scope;
  readonly pipeline: PipelineId;
  /** Another pipeline, or `truth`: the run's uploads (observations file or seeded stream). */
  readonly against: PipelineId | 'truth';
  readonly field: 'missing' | 'count' | 'sum' | 'bucket';
  readonly le?: string;
  readonly expected?: number;
  readonly actual?: number;
  readonly message: string;
}

export interface VerifyReport {
  readonly generatedAt: string;
  readonly prometheusUrl: string;
  /** Where the exact truth comes from: the observations file, or the seeded upload stream. */
  readonly truthSource: string;
  readonly observationsFile?: string;
  /**
   * Apps still recording: the pipelines hold different numbers of uploads (each delivers with
   * its own delay), so each is checked against its own prefix of the truth, not against the others.
   */
  readonly live: boolean;
  readonly quantiles: readonly number[];
  readonly exactDefinition: string;
  readonly scopes: readonly ScopeReport[];
  readonly disagreements: readonly Disagreement[];
  readonly verdict: 'agree' | 'disagree';
}

export const EXACT_DEFINITION =
  'nearest rank: the smallest observed value with at least q of all observations at or below it (rank ceil(q*n))';
