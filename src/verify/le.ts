/** The `le` label as a number: Prometheus writes the top bucket `+Inf`, which Number() reads as NaN. */
export function leBound(le: string): number {
  return le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
}

/** Orders `le` labels by bound, `+Inf` last (a comparator on Number() would leave `+Inf` anywhere). */
export function byLe(a: string, b: string): number {
  return leBound(a) - leBound(b) || 0;
}
