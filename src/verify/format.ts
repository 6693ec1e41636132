/** Number formats shared by the text table and the HTML report, so both show the same figures. */
import type { Interval } from '../histogram/quantiles.js';
import type { Estimate, ValueUnit } from './report.js';

export function formatValue(value: number, unit: ValueUnit): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '-' : value > 0 ? '+Inf' : '-Inf';
  if (unit === 'bytes') return Math.round(value).toLocaleString('en-US');
  if (unit === 'seconds') return value.toFixed(4);
  return String(Number(value.toPrecision(6)));
}

export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '-';
}

export function formatPercent(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return '-';
  const sign = ratio > 0 ? '+' : '';
  return `${sign}${(ratio * 100).toFixed(2)}%`;
}

export function quantileLabel(quantile: number): string {
  return `p${Math.round(quantile * 100)}`;
}

/** A single value as itself, an interval as `[lower, upper]`. */
export function formatInterval(interval: Interval | undefined, unit: ValueUnit): string {
  if (!interval) return '-';
  if (interval.lower === interval.upper) return formatValue(interval.lower, unit);
  return `[${formatValue(interval.lower, unit)}, ${formatValue(interval.upper, unit)}]`;
}

/** The bucket an estimate is guaranteed to lie in, `+Inf` said in words: the error is then unbounded. */
export function formatGuaranteed(estimate: Estimate, unit: ValueUnit): string {
  const interval = estimate.guaranteed;
  if (!interval) return 'none';
  const text = `(${formatValue(interval.lower, unit)}, ${formatValue(interval.upper, unit)}]`;
  return estimate.unbounded ? `${text} +Inf bucket: unbounded` : text;
}

/** The most an estimate can be from the truth: the bucket's width (classic) or its relative width (native). */
export function formatMaxError(estimate: Estimate & { bound?: number }, unit: ValueUnit): string {
  if (estimate.bound !== undefined) return `±${formatPercent(estimate.bound).replace('+', '')}`;
  const interval = estimate.guaranteed;
  if (!interval || estimate.unbounded) return 'unbounded';
  return `≤ ${formatValue(interval.upper - interval.lower, unit)}`;
}

/** A share of observations (0 to 1) as a percentage to 0.01 %. */
export function formatShare(share: number | undefined): string {
  if (share === undefined || !Number.isFinite(share)) return '-';
  return `${(share * 100).toFixed(2)}%`;
}

/** A difference of shares in percentage points, signed. */
export function formatSharePoints(difference: number | undefined): string {
  if (difference === undefined || !Number.isFinite(difference)) return '-';
  const points = difference * 100;
  return `${points >= 0 ? '+' : '-'}${Math.abs(points).toFixed(2)} pp`;
}

/** A share's guaranteed interval: one figure when it is a single point (a boundary with no bucket across it). */
export function formatShareInterval(interval: readonly [number, number] | null): string {
  if (!interval) return 'none';
  const [lower, upper] = interval;
  return lower === upper ? formatShare(lower) : `[${formatShare(lower)}, ${formatShare(upper)}]`;
}
