/**
 * Candidate boundaries. advise picks its layout among them, so the grid decides what a boundary
 * may look like: "nice" values a person would have chosen by hand, or a fine grid when exactness
 * matters more than looks.
 */

/**
 * Mantissas of nice boundaries: steps of 1, 2.5 and 5 of the decade below (0.1 from 1 to 2, 0.25
 * from 2 to 5, 0.5 from 5 to 10), so 1.2 s, 2.75 s, 5.5 MB, 45 MB and never 4.37 MB; neighbours
 * are 5% to 12% apart, fine enough to place a bucket around a quantile.
 */
export const NICE_MANTISSAS: readonly number[] = [
  ...Array.from({ length: 10 }, (_, i) => 1 + i * 0.1),
  ...Array.from({ length: 12 }, (_, i) => 2 + i * 0.25),
  ...Array.from({ length: 10 }, (_, i) => 5 + i * 0.5),
].map((mantissa) => Number(mantissa.toPrecision(6)));

/** Mantissas of the fine grid (`--no-nice`): steps of 0.05, about 0.5% to 5% apart. */
export const FINE_MANTISSAS: readonly number[] = Array.from({ length: 180 }, (_, i) => 1 + i * 0.05);

/** A value written with a mantissa and a power of ten, without float noise (0.1 * 3 = 0.30000000000000004). */
function scaled(mantissa: number, exponent: number): number {
  return Number((mantissa * 10 ** exponent).toPrecision(12));
}

/**
 * The grid's values covering [min, max]: from the largest grid value below `min` to the smallest
 * at or above `max`, so that every observation has a candidate on each side. Strictly below:
 * values piled on one grid value (a constant column, a single row) then get a bucket of their
 * own, (below, min], rather than (0, min] where the estimate lands halfway to 0.
 * Both ends must be positive: a relative error needs a scale, and Prometheus' first bucket starts at 0.
 */
export function candidateGrid(min: number, max: number, mantissas: readonly number[]): number[] {
  if (!(min > 0) || !(max >= min) || !Number.isFinite(max)) {
    throw new RangeError(`a candidate grid needs 0 < min <= max, got [${min}, ${max}]`);
  }
  const values: number[] = [];
  for (let exponent = Math.floor(Math.log10(min)) - 1; exponent <= Math.ceil(Math.log10(max)) + 1; exponent++) {
    for (const mantissa of mantissas) values.push(scaled(mantissa, exponent));
  }
  const below = values.filter((value) => value < min).pop() ?? values[0];
  const above = values.find((value) => value >= max) ?? values[values.length - 1];
  return values.filter((value) => value >= (below as number) && value <= (above as number));
}

/**
 * N boundaries spaced evenly on a log scale from `min` to `max` (client_golang's
 * ExponentialBucketsRange), rounded to 3 significant digits: the usual layout when nobody looked
 * at the data, and the baseline advise must beat.
 */
export function logSpacedBoundaries(min: number, max: number, count: number): number[] {
  if (count === 1) return [Number(max.toPrecision(3))];
  const factor = (max / min) ** (1 / (count - 1));
  const boundaries = Array.from({ length: count }, (_, i) => Number((min * factor ** i).toPrecision(3)));
  return [...new Set(boundaries)];
}

/** Sorted, unique union of grid values and required values (thresholds). */
export function mergeCandidates(grid: readonly number[], required: readonly number[]): number[] {
  return [...new Set([...grid, ...required])].sort((a, b) => a - b);
}
