import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { formatCount, formatPercent, formatValue, quantileLabel } from './format.js';
import { PIPELINES } from './pipelines.js';
import type { ScopeReport, VerifyReport } from './report.js';

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

function statsTable(scope: ScopeReport, quantiles: readonly number[]): string {
  const head = ['', 'count', 'sum', 'mean', ...quantiles.map(quantileLabel)].map((text) => `<th>${text}</th>`).join('');
  const rows = scope.pipelines.map((stats) => {
    const at = (field: string) => ({ pipeline: stats.pipeline, field });
    return `<tr><th title="${escapeHtml(PIPELINES[stats.pipeline].title)}">${stats.pipeline}</th>${[
      cell(formatCount(stats.count), at('count')),
      cell(formatValue(stats.sum, scope.unit), at('sum')),
      cell(formatValue(stats.mean, scope.unit), at('mean')),
      ...stats.quantiles.map((value, index) =>
        cell(formatValue(value, scope.unit), at(quantileLabel(quantiles[index] ?? Number.NaN))),
      ),
    ].join('')}</tr>`;
  });
  if (scope.exact) {
    const at = (field: string) => ({ pipeline: 'exact', field });
    rows.push(
      `<tr class="exact"><th>exact</th>${[
        cell(formatCount(scope.exact.count), at('count')),
        cell(formatValue(scope.exact.sum, scope.unit), at('sum')),
        cell(formatValue(scope.exact.mean, scope.unit), at('mean')),
        ...scope.exact.quantiles.map((value, index) =>
          cell(formatValue(value, scope.unit), at(quantileLabel(quantiles[index] ?? Number.NaN))),
        ),
      ].join('')}</tr>`,
    );
  }
  return `<table class="stats"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function errorTable(scope: ScopeReport): string {
  if (scope.quantileErrors.length === 0)
    return '<p class="note">No observations file: exact quantiles not computed.</p>';
  const rows = scope.quantileErrors.map((error) => {
    const at = (field: string) => ({ pipeline: error.pipeline, quantile: quantileLabel(error.quantile), field });
    const withinBound = error.bound === undefined ? '' : Math.abs(error.relative) <= error.bound ? 'within' : 'outside';
    return `<tr class="${withinBound}"><th>${error.pipeline} ${quantileLabel(error.quantile)}</th>${[
      cell(formatValue(error.estimate, scope.unit), at('estimate')),
      cell(formatValue(error.exact, scope.unit), at('exact')),
      cell(formatValue(error.absolute, scope.unit), at('absolute')),
      cell(formatPercent(error.relative), at('relative')),
      cell(error.bound === undefined ? 'no bound' : `±${formatPercent(error.bound).replace('+', '')}`, at('bound')),
    ].join('')}</tr>`;
  });
  return `<table class="errors"><thead><tr><th>quantile</th><th>estimate</th><th>exact</th><th>absolute</th><th>relative</th><th>bound</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function section(scope: ScopeReport, quantiles: readonly number[]): string {
  const title = `${scope.metric} (${scope.unit}), ${scope.scope === 'all' ? 'all file types' : `file_type="${scope.scope}"`}`;
  const id = scopeId(scope);
  return `<section id="${escapeHtml(id)}" data-metric="${scope.metric}" data-scope="${scope.scope}">
<h2>${escapeHtml(title)}</h2>
${statsTable(scope, quantiles)}
<div class="charts">
  <figure><figcaption>Observations per bucket (non-cumulative), each classic pipeline</figcaption><div class="chart" data-chart="buckets" data-for="${escapeHtml(id)}"></div></figure>
  <figure><figcaption>Quantiles: Prometheus estimates vs the exact truth</figcaption><div class="chart" data-chart="quantiles" data-for="${escapeHtml(id)}"></div></figure>
</div>
${errorTable(scope)}
</section>`;
}

/** Draws the charts from the embedded report: runs in the browser, no network. */
const CLIENT_SCRIPT = `
(function () {
  var report = JSON.parse(document.getElementById('report-data').textContent);
  var colours = { logfire: '#e8590c', direct: '#1c7ed6', native: '#2f9e44', exact: '#212529' };
  var drawn = 0;
  function byId(id) { return report.scopes.find(function (s) { return s.metric + '--' + s.scope === id; }); }
  function bucketChart(el, scope) {
    var classic = scope.pipelines.filter(function (p) { return p.buckets.length > 0; });
    if (classic.length === 0) { el.textContent = 'No classic buckets in this scope.'; return; }
    var les = classic[0].buckets.map(function (b) { return b.le; });
    var xs = les.map(function (_, i) { return i; });
    var data = [xs];
    var series = [{ label: 'le' }];
    classic.forEach(function (p, k) {
      var previous = 0;
      data.push(p.buckets.map(function (b) { var v = b.count - previous; previous = b.count; return v; }));
      var width = 0.8 / classic.length;
      series.push({
        label: p.pipeline, stroke: colours[p.pipeline], fill: colours[p.pipeline] + '99', width: 1,
        paths: uPlot.paths.bars({ size: [width, 60], align: k === 0 ? -1 : 1 }), points: { show: false }
      });
    });
    new uPlot({
      width: 460, height: 240, series: series,
      scales: { x: { time: false, range: [-0.6, les.length - 0.4] } },
      axes: [{ values: function (_, ticks) { return ticks.map(function (t) { return les[t] === undefined ? '' : 'le=' + les[t]; }); }, splits: function () { return xs; }, rotate: -30, size: 60 }, {}]
    }, data, el);
    drawn++;
  }
  function quantileChart(el, scope) {
    var qs = report.quantiles.map(function (q) { return q * 100; });
    var data = [qs];
    var series = [{ label: 'quantile' }];
    scope.pipelines.forEach(function (p) {
      data.push(p.quantiles.map(function (v) { return Number.isFinite(v) ? v : null; }));
      series.push({ label: p.pipeline, stroke: colours[p.pipeline], width: 2, points: { size: 7 } });
    });
    if (scope.exact) {
      data.push(scope.exact.quantiles);
      series.push({ label: 'exact', stroke: colours.exact, width: 2, dash: [6, 4], points: { size: 7 } });
    }
    // Log scale: p50 and p99 differ by orders of magnitude, and relative error is what matters.
    new uPlot({ width: 460, height: 240, series: series, scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ values: function (_, ticks) { return ticks.map(function (t) { return 'p' + t; }); } }, { size: 90 }] }, data, el);
    drawn++;
  }
  document.querySelectorAll('.chart').forEach(function (el) {
    var scope = byId(el.getAttribute('data-for'));
    if (el.getAttribute('data-chart') === 'buckets') bucketChart(el, scope); else quantileChart(el, scope);
  });
  document.body.setAttribute('data-charts-drawn', String(drawn));
})();
`;

/** One self-contained HTML file: tables with the CLI's numbers, uPlot charts, the verdict. */
export async function renderHtml(report: VerifyReport): Promise<string> {
  const { script, style } = await uplotAssets();
  const verdict =
    report.verdict === 'agree'
      ? `<p class="verdict agree" data-verdict="agree">${report.live ? "Every pipeline agrees with the run's uploads" : 'The pipelines agree'} on every count, sum and bucket.</p>`
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
Exact values from ${escapeHtml(report.truthSource)}; quantiles by ${escapeHtml(report.exactDefinition)}.
${report.live ? ' Live run: the pipelines hold different numbers of uploads; each is checked against its own first uploads of the run.' : ''}</p>
${verdict}
${report.scopes.map((scope) => section(scope, report.quantiles)).join('\n')}
<script id="report-data" type="application/json">${data}</script>
<script>${script}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
