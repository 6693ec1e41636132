/**
 * The optimiser: the N boundaries, among candidate values, that minimise the worst relative error
 * of Prometheus' `histogram_quantile` over the target quantiles and every sample (all data and
 * each time window).
 *
 * Why an exact dynamic programme is possible: Prometheus' classic estimate of a quantile depends
 * only on the bucket that holds its rank (its two bounds and their cumulative counts). So a
 * layout's cost is the worst, over its buckets, of a cost that depends on one bucket alone, and
 * the best layout of k boundaries ending at a candidate extends the best of k-1 boundaries.
 */
import { exactQuantileInterval, type Interval, relativeErrorToInterval } from '../histogram/quantiles.js';
import { countAtOrBelow, type Reference } from './Reference.js';

export interface OptimiseOptions {
  /** Number of finite boundaries. */
  readonly count: number;
  readonly quantiles: readonly number[];
  /** Sorted candidate boundaries; every threshold must be among them. */
  readonly candidates: readonly number[];
  /** Values that must be boundaries (SLO thresholds). */
  readonly thresholds: readonly number[];
}

/** One quantile of one sample: its rank q·n, its exact interval, and the first candidate reaching the rank. */
interface Target {
  readonly rank: number;
  readonly interval: Interval;
  /** Cumulative count of the sample at each candidate. */
  readonly cumulative: Float64Array;
  /** First candidate index whose cumulative count reaches the rank; the number of candidates if none. */
  readonly first: number;
}

function targetsOf(reference: Reference, options: OptimiseOptions): Target[] {
  const targets: Target[] = [];
  for (const sample of reference.samples) {
    const n = sample.sorted.length;
    if (n === 0) continue;
    const cumulative = Float64Array.from(options.candidates, (bound) => countAtOrBelow(sample.sorted, bound));
    for (const q of options.quantiles) {
      const interval = exactQuantileInterval(sample.sorted, q);
      if (interval === undefined) continue;
      const rank = q * n;
      let first = cumulative.findIndex((count) => count >= rank);
      if (first === -1) first = cumulative.length;
      targets.push({ rank, interval, cumulative, first });
    }
  }
  return targets;
}

/**
 * Cost of every possible bucket. Bucket (i, j] spans candidates i < j; i = -1 is Prometheus'
 * implicit start at 0. A target lands in (i, j] exactly when i < first <= j, where the replayed
 * estimate is the linear interpolation between the two bounds.
 */
/**
 * The in-sample worst error is partly sampling noise: the layout that minimises it exactly fits
 * this data's accidents. Phase 2 may therefore exceed it by this much, and spends the freedom on
 * narrow buckets around the targets, whose interpolation error stays small on new data
 * (scripts/advise-holdout.mjs measures it on held-out seeds: these values beat the exact minimax).
 */
const WORST_SLACK_FACTOR = 1.5;
const WORST_SLACK_ADD = 0.003;
/** Weight of a target's bucket width (relative to its upper bound) against its error, in phase 2. */
const WIDTH_WEIGHT = 0.3;

class BucketCosts {
  readonly worst: Float64Array;
  readonly total: Float64Array;
  /** Cost of the `+Inf` bucket after candidate j: Prometheus returns candidate j itself. */
  readonly tailWorst: Float64Array;
  readonly tailTotal: Float64Array;

  constructor(
    private readonly size: number,
    candidates: readonly number[],
    targets: readonly Target[],
  ) {
    this.worst = new Float64Array((size + 1) * size);
    this.total = new Float64Array((size + 1) * size);
    this.tailWorst = new Float64Array(size);
    this.tailTotal = new Float64Array(size);
    for (const target of targets) {
      for (let i = -1; i < Math.min(target.first, size); i++) {
        const lower = i < 0 ? 0 : (candidates[i] as number);
        const below = i < 0 ? 0 : (target.cumulative[i] as number);
        const row = (i + 1) * size;
        for (let j = target.first; j < size; j++) {
          const upper = candidates[j] as number;
          const inside = (target.cumulative[j] as number) - below;
          const estimate = lower + (upper - lower) * ((target.rank - below) / inside);
          const error = Math.abs(relativeErrorToInterval(estimate, target.interval));
          if (error > (this.worst[row + j] as number)) this.worst[row + j] = error;
          this.total[row + j] = (this.total[row + j] as number) + WIDTH_WEIGHT * ((upper - lower) / upper) + error;
        }
      }
      for (let j = 0; j < Math.min(target.first, size); j++) {
        const error = Math.abs(relativeErrorToInterval(candidates[j] as number, target.interval));
        if (error > (this.tailWorst[j] as number)) this.tailWorst[j] = error;
        // The +Inf bucket is unbounded: it counts as the widest a bucket can be (relative width 1).
        this.tailTotal[j] = (this.tailTotal[j] as number) + WIDTH_WEIGHT + error;
      }
    }
  }

