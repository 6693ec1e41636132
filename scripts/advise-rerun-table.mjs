#!/usr/bin/env node
// The README's before/after table: verify's measured errors on the held-out seed with the seed layout
// and with the advised one (both `verify --json` reports), next to what advise predicted.
// Usage: node scripts/advise-rerun-table.mjs ADVICE.json VERIFY-SEED.json VERIFY-ADVISED.json
import { readFileSync } from 'node:fs';

const [adviceFile, seedFile, advisedFile] = process.argv.slice(2);
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const advice = read(adviceFile);
const reports = { seed: read(seedFile), advised: read(advisedFile) };
const percent = (error) => (error === undefined ? 'n/a' : `${error >= 0 ? '+' : ''}${(error * 100).toFixed(2)}%`);
const truth = reports.advised.truthSource;

const lines = [`Held-out truth: ${truth}; worst |error| over the quantiles in the last column`, ''];
for (const entry of advice.metrics) {
  const quantiles = entry.predicted.quantiles;
  const header = ['layout', 'pipeline', ...quantiles.map((q) => `p${q * 100}`), 'worst'];
  const rows = [];
  for (const [layout, report] of Object.entries(reports)) {
    const scope = report.scopes.find((s) => s.metric === entry.metric && s.scope === 'all');
    for (const pipeline of ['direct', 'logfire', 'native']) {
      const errors = quantiles.map(
        (q) => scope?.quantileErrors.find((e) => e.pipeline === pipeline && e.quantile === q)?.relative,
      );
      if (pipeline === 'native' && layout === 'advised') continue; // the same exponential histogram both times
      const worst = Math.max(...errors.map((error) => Math.abs(error ?? Number.NaN)));
      rows.push([
        pipeline === 'native' ? 'native (either run)' : layout,
        pipeline,
        ...errors.map(percent),
        percent(worst),
      ]);
    }
  }
  const predicted = entry.predicted.advised;
  rows.push([
    'advised, predicted',
    '(replay)',
    ...predicted.byQuantile.map((e) => percent(e.error)),
    percent(predicted.worst),
  ]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i].length)));
  const format = (row) =>
    row
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  lines.push(`${entry.metric}: advised ${entry.boundaries.join(', ')}`, format(header), ...rows.map(format), '');
}
process.stdout.write(`${lines.join('\n').trimEnd()}\n`);
