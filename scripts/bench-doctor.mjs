#!/usr/bin/env node
// Measures `histogram-demo doctor` over 1,000 histogram families of 10 series each (10 buckets):
// a prom-client app on a free port exposes them, the real Prometheus started by `stack up` scrapes
// them, and doctor audits them as a user runs it (a new process, JSON output). Prints the figure and
// writes it to docs/doctor-bench.txt. Usage: npm run build && node scripts/bench-doctor.mjs
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Histogram, Registry } from 'prom-client';
import { parse, stringify } from 'yaml';

const FAMILIES = 1000;
const SERIES = 10;
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const RUNS = 3;
const cli = new URL('../bin/histogram-demo.js', import.meta.url).pathname;
const repoConfig = new URL('../configs/prometheus/prometheus.yml', import.meta.url).pathname;

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const registry = new Registry();
for (let f = 0; f < FAMILIES; f += 1) {
  const histogram = new Histogram({
    name: `bench_family_${String(f).padStart(4, '0')}_seconds`,
    help: 'benchmark family',
    labelNames: ['series'],
    buckets: BUCKETS,
    registers: [registry],
  });
  for (let s = 0; s < SERIES; s += 1) {
    for (let i = 1; i <= 20; i += 1) histogram.observe({ series: String(s) }, ((f + s + i) % 50) / 10);
  }
}
const appPort = await freePort();
const app = createHttpServer(async (_request, response) => {
  response.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
});
await new Promise((resolve) => app.listen(appPort, '127.0.0.1', resolve));

const state = mkdtempSync(join(tmpdir(), 'histogram-demo-bench-doctor-'));
const config = parse(readFileSync(repoConfig, 'utf8'));
config.scrape_configs.push({
  job_name: 'doctor-bench',
  scrape_interval: '5s',
  scrape_timeout: '5s',
  static_configs: [{ targets: [`127.0.0.1:${appPort}`] }],
});
writeFileSync(join(state, 'bench-prometheus.yml'), stringify(config));
const names = ['otlp-grpc', 'otlp-http', 'otlp-exponential', 'collector', 'collector-native', 'health', 'prometheus'];
const ports = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await freePort()])));
const upArgs = Object.entries(ports).flatMap(([name, port]) => [`--${name}-port`, String(port)]);
const prometheusUrl = `http://127.0.0.1:${ports.prometheus}`;
const run = (args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });

try {
  const up = run([
    'stack',
    'up',
    '--native',
    '--state-dir',
    join(state, 'stack'),
    ...upArgs,
    '--grafana-port',
    String(await freePort()),
    '--app-port',
    String(await freePort()),
    '--prometheus-config',
    join(state, 'bench-prometheus.yml'),
  ]);
  if (up.status !== 0) throw new Error(`stack up failed:\n${up.stdout}${up.stderr}`);
  // Until Prometheus holds every series of every family.
  const expected = FAMILIES * SERIES;
  for (let attempt = 0; ; attempt += 1) {
    const query = 'count({__name__=~"bench_family_.*_count"})';
    const body = await (await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`)).json();
    if (Number(body.data?.result?.[0]?.value?.[1] ?? 0) === expected) {
      // One more scrape: rate() in the standard quantile query needs two samples.
      await new Promise((resolve) => setTimeout(resolve, 6000));
      break;
    }
    if (attempt > 60) {
      const targets = await (await fetch(`${prometheusUrl}/api/v1/targets`)).json();
      const bench = targets.data.activeTargets.find((target) => target.labels.job === 'doctor-bench');
      throw new Error(
        `Prometheus never held every benchmark series (${JSON.stringify(body.data?.result)}; target ${bench?.health}: ${bench?.lastError})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const timings = [];
  let report;
  for (let i = 0; i < RUNS; i += 1) {
    const start = process.hrtime.bigint();
    // Asynchronously: the benchmark app lives in this process and must keep answering scrapes meanwhile.
    const result = await promisify(execFile)(
      process.execPath,
      [cli, 'doctor', '--prometheus-url', prometheusUrl, '--match', '{job="doctor-bench"}', '--json'],
      { encoding: 'utf8', maxBuffer: 1 << 30 },
    ).then(
      ({ stdout, stderr }) => ({ status: 0, stdout, stderr }),
      (error) => ({ status: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
    timings.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (result.status !== 0 && result.status !== 1) throw new Error(`doctor failed:\n${result.stderr}`);
    report = JSON.parse(result.stdout);
    console.error(
      `run ${i + 1}: ${timings[i].toFixed(2)} s, ${report.families.length} families, exit ${result.status}, stderr ${result.stderr.trim()}`,
    );
  }
  const series = report.families.reduce((sum, family) => sum + family.series, 0);
  const stored = report.families.reduce((sum, family) => sum + family.classicSeries, 0);
  const sorted = [...timings].sort((a, b) => a - b);
  const lines = [
    `doctor over ${report.families.length} histogram families, ${series} histograms, ${stored} stored series`,
    `(${BUCKETS.length} finite buckets each; real Prometheus from stack up; ${report.findings.length} findings)`,
    `wall time per run, new process each, ${RUNS} runs: median ${sorted[Math.floor(RUNS / 2)].toFixed(2)} s, ` +
      `max ${sorted[RUNS - 1].toFixed(2)} s (limit 10 s)`,
  ];
  console.log(lines.join('\n'));
  writeFileSync(new URL('../docs/doctor-bench.txt', import.meta.url), `${lines.join('\n')}\n`);
} finally {
  execFileSync(process.execPath, [cli, 'stack', 'down', '--state-dir', join(state, 'stack')], { stdio: 'ignore' });
  app.close();
  rmSync(state, { recursive: true, force: true });
}
