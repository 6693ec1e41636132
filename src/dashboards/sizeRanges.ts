/**
 * The names of the size ranges (src/promql/dashboards.ts SIZE_RANGES) on the dashboards: the
 * classic bar gauge renames its `le` buckets with them, the native one names its
 * histogram_fraction() bars with them, so the two read the same.
 */
import type { SizeRange } from '../promql/dashboards.js';

function formatBytes(bytes: number): string {
  if (bytes === Number.POSITIVE_INFINITY) return '+Inf';
  if (bytes === 0) return '0';
  if (bytes >= 1_000_000) return `${bytes / 1_000_000} MB`;
  if (bytes >= 1_000) return `${bytes / 1_000} kB`;
  return `${bytes} B`;
}

/** A range in interval notation: "(500 kB, 1 MB]", "(100 MB, +Inf)". */
export function sizeRangeLegend(range: SizeRange): string {
  const close = range.upper === Number.POSITIVE_INFINITY ? ')' : ']';
  return `(${formatBytes(range.lower)}, ${formatBytes(range.upper)}${close}`;
}
