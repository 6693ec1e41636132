/** Median and spread of repeated measurements: what the benchmark reports for every figure. */
export interface Summary {
  readonly median: number;
  /** Smallest and largest of the rounds: how far one round can stray on this (shared) machine. */
  readonly min: number;
  readonly max: number;
  readonly rounds: number;
}

function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantileOfSorted(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    rounds: sorted.length,
  };
}

/** Linear-interpolated percentile (p95 of freshness trials). */
export function percentile(values: readonly number[], q: number): number {
  return quantileOfSorted(
    [...values].sort((a, b) => a - b),
    q,
  );
}

export const round = (value: number, digits: number): number => Number(value.toFixed(digits));
