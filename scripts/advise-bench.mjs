#!/usr/bin/env node
// Benchmark of advise: 10^6 observations of the demo's workload, N = 20 boundaries.
// Prints the time of the advice itself (sort, windows, candidates, optimiser, predicted table) and of
// the whole CLI on a CSV of the same observations. Usage: npm run build && node scripts/advise-bench.mjs [count] [buckets]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { adviseMetric } from '../dist/advise/advise.js';
import { Reference } from '../dist/advise/Reference.js';
import { HISTOGRAMS } from '../dist/metrics/definitions.js';
import { uploadStream } from '../dist/workload/uploads.js';

const count = Number(process.argv[2] ?? 1_000_000);
const buckets = Number(process.argv[3] ?? 20);
const uploads = [];
for (const upload of uploadStream(42)) {
  if (uploads.length >= count) break;
  uploads.push(upload);
}
const objective = { buckets, quantiles: [0.5, 0.9, 0.95, 0.99], thresholds: [], nice: true };
for (const metric of HISTOGRAMS) {
  const values = uploads.map((upload) => (metric.unit === 'bytes' ? upload.bytes : upload.seconds));
  const started = performance.now();
  const reference = Reference.fromValues(values, 4);
  const advice = adviseMetric({ metric: metric.name, reference, source: 'bench' }, objective);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `advise ${metric.name}: ${count} observations, N = ${buckets}: ${seconds.toFixed(2)} s (predicted worst ${(advice.predicted.advised.worst * 100).toFixed(2)}%)`,
  );
}
const dir = mkdtempSync(join(tmpdir(), 'advise-bench-'));
try {
  const file = join(dir, 'observations.csv');
  writeFileSync(
    file,
    `file_type,bytes,seconds\n${uploads.map((u) => `${u.fileType},${u.bytes},${u.seconds}`).join('\n')}\n`,
  );
  const cli = new URL('../bin/histogram-demo.js', import.meta.url).pathname;
  const started = performance.now();
  execFileSync(process.execPath, [cli, 'advise', '--truth', file, '--buckets', String(buckets), '--json'], {
    stdio: 'ignore',
  });
  console.log(
    `histogram-demo advise --truth (both metrics, CSV read included): ${((performance.now() - started) / 1000).toFixed(2)} s`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
