import { byLe } from '../prometheus/le.js';
import {
  formatCount,
  formatGuaranteed,
  formatInterval,
  formatMaxError,
  formatPercent,
  formatShare,
  formatShareInterval,
  formatSharePoints,
  formatValue,
  quantileLabel,
} from './format.js';
import type { ScopeReport, ThresholdShare, VerifyReport } from './report.js';

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

export function scopeTitle(scope: ScopeReport): string {
  const unit = scope.unit === 'other' ? '' : ` (${scope.unit})`;
  return `${scope.metric}${unit}, ${scope.scope === 'all' ? 'all series' : scope.scope}`;
}

/** The SLO question's table of one scope: per pipeline and threshold, the share at or below it. */
function thresholdLines(scope: ScopeReport, shares: readonly ThresholdShare[]): string[] {
  if (shares.length === 0) return [];
  const rows = shares.map((share) => [
    `${share.pipeline} ≤ ${formatValue(share.value, scope.unit)}`,
    formatShare(share.estimate),
    formatShareInterval(share.interval),
    formatShare(share.exact),
    formatSharePoints(share.error),
  ]);
  const notes = [
    '',
    ...shares.map((share) => (share.boundary ? 'bucket boundary: exact' : 'not a bucket boundary: interpolated')),
  ];
  return table([['share at or below', 'estimate', 'guaranteed interval', 'exact', 'error'], ...rows]).map(
    (line, index) => `  ${line}  ${notes[index]}`.trimEnd(),
  );
}

function scopeSection(scope: ScopeReport, quantiles: readonly number[], shares: readonly ThresholdShare[]): string[] {
  const header = ['', 'holds', 'count', 'sum', 'mean', ...quantiles.map(quantileLabel)];
  const rows = scope.pipelines.map((stats) => [
    stats.pipeline,
    stats.representation ?? 'nothing',
    formatCount(stats.count),
    formatValue(stats.sum, scope.unit),
    formatValue(stats.mean, scope.unit),
    ...stats.estimates.map((estimate) => formatValue(estimate.estimate, scope.unit)),
  ]);
  if (scope.exact) {
    rows.push([
      'exact',
      '',
      formatCount(scope.exact.count),
      formatValue(scope.exact.sum, scope.unit),
      formatValue(scope.exact.mean, scope.unit),
      ...scope.exact.quantiles.map((interval) => formatInterval(interval, scope.unit)),
    ]);
  }
  const lines = [scopeTitle(scope), ...table([header, ...rows])];
  const classic = scope.pipelines.filter((stats) => stats.buckets.length > 0);
  const les = [...new Set(classic.flatMap((stats) => stats.buckets.map((bucket) => bucket.le)))].sort(byLe);
  if (les.length > 0) {
    const bucketRows = les.map((le) => [
      `le="${le}"`,
      ...classic.map((stats) => formatCount(stats.buckets.find((bucket) => bucket.le === le)?.count ?? Number.NaN)),
    ]);
    lines.push(
      ...table([['buckets', ...classic.map((stats) => stats.pipeline)], ...bucketRows]).map((line) => `  ${line}`),
    );
  }
  if (scope.quantileErrors.length > 0) {
    const errorRows = scope.quantileErrors.map((error) => [
      `${error.pipeline} ${quantileLabel(error.quantile)}`,
      formatValue(error.estimate, scope.unit),
      formatGuaranteed(error, scope.unit),
      formatMaxError(error, scope.unit),
      formatInterval(error.exact, scope.unit),
      error.absolute === undefined ? '-' : formatValue(error.absolute, scope.unit),
      formatPercent(error.relative),
    ]);
    lines.push(
      ...table([
        ['quantile', 'estimate', 'guaranteed interval', 'max error', 'exact', 'error', 'relative'],
        ...errorRows,
      ]).map((line) => `  ${line}`),
    );
  }
  lines.push(...thresholdLines(scope, shares));
  return lines;
}

/** The CLI's table: what each pipeline holds, every metric and scope, then the verdict. */
export function renderVerifyText(
  report: VerifyReport,
  options: { scopes: 'all' | 'every' } = { scopes: 'every' },
): string {
  const lines: string[] = [`Prometheus ${report.prometheusUrl} at ${report.generatedAt}`];
  lines.push(
    report.truthSource
      ? `Exact values from ${report.truthSource}: ${report.exactDefinition}`
      : 'No truth: the pipelines are compared with each other, each estimate with the interval it is guaranteed to lie in',
  );
  lines.push(`Quantile ${report.errorDefinition}`);
  if (report.thresholdDefinition) lines.push(`Threshold ${report.thresholdDefinition}`);
  if (report.live) {
    lines.push(
      'Live run: the pipelines hold different numbers of observations (each delivers with its own delay), so each is ' +
        "checked against its own first observations of the run; the exact row is the reference's.",
    );
  }
  for (const note of report.representations) {
    lines.push(`${note.pipeline} ${note.metric}: ${note.message}`);
  }
  for (const scope of report.scopes) {
    if (options.scopes === 'all' && scope.scope !== 'all') continue;
    const shares = (report.thresholds ?? []).filter(
      (share) => share.metric === scope.metric && share.scope === scope.scope,
    );
    lines.push('', ...scopeSection(scope, report.quantiles, shares));
  }
  lines.push('');
  if (report.verdict === 'agree') {
    lines.push(
      report.live
        ? "Verdict: every pipeline agrees with the run's observations on every count, sum and bucket, and every estimate lies in its guaranteed interval."
        : 'Verdict: the pipelines agree on every count, sum and bucket, and every estimate lies in its guaranteed interval.',
    );
  } else {
    lines.push(`Verdict: ${report.disagreements.length} disagreement(s):`);
    for (const difference of report.disagreements) lines.push(`  ${difference.message}`);
  }
  return `${lines.join('\n')}\n`;
}
