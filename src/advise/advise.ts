/**
 * advise for one metric: the optimised layout and, on the same reference, the predicted errors of
 * the layouts it should be compared with.
 */
import { AdviseDataError } from './AdviseDataError.js';
import { candidateGrid, FINE_MANTISSAS, logSpacedBoundaries, mergeCandidates, NICE_MANTISSAS } from './grid.js';
import { nativeBuckets, scaleForPopulated } from './native.js';
import { optimiseBoundaries } from './optimise.js';
import { type LayoutPrediction, predictClassic, predictNative } from './predict.js';
import type { Reference } from './Reference.js';

export interface AdviseObjective {
  /** Number of finite boundaries. @example 10 */
  readonly buckets: number;
  /** Target quantiles, each in (0, 1). @example [0.5, 0.9, 0.95, 0.99] */
  readonly quantiles: readonly number[];
  /** Values that must be boundaries, e.g. an SLO's latency target. @example [0.3] */
  readonly thresholds: readonly number[];
  /** Boundaries on the nice 1-2-2.5-5 grid (true) or a fine grid. */
  readonly nice: boolean;
}

export const DEFAULT_OBJECTIVE: AdviseObjective = {
  buckets: 10,
  quantiles: [0.5, 0.9, 0.95, 0.99],
  thresholds: [],
  nice: true,
};

export interface ClassicPrediction extends LayoutPrediction {
  readonly boundaries: readonly number[];
}

export interface NativePrediction extends LayoutPrediction {
  readonly scale: number;
  /** Buckets the whole data fills at that scale. */
  readonly populatedBuckets: number;
}

/** What `--json` prints under `predicted`, per metric. */
export interface Predicted {
  /** Where the reference came from: `truth file`, `native histogram`, `classic histogram`. */
  readonly source: string;
  /** How much the reference limits the advice (a classic histogram is only known to its own buckets). */
  readonly limit?: string;
  readonly quantiles: readonly number[];
  readonly observations: number;
  /** Time windows judged besides all data (0: one sample). */
  readonly windows: number;
  readonly advised: ClassicPrediction;
  /** The layout in use, when known (a classic histogram in Prometheus, a metric of the demo). */
  readonly current?: ClassicPrediction;
  readonly logSpaced: ClassicPrediction;
  readonly native: NativePrediction;
}

export interface MetricAdvice {
  readonly metric: string;
  readonly boundaries: readonly number[];
  readonly predicted: Predicted;
}

/** Advises boundaries for one metric's reference distribution. */
/** The data advise fits, and what is known about it. */
export interface AdviseInput {
  readonly metric: string;
  readonly reference: Reference;
  readonly source: string;
  readonly limit?: string;
  /** The boundaries in use, when known. */
  readonly current?: readonly number[];
}

function countBelowZero(sorted: ArrayLike<number>): number {
  let count = 0;
  while (count < sorted.length && (sorted[count] as number) < 0) count++;
  return count;
}

export function adviseMetric(input: AdviseInput, objective: AdviseObjective): MetricAdvice {
  const { metric, reference, current } = input;
  const { sorted } = reference.all;
  // Classic buckets here start at 0, as Prometheus' first bucket does: a negative value would be
  // counted in it yet lie outside it, and every prediction would be off (199% was seen).
  const negative = countBelowZero(sorted);
  if (negative > 0) {
    throw new AdviseDataError(
      metric,
      input.source,
      `${negative} of ${sorted.length} observations are negative (the lowest is ${sorted[0]}); advise places boundaries for values of 0 and above`,
    );
  }
  const min = sorted.find((value) => value > 0);
  if (min === undefined) {
    throw new AdviseDataError(
      metric,
      input.source,
      `all ${sorted.length} observations are 0: no boundary above 0 tells them apart`,
    );
  }
  const max = reference.max;
  const grid = candidateGrid(min, max, objective.nice ? NICE_MANTISSAS : FINE_MANTISSAS);
  const candidates = mergeCandidates(grid, objective.thresholds);
  const boundaries = optimiseBoundaries(reference, {
    count: objective.buckets,
    quantiles: objective.quantiles,
    candidates,
    thresholds: objective.thresholds,
  });
  const classic = (boundaries: readonly number[]): ClassicPrediction => ({
    boundaries,
    ...predictClassic(reference, boundaries, objective.quantiles),
  });
  // A classic layout of N finite boundaries has N + 1 buckets with +Inf.
  const scale = scaleForPopulated(sorted, objective.buckets + 1);
  return {
    metric,
    boundaries,
    predicted: {
      source: input.source,
      ...(input.limit ? { limit: input.limit } : {}),
      quantiles: objective.quantiles,
      observations: reference.count,
      windows: reference.windows.length,
      advised: classic(boundaries),
      ...(current ? { current: classic(current) } : {}),
      logSpaced: classic(logSpacedBoundaries(min, max, objective.buckets)),
      native: {
        scale,
        populatedBuckets: nativeBuckets(sorted, scale).length,
        ...predictNative(reference, scale, objective.quantiles),
      },
    },
  };
}
