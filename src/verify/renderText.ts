import { formatCount, formatPercent, formatValue, quantileLabel } from './format.js';
import { byLe } from './le.js';
import type { ScopeReport, VerifyReport } from './report.js';

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  '),
  );
}

function scopeSection(scope: ScopeReport, quantiles: readonly number[]): string[] {
  const title = `${scope.metric} (${scope.unit}), ${scope.scope === 'all' ? 'all file types' : `file_type="${scope.scope}"`}`;
  const header = ['', 'count', 'sum', 'mean', ...quantiles.map(quantileLabel)];
  const rows = scope.pipelines.map((stats) => [
    stats.pipeline,
    formatCount(stats.count),
    formatValue(stats.sum, scope.unit),
    formatValue(stats.mean, scope.unit),
    ...stats.quantiles.map((value) => formatValue(value, scope.unit)),
  ]);
  if (scope.exact) {
    rows.push([
      'exact',
      formatCount(scope.exact.count),
      formatValue(scope.exact.sum, scope.unit),
      formatValue(scope.exact.mean, scope.unit),
      ...scope.exact.quantiles.map((value) => formatValue(value, scope.unit)),
    ]);
  }
  const lines = [title, ...table([header, ...rows])];
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
      formatValue(error.exact, scope.unit),
      formatValue(error.absolute, scope.unit),
      formatPercent(error.relative),
      error.bound === undefined ? 'no bound' : `bound ${formatPercent(error.bound).replace('+', '±')}`,
    ]);
    lines.push(
      ...table([['quantile error', 'estimate', 'exact', 'absolute', 'relative', ''], ...errorRows]).map(
        (line) => `  ${line}`,
      ),
    );
  }
  return lines;
}

/** The CLI's table: every metric and scope, then the verdict. */
export function renderText(report: VerifyReport, options: { scopes: 'all' | 'every' } = { scopes: 'every' }): string {
  const lines: string[] = [`Prometheus ${report.prometheusUrl} at ${report.generatedAt}`];
  lines.push(`Exact values from ${report.truthSource}; quantiles by ${report.exactDefinition}`);
  if (report.live) {
    lines.push(
      'Live run: the pipelines hold different numbers of uploads (each delivers with its own delay), so each is ' +
        "checked against its own first uploads of the run; the exact row is the reference's.",
    );
  }
  for (const scope of report.scopes) {
    if (options.scopes === 'all' && scope.scope !== 'all') continue;
    lines.push('', ...scopeSection(scope, report.quantiles));
  }
  lines.push('');
  if (report.verdict === 'agree') {
    lines.push(
      report.live
        ? "Verdict: every pipeline agrees with the run's uploads on every count, sum and bucket."
        : 'Verdict: the pipelines agree on every count, sum and bucket.',
    );
  } else {
    lines.push(`Verdict: ${report.disagreements.length} disagreement(s):`);
    for (const difference of report.disagreements) lines.push(`  ${difference.message}`);
  }
  return `${lines.join('\n')}\n`;
}
