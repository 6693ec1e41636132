/**
 * Heatmap cells from histogram series, for both representations. Pure functions without
 * Perses or ECharts imports, so the root test suite checks them against hand-worked cases.
 *
 * A cell covers one time step and one bucket: x from `start` to `end` (ms), y from `lower` to
 * `upper` (the bucket's real bounds in the metric's unit), and `value` is what the query gave
 * for that bucket alone (a per-second rate, or a count per step).
 */
export interface HeatmapCell {
  readonly start: number;
  readonly end: number;
  readonly lower: number;
  readonly upper: number;
  readonly value: number;
  /** True for the +Inf bucket, drawn as one log step above the last finite bound. */
  readonly openTop: boolean;
}

/** The fields of a Perses TimeSeries that the cells need (structurally compatible). */
export interface SeriesLike {
  readonly labels?: Readonly<Record<string, string>>;
  readonly values: ReadonlyArray<readonly [number, number | null]>;
  readonly histograms?: ReadonlyArray<readonly [number, NativeHistogramLike]>;
}

export interface NativeHistogramLike {
  readonly buckets?: ReadonlyArray<readonly [number, string, string, string]>;
}

export type LogBase = 2 | 10;

/** `le` as Prometheus writes it: a float, or +Inf. Returns undefined for anything else. */
export function parseLe(le: string | undefined): number | undefined {
  if (le === undefined) return undefined;
  if (le === '+Inf' || le === 'Inf') return Number.POSITIVE_INFINITY;
  const value = Number(le);
  return Number.isNaN(value) || le.trim() === '' ? undefined : value;
}

/**
 * The time step of a series' points: the panel's step when known, else the smallest gap
 * between consecutive timestamps (one point alone gets a minute).
 */
export function stepOf(timestamps: readonly number[], stepMs: number | undefined): number {
  if (stepMs !== undefined && stepMs > 0) return stepMs;
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < timestamps.length; i++) {
    const gap = (timestamps[i] ?? 0) - (timestamps[i - 1] ?? 0);
    if (gap > 0 && gap < smallest) smallest = gap;
  }
  return Number.isFinite(smallest) ? smallest : 60_000;
}

/**
 * Classic buckets: one series per `le` holding the CUMULATIVE value (rate or increase) of
 * `_bucket{le}`. Series with the same `le` (other labels left by the query) are summed. The
 * value of the bucket (previous le, le] is v(le) - v(previous le); small negative differences
 * (rates of counters scraped a few ms apart) are drawn as 0. The first bucket's lower bound
 * is drawn one log step below its upper bound, as a log axis has no 0.
 */
export function classicCells(series: readonly SeriesLike[], logBase: LogBase, stepMs?: number): HeatmapCell[] {
  const byLe = new Map<number, Map<number, number>>();
  for (const one of series) {
    const le = parseLe(one.labels?.le);
    if (le === undefined) continue;
    const points = byLe.get(le) ?? new Map<number, number>();
    byLe.set(le, points);
    for (const [time, value] of one.values) {
      if (value === null || Number.isNaN(value)) continue;
      points.set(time, (points.get(time) ?? 0) + value);
    }
  }
  const bounds = [...byLe.keys()].sort((a, b) => a - b);
  const timestamps = [...new Set([...byLe.values()].flatMap((points) => [...points.keys()]))].sort((a, b) => a - b);
  const step = stepOf(timestamps, stepMs);
  const finite = bounds.filter((bound) => Number.isFinite(bound));
  const lastFinite = finite[finite.length - 1];
  const cells: HeatmapCell[] = [];
  for (const time of timestamps) {
    let previousValue = 0;
    let previousBound: number | undefined;
    for (const bound of bounds) {
      const cumulative = byLe.get(bound)?.get(time);
      if (cumulative === undefined) continue;
      const value = Math.max(0, cumulative - previousValue);
      const openTop = !Number.isFinite(bound);
      const upper = openTop ? (lastFinite ?? 1) * logBase : bound;
      const lower = previousBound ?? (bound > 0 ? bound / logBase : Number.NaN);
      previousValue = cumulative;
      previousBound = openTop ? previousBound : bound;
      if (!(lower > 0) || !(upper > lower)) continue;
      cells.push({ start: time - step, end: time, lower, upper, value, openTop });
    }
  }
  return cells;
}

/**
 * Native histogram samples (timestamps in seconds, as Prometheus and the plugin give them):
 * each bucket [boundaryRule, lower, upper, count] at its bounds.
 * Buckets that touch 0 or below (the zero bucket, negative observations) cannot sit on a log
 * axis and are left out; the caller says so when any were.
 */
export function nativeCells(series: readonly SeriesLike[], stepMs?: number): { cells: HeatmapCell[]; leftOut: number } {
  const cells: HeatmapCell[] = [];
  let leftOut = 0;
  for (const one of series) {
    const histograms = one.histograms ?? [];
    // The prometheus plugin passes Prometheus' own tuples through: seconds, not ms.
    const step = stepOf(
      histograms.map(([seconds]) => seconds * 1000),
      stepMs,
    );
    for (const [seconds, histogram] of histograms) {
      const time = seconds * 1000;
      for (const [, lowerText, upperText, countText] of histogram.buckets ?? []) {
        const lower = Number(lowerText);
        const upper = Number(upperText);
        const value = Number(countText);
        if (!(lower > 0) || !(upper > lower) || Number.isNaN(value)) {
          if (value > 0) leftOut++;
          continue;
        }
        cells.push({ start: time - step, end: time, lower, upper, value, openTop: false });
      }
    }
  }
  return { cells, leftOut };
}