  at(i: number, j: number): number {
    return (i + 1) * this.size + j;
  }
}

/**
 * Best layout under one objective: `max` (phase 1, the minimax optimum) or `sum` (phase 2: among
 * layouts whose worst stays under `cap`, the smallest total of errors and bucket widths at the
 * targets, so that buckets that do not decide the worst case are still placed well).
 */
function solve(
  costs: BucketCosts,
  count: number,
  allowed: (i: number, j: number) => boolean,
  endAllowed: (j: number) => boolean,
  mode: 'max' | 'sum',
  cap: number,
): { value: number; path: number[] } | undefined {
  const size = costs.tailWorst.length;
  const value = (index: number) =>
    (costs.worst[index] as number) > cap ? Infinity : ((mode === 'max' ? costs.worst : costs.total)[index] as number);
  const join = mode === 'max' ? Math.max : (a: number, b: number) => a + b;
  const parent = new Int32Array(count * size).fill(-1);
  let previous = new Float64Array(size).fill(Infinity);
  for (let j = 0; j < size; j++) if (allowed(-1, j)) previous[j] = value(costs.at(-1, j));
  for (let k = 1; k < count; k++) {
    const current = new Float64Array(size).fill(Infinity);
    for (let j = k; j < size; j++) {
      for (let i = k - 1; i < j; i++) {
        const before = previous[i] as number;
        if (before === Infinity || !allowed(i, j)) continue;
        const candidate = join(before, value(costs.at(i, j)));
        if (candidate < (current[j] as number)) {
          current[j] = candidate;
          parent[k * size + j] = i;
        }
      }
    }
    previous = current;
  }
  let best = Infinity;
  let end = -1;
  for (let j = count - 1; j < size; j++) {
    if (!endAllowed(j) || (costs.tailWorst[j] as number) > cap) continue;
    const tail = (mode === 'max' ? costs.tailWorst : costs.tailTotal)[j] as number;
    const candidate = join(previous[j] as number, tail);
    if (candidate < best) {
      best = candidate;
      end = j;
    }
  }
  if (end < 0) return undefined;
  const path: number[] = [];
  for (let k = count - 1, j = end; k >= 0; k--) {
    path.unshift(j);
    j = parent[k * size + j] as number;
  }
  return { value: best, path };
}

/**
 * The best `count` boundaries among the candidates. With fewer candidates than `count`, all of
 * them. Thresholds are always boundaries: no bucket may straddle one.
 */
export function optimiseBoundaries(reference: Reference, options: OptimiseOptions): number[] {
  const { candidates } = options;
  const size = candidates.length;
  const count = Math.min(options.count, size);
  const thresholdIndices = options.thresholds.map((threshold) => candidates.indexOf(threshold));
  if (thresholdIndices.some((index) => index < 0)) throw new RangeError('every threshold must be a candidate');
  if (thresholdIndices.length > count) {
    throw new RangeError(`${thresholdIndices.length} thresholds do not fit in ${count} boundaries`);
  }
  // nextThreshold[i + 1]: the first threshold index above candidate i; a bucket may not pass it.
  const nextThreshold = new Int32Array(size + 1).fill(size);
  for (let i = size - 1; i >= -1; i--) {
    const here = i + 1 < size && thresholdIndices.includes(i + 1) ? i + 1 : (nextThreshold[i + 2] ?? size);
    nextThreshold[i + 1] = here;
  }
  const lastThreshold = Math.max(-1, ...thresholdIndices);
  const allowed = (i: number, j: number) => j <= (nextThreshold[i + 1] as number);
  const endAllowed = (j: number) => j >= lastThreshold;

  const costs = new BucketCosts(size, candidates, targetsOf(reference, options));
  const minimax = solve(costs, count, allowed, endAllowed, 'max', Infinity);
  if (minimax === undefined) throw new RangeError('no layout satisfies the thresholds');
  const cap = minimax.value * WORST_SLACK_FACTOR + WORST_SLACK_ADD;
  const refined = solve(costs, count, allowed, endAllowed, 'sum', cap) ?? minimax;
  return refined.path.map((index) => candidates[index] as number);
}
