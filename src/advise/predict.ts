/**
 * Predicted error of a layout on a reference: Prometheus' estimate replayed on each sample's
 * buckets, measured against the exact quantile interval of the same sample.
 */
import {
  type ClassicBucket,
  classicQuantile,
  exactQuantileInterval,
  nativeQuantile,
  relativeErrorToInterval,
} from '../histogram/quantiles.js';
import { nativeHistogram } from './native.js';
import { countAtOrBelow, type Reference, type ReferenceSample } from './Reference.js';

/** The worst error of one target quantile over every sample. */
export interface PredictedQuantileError {
  readonly quantile: number;
  /** Signed relative error with the largest magnitude (0.012 is +1.2%). */
  readonly error: number;
  /** The sample where it happens (`all` or a window). */
  readonly sample: string;
}

export interface LayoutPrediction {
  readonly byQuantile: readonly PredictedQuantileError[];
  /** The largest magnitude over every target quantile and sample. */
  readonly worst: number;
}

/** Cumulative classic buckets of a sample for finite boundaries, `+Inf` last. */
export function classicBuckets(sample: ReferenceSample, boundaries: readonly number[]): ClassicBucket[] {
  return [
    ...boundaries.map((upperBound) => ({ upperBound, cumulativeCount: countAtOrBelow(sample.sorted, upperBound) })),
    { upperBound: Number.POSITIVE_INFINITY, cumulativeCount: sample.sorted.length },
  ];
}

function summarise(
  reference: Reference,
  quantiles: readonly number[],
  estimate: (sample: ReferenceSample, sampleIndex: number, q: number) => number,
): LayoutPrediction {
  const byQuantile = quantiles.map((quantile) => {
    let worst: PredictedQuantileError = { quantile, error: 0, sample: 'all' };
    reference.samples.forEach((sample, index) => {
      const interval = exactQuantileInterval(sample.sorted, quantile);
      if (interval === undefined) return;
      const error = relativeErrorToInterval(estimate(sample, index, quantile), interval);
      if (!(Math.abs(error) <= Math.abs(worst.error))) worst = { quantile, error, sample: sample.label };
    });
    return worst;
  });
  const worst = Math.max(
    0,
    ...byQuantile.map((entry) => (Number.isNaN(entry.error) ? Infinity : Math.abs(entry.error))),
  );
  return { byQuantile, worst };
}

/** Errors of `histogram_quantile` over classic buckets with these finite boundaries. */
export function predictClassic(
  reference: Reference,
  boundaries: readonly number[],
  quantiles: readonly number[],
): LayoutPrediction {
  const buckets = reference.samples.map((sample) => classicBuckets(sample, boundaries));
  return summarise(reference, quantiles, (_, index, q) => classicQuantile(buckets[index] as ClassicBucket[], q));
}

/** Errors of `histogram_quantile` over native buckets at a scale (positive values only). */
export function predictNative(reference: Reference, scale: number, quantiles: readonly number[]): LayoutPrediction {
  const histograms = reference.samples.map((sample) => nativeHistogram(sample.sorted, scale));
  return summarise(reference, quantiles, (_, index, q) =>
    histograms[index] ? nativeQuantile(histograms[index], q) : Number.NaN,
  );
}
