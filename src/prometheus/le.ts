/**
 * The `le` label of classic histogram buckets: read as Prometheus reads it, written as Prometheus 3
 * stores it, ordered by bound.
 */

/**
 * `le` as a number, read as Prometheus' float parser does: `+Inf` (any case, sign optional) is
 * infinity, which Number() alone would read as NaN; an empty or malformed value is NaN.
 */
export function parseLe(le: string): number {
  const trimmed = le.trim();
  if (/^\+?inf$/i.test(trimmed)) return Number.POSITIVE_INFINITY;
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/** Orders `le` labels by bound, `+Inf` last (a comparator on Number() would leave `+Inf` anywhere). */
export function byLe(a: string, b: string): number {
  return parseLe(a) - parseLe(b) || 0;
}

/**
 * The `le` label value Prometheus stores for a bucket boundary. Prometheus 3 normalises `le`
 * to Go's shortest `%g` form with `.0` appended to plain integers, whatever the exporter
 * wrote: 100000 is stored as "100000.0", 1000000 as "1e+06", 0.25 as "0.25", 1 as "1.0".
 * A query that spells it otherwise (the seed's `le="5e+05"`) silently matches nothing.
 */
export function formatLe(bound: number): string {
  if (bound === Number.POSITIVE_INFINITY) return '+Inf';
  if (bound === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Number.isNaN(bound)) return 'NaN';
  if (bound === 0) return '0.0';
  // Both languages print the shortest digits that round-trip; Go's %g then switches to exponent
  // form when the exponent is below -4 or at least 6, with two exponent digits or more.
  const [mantissa = '', exponentText = '0'] = bound.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const plain = String(bound);
  return plain.includes('.') ? plain : `${plain}.0`;
}
