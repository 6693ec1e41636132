/** Number formats shared by the text table and the HTML report, so both show the same figures. */

export function formatValue(value: number, unit: 'bytes' | 'seconds'): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '-' : String(value);
  return unit === 'bytes' ? Math.round(value).toLocaleString('en-US') : value.toFixed(4);
}

export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '-';
}

export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '-';
  const sign = ratio > 0 ? '+' : '';
  return `${sign}${(ratio * 100).toFixed(2)}%`;
}

export function quantileLabel(quantile: number): string {
  return `p${Math.round(quantile * 100)}`;
}
