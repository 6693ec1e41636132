import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
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
import { scopeTitle } from './renderText.js';
import type { ScopeReport, VerifyReport } from './report.js';
import { REPORT_CHART_FUNCTIONS } from './reportCharts.js';

const require = createRequire(import.meta.url);

/** uPlot (the chart library Grafana uses), inlined so the report works offline from one file. */
async function uplotAssets(): Promise<{ script: string; style: string }> {
  const [script, style] = await Promise.all([
    readFile(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    readFile(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  ]);
  return { script, style };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function scopeId(scope: ScopeReport): string {
  return `${scope.metric}--${scope.scope}`;
}

function cell(text: string, attributes: Record<string, string> = {}): string {
  const attrs = Object.entries(attributes)
    .map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`)
    .join('');
  return `<td${attrs}>${escapeHtml(text)}</td>`;
}

function statsTable(report: VerifyReport, scope: ScopeReport): string {
  const quantiles = report.quantiles;
  const head = ['', 'holds', 'count', 'sum', 'mean', ...quantiles.map(quantileLabel)]
    .map((text) => `<th>${text}</th>`)
    .join('');
  const titles = new Map(
    report.pipelines.map((pipeline) => [pipeline.name, `${pipeline.title}: ${pipeline.template}`]),
  );
  const rows = scope.pipelines.map((stats) => {
    const at = (field: string) => ({ pipeline: stats.pipeline, representation: stats.representation ?? 'none', field });
    return `<tr><th title="${escapeHtml(titles.get(stats.pipeline) ?? stats.pipeline)}">${escapeHtml(stats.pipeline)}</th>${[
      cell(stats.representation ?? 'nothing', at('holds')),
      cell(formatCount(stats.count), at('count')),
      cell(formatValue(stats.sum, scope.unit), at('sum')),
      cell(formatValue(stats.mean, scope.unit), at('mean')),
      ...stats.estimates.map((estimate) =>
        cell(formatValue(estimate.estimate, scope.unit), at(quantileLabel(estimate.quantile))),
      ),
    ].join('')}</tr>`;
  });
  if (scope.exact) {
    const at = (field: string) => ({ pipeline: 'exact', field });
    rows.push(
      `<tr class="exact"><th>exact</th>${[
        cell('', at('holds')),
        cell(formatCount(scope.exact.count), at('count')),
        cell(formatValue(scope.exact.sum, scope.unit), at('sum')),
        cell(formatValue(scope.exact.mean, scope.unit), at('mean')),
        ...scope.exact.quantiles.map((interval, index) =>
          cell(formatInterval(interval, scope.unit), at(quantileLabel(quantiles[index] ?? Number.NaN))),
        ),
      ].join('')}</tr>`,
    );
  }
  return `<table class="stats"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function errorTable(scope: ScopeReport): string {
  const rows = scope.quantileErrors.map((error) => {
    const at = (field: string) => ({
      pipeline: error.pipeline,
      representation: error.representation,
      quantile: quantileLabel(error.quantile),
      field,
    });
    const inside =
      error.guaranteed !== undefined &&
      error.estimate >= error.guaranteed.lower &&
      error.estimate <= error.guaranteed.upper;
    return `<tr class="${inside ? 'within' : 'outside'}"><th>${escapeHtml(error.pipeline)} ${quantileLabel(error.quantile)}</th>${[
      cell(formatValue(error.estimate, scope.unit), at('estimate')),
      cell(formatGuaranteed(error, scope.unit), at('guaranteed')),
      cell(formatMaxError(error, scope.unit), at('max-error')),
      cell(formatInterval(error.exact, scope.unit), at('exact')),
      cell(error.absolute === undefined ? '-' : formatValue(error.absolute, scope.unit), at('error')),
      cell(formatPercent(error.relative), at('relative')),
    ].join('')}</tr>`;
  });
  return `<table class="errors"><thead><tr><th>quantile</th><th>estimate</th><th>guaranteed interval</th><th>max error</th><th>exact</th><th>error</th><th>relative</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The SLO question of one scope, the text table's figures: share at or below each threshold per pipeline. */
function thresholdTable(report: VerifyReport, scope: ScopeReport): string {
  const shares = (report.thresholds ?? []).filter(
    (share) => share.metric === scope.metric && share.scope === scope.scope,
  );
  if (shares.length === 0) return '';
  const rows = shares.map((share) => {
    const at = (field: string) => ({
      pipeline: share.pipeline,
      representation: share.representation,
      threshold: String(share.value),
      field,
    });
    return `<tr><th>${escapeHtml(share.pipeline)} ≤ ${escapeHtml(formatValue(share.value, scope.unit))}</th>${[
      cell(formatShare(share.estimate), at('estimate')),
      cell(formatShareInterval(share.interval), at('guaranteed')),
      cell(formatShare(share.exact), at('exact')),
      cell(formatSharePoints(share.error), at('error')),
      cell(share.boundary ? 'bucket boundary: exact' : 'not a bucket boundary: interpolated', at('boundary')),
    ].join('')}</tr>`;
  });
  return `<table class="thresholds"><thead><tr><th>share at or below</th><th>estimate</th><th>guaranteed interval</th><th>exact</th><th>error</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function section(report: VerifyReport, scope: ScopeReport): string {
  const id = scopeId(scope);
  return `<section id="${escapeHtml(id)}" data-metric="${escapeHtml(scope.metric)}" data-scope="${escapeHtml(scope.scope)}">
<h2>${escapeHtml(scopeTitle(scope))}</h2>
${statsTable(report, scope)}
<div class="charts">
  <figure><figcaption>Observations per bucket (non-cumulative), each classic pipeline</figcaption><div class="chart" data-chart="buckets" data-for="${escapeHtml(id)}"></div></figure>
  <figure><figcaption>Quantiles: Prometheus estimates vs the exact truth</figcaption><div class="chart" data-chart="quantiles" data-for="${escapeHtml(id)}"></div></figure>
</div>
${errorTable(scope)}
${thresholdTable(report, scope)}
</section>`;
}

/** One self-contained HTML file: tables with the CLI's numbers, uPlot charts, the verdict. */
export async function renderHtml(report: VerifyReport): Promise<string> {
  const { script, style } = await uplotAssets();
  const verdict =
    report.verdict === 'agree'
      ? `<p class="verdict agree" data-verdict="agree">${report.live ? "Every pipeline agrees with the run's observations" : 'The pipelines agree'} on every count, sum and bucket, and every estimate lies in its guaranteed interval.</p>`
      : `<div class="verdict disagree" data-verdict="disagree"><p>${report.disagreements.length} disagreement(s):</p><ul>${report.disagreements
          .map((difference) => `<li>${escapeHtml(difference.message)}</li>`)
          .join('')}</ul></div>`;
  // `<` escaped so that no string in the data can close the script element.
  const data = JSON.stringify(report).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Histogram pipelines: verify report</title>
<style>${style}</style>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #212529; }
table { border-collapse: collapse; margin: 0.5rem 0; font-variant-numeric: tabular-nums; }
td, th { padding: 0.2rem 0.6rem; border-bottom: 1px solid #dee2e6; text-align: right; }
th:first-child { text-align: left; }
.verdict { padding: 0.8rem 1rem; border-radius: 6px; font-weight: 600; }
.agree { background: #d3f9d8; } .disagree { background: #ffe3e3; }
.charts { display: flex; gap: 1.5rem; flex-wrap: wrap; }
figure { margin: 0.5rem 0; }
tr.outside td { color: #c92a2a; } tr.exact { font-style: italic; }
section { margin-top: 2rem; border-top: 2px solid #e9ecef; }
</style>
</head>
<body>
<h1>Histogram pipelines: verify report</h1>
<p>Prometheus ${escapeHtml(report.prometheusUrl)} at ${escapeHtml(report.generatedAt)}.
${report.truthSource ? `Exact values from ${escapeHtml(report.truthSource)}: ${escapeHtml(report.exactDefinition)}.` : 'No truth: the pipelines are compared with each other.'}
Quantile ${escapeHtml(report.errorDefinition)}.
${report.live ? ' Live run: the pipelines hold different numbers of observations; each is checked against its own first observations of the run.' : ''}</p>
<ul class="representations">${report.representations
    .map((note) => `<li>${escapeHtml(`${note.pipeline} ${note.metric}: ${note.message}`)}</li>`)
    .join('')}</ul>
${verdict}
${report.scopes.map((scope) => section(report, scope)).join('\n')}
<script id="report-data" type="application/json">${data}</script>
<script>${script}</script>
<script>${REPORT_CHART_FUNCTIONS.map(String).join('\n')}
drawReportCharts();</script>
</body>
</html>
`;
}
