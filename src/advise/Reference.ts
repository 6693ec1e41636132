/**
 * The distribution advise fits: the whole data and its time windows, each sorted once, so that
 * every question advise asks ("how many values at or below b?", "what is the exact q-quantile?")
 * is a binary search or an index.
 */

/** One sorted sample: a time window of the data, or all of it. */
export interface ReferenceSample {
  /** `all`, or `window i/k` in time order. */
  readonly label: string;
  readonly sorted: Float64Array;
}

function sortNumbers(values: ArrayLike<number>): Float64Array {
  // A typed array sorts numerically and several times faster than Array#sort with a comparator.
  return Float64Array.from(values).sort();
}

/** How many values of a sorted sample are at or below `bound` (a classic bucket's cumulative count). */
export function countAtOrBelow(sorted: ArrayLike<number>, bound: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) <= bound) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The data as advise sees it: all values, and the same values cut into `windows` consecutive
 * parts of equal size in time order. A layout is judged on its worst sample, so that it does not
 * fit one period only.
 */
export class Reference {
  readonly all: ReferenceSample;
  readonly windows: readonly ReferenceSample[];

  private constructor(all: ReferenceSample, windows: readonly ReferenceSample[]) {
    this.all = all;
    this.windows = windows;
  }

  /** @param values observations in time order. */
  static fromValues(values: ArrayLike<number>, windows: number): Reference {
    const inOrder = Float64Array.from(values);
    const all = { label: 'all', sorted: sortNumbers(inOrder) };
    const parts: ReferenceSample[] = [];
    if (windows > 1) {
      for (let i = 0; i < windows; i++) {
        const from = Math.floor((i * values.length) / windows);
        const to = Math.floor(((i + 1) * values.length) / windows);
        if (to > from)
          parts.push({ label: `window ${i + 1}/${windows}`, sorted: sortNumbers(inOrder.subarray(from, to)) });
      }
    }
    return new Reference(all, parts);
  }

  /** Samples already cut (e.g. one per time range read from Prometheus); `all` is their union. */
  static fromWindows(windows: readonly (readonly number[])[]): Reference {
    const nonEmpty = windows.filter((window) => window.length > 0);
    const parts = nonEmpty.map((window, i) => ({
      label: `window ${i + 1}/${nonEmpty.length}`,
      sorted: sortNumbers(window),
    }));
    const all = { label: 'all', sorted: sortNumbers(nonEmpty.flat()) };
    return new Reference(all, parts.length > 1 ? parts : []);
  }

  /** Every sample a layout is judged on: all data, then each window. */
  get samples(): readonly ReferenceSample[] {
    return [this.all, ...this.windows];
  }

  get count(): number {
    return this.all.sorted.length;
  }

  get min(): number {
    return this.all.sorted[0] as number;
  }

  get max(): number {
    return this.all.sorted[this.all.sorted.length - 1] as number;
  }
}
