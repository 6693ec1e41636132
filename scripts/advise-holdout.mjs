#!/usr/bin/env node
// Held-out accuracy of advise on the demo's workload: boundaries advised from one seed's uploads,
// judged on other seeds' uploads by replaying Prometheus' histogram_quantile (the replay the e2e
// test checks against the real Prometheus). Compares the seed layout, a log-spaced layout of the same
// size and the advised one, at 7 finite buckets (the seed's budget) and 10.
// Usage: npm run build && node scripts/advise-holdout.mjs [count] [advise seed] [held-out seeds, comma-separated]
import { adviseMetric } from '../dist/advise/advise.js';
import { logSpacedBoundaries } from '../dist/advise/grid.js';
import { predictClassic } from '../dist/advise/predict.js';
import { Reference } from '../dist/advise/Reference.js';
import { HISTOGRAMS } from '../dist/metrics/definitions.js';
import { uploadStream } from '../dist/workload/uploads.js';

const count = Number(process.argv[2] ?? 5000);
const adviseSeed = Number(process.argv[3] ?? 42);
const heldOutSeeds = (process.argv[4] ?? '7,8,9,10,11,12').split(',').map(Number);
const quantiles = [0.5, 0.9, 0.95, 0.99];

function uploads(seed) {
  const list = [];
  for (const upload of uploadStream(seed)) {
    if (list.length >= count) break;
    list.push(upload);
  }
  return list;
}

const percent = (error) => `${(error * 100).toFixed(2)}%`;
const training = uploads(adviseSeed);
const heldOut = heldOutSeeds.map((seed) => ({ seed, uploads: uploads(seed) }));
console.log(
  `advised from seed ${adviseSeed}, ${count} uploads; worst |error| over p50, p90, p95, p99 on held-out seed ${heldOutSeeds[0]}` +
    ` (and the worst over seeds ${heldOutSeeds.join(', ')})`,
);
const rows = [['metric', 'buckets', 'seed layout', 'log-spaced', 'advised', 'advise predicted']];
for (const metric of HISTOGRAMS) {
  const value = (upload) => (metric.unit === 'bytes' ? upload.bytes : upload.seconds);
  const reference = Reference.fromValues(training.map(value), 4);
  const judged = heldOut.map((entry) => Reference.fromValues(entry.uploads.map(value), 1));
  for (const buckets of [7, 10]) {
    const advice = adviseMetric(
      { metric: metric.name, reference, source: `seed ${adviseSeed}` },
      { buckets, quantiles, thresholds: [], nice: true },
    );
    const layouts = [
      metric.boundaries.seed,
      logSpacedBoundaries(reference.min, reference.max, buckets),
      advice.boundaries,
    ];
    const cells = layouts.map((boundaries) => {
      const errors = judged.map((sample) => predictClassic(sample, boundaries, quantiles).worst);
      return `${percent(errors[0])} (${percent(Math.max(...errors))})`;
    });
    rows.push([metric.name, String(buckets), ...cells, percent(advice.predicted.advised.worst)]);
  }
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
for (const row of rows) {
  console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
}
