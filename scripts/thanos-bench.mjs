#!/usr/bin/env node
// Figures of the Thanos cluster (`stack up --thanos`), for the README's "Scaling out" section.
// A throwaway native stack on its own ports, both apps recording in real time, then:
//   - remote-write lag: from a sample's scrape timestamp until the Thanos query returns it
//     (the newest `up` sample of each of Prometheus' four jobs, polled every 100 ms);
//   - the cluster's CPU (cores, from /proc utime+stime) and memory (RSS), beside Prometheus';
//   - with --cold-build: the first build of Thanos, through the project's own builder, with
//     empty Go build and binary caches (the module download is kept: it is network, not CPU).
// Writes docs/thanos-figures.txt (scripts/update-readme.mjs puts it in the README).
// Usage: npm run build && node scripts/thanos-bench.mjs [--seconds 90] [--cold-build]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { cacheDir } from '../dist/stack/paths.js';

const { values: options } = parseArgs({
  options: { seconds: { type: 'string', default: '90' }, 'cold-build': { type: 'boolean', default: false } },
});
const seconds = Number(options.seconds);
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'bin/histogram-demo.js');
const figuresFile = join(root, 'docs/thanos-figures.txt');
// Below Linux' ephemeral range (32768 on), where outgoing connections cannot hold them.
const state = mkdtempSync(join(tmpdir(), 'histogram-demo-thanos-bench-'));
const ports = { otlpGrpc: 25317, otlpHttp: 25318, otlpExp: 25319, collector: 25889, native: 25890, health: 25133 };
const prometheusUrl = 'http://127.0.0.1:25090';
const thanosUrl = 'http://127.0.0.1:25902';
const upArgs = [
  ...['--state-dir', state, '--otlp-grpc-port', ports.otlpGrpc, '--otlp-http-port', ports.otlpHttp],
  ...['--otlp-exponential-port', ports.otlpExp, '--collector-port', ports.collector],
  ...['--collector-native-port', ports.native, '--health-port', ports.health, '--prometheus-port', 25090],
  ...['--grafana-port', 25000, '--app-port', 25001, '--thanos-query-port', 25902, '--thanos-internal-ports', 25910],
].map(String);
const cliSync = (args, env = {}) =>
  execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, stdio: 'pipe' });

let apps;
function cleanup() {
  apps?.kill('SIGTERM');
  try {
    cliSync(['clean', '--state-dir', state]);
  } catch {}
  rmSync(state, { recursive: true, force: true });
}
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

const median = (sorted) => sorted[Math.floor((sorted.length - 1) / 2)];
const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

async function newestScrapes(url) {
  const query = encodeURIComponent('timestamp(up)');
  const body = await (await fetch(`${url}/api/v1/query?query=${query}`)).json();
  return new Map(body.data.result.map((entry) => [entry.metric.job, Number(entry.value[1])]));
}

/** utime + stime in seconds and RSS in bytes of one process, from /proc. */
function usage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  // USER_HZ is 100 on Linux for every architecture we run on.
  return { cpu: ticks / 100, rss };
}

function groupUsage(pids) {
  return pids.map(usage).reduce((total, one) => ({ cpu: total.cpu + one.cpu, rss: total.rss + one.rss }));
}

async function coldBuildMinutes() {
  const cache = mkdtempSync(join(tmpdir(), 'histogram-demo-thanos-cold-'));
  try {
    // Everything else cached comes along (the collector, Prometheus, its UI), so that only Thanos is built.
    for (const entry of readdirSync(cacheDir())) {
      if (!entry.startsWith('thanos-')) symlinkSync(join(cacheDir(), entry), join(cache, entry));
    }
    const started = Date.now();
    // A throwaway binary cache and Go build cache: the project's builder builds Thanos from scratch.
    cliSync(['stack', 'up', '--native', '--thanos', ...upArgs], {
      HISTOGRAM_DEMO_CACHE: cache,
      GOCACHE: join(cache, 'go-build'),
    });
    const minutes = (Date.now() - started) / 60_000;
    cliSync(['stack', 'down', '--state-dir', state]);
    return minutes;
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

try {
  let buildLine;
  if (options['cold-build']) {
    const minutes = await coldBuildMinutes();
    buildLine = `Thanos first build (empty Go build cache, ${cpus().length} cores): ${minutes.toFixed(1)} min, once; cached after that`;
  } else {
    const previous = (() => {
      try {
        return readFileSync(figuresFile, 'utf8');
      } catch {
        return '';
      }
    })();
    buildLine =
      previous.split('\n').find((line) => line.startsWith('Thanos first build')) ??
      'Thanos first build: not measured (run with --cold-build)';
  }

  const started = Date.now();
  cliSync(['stack', 'up', '--native', '--thanos', ...upArgs]);
  const upSeconds = (Date.now() - started) / 1000;
  apps = spawn(
    process.execPath,
    [cli, 'run', 'both', '--aggregation', 'both', '--rate', '20', '--port', '25001'].concat([
      '--otlp-endpoint',
      'http://127.0.0.1:25318',
      '--otlp-exponential-endpoint',
      'http://127.0.0.1:25319',
    ]),
    { stdio: 'ignore' },
  );
  const stack = JSON.parse(readFileSync(join(state, 'stack.json'), 'utf8'));
  const thanosPids = Object.entries(stack.processes)
    .filter(([name]) => name.startsWith('thanos-'))
    .map(([, entry]) => entry.pid);
  const prometheusPid = stack.processes.prometheus.pid;

  // Warm-up: the receivers' first series, the query's first connections.
  await sleep(15_000);
  const before = { thanos: groupUsage(thanosPids), prometheus: usage(prometheusPid), at: Date.now() };
  const seen = new Map();
  const lags = [];
  const deadline = Date.now() + seconds * 1000;
  let peak = { thanos: 0, prometheus: 0 };
  while (Date.now() < deadline) {
    const now = Date.now() / 1000;
    for (const [job, timestamp] of await newestScrapes(thanosUrl)) {
      if (seen.has(job) && timestamp > seen.get(job)) lags.push(now - timestamp);
      seen.set(job, timestamp);
    }
    peak = {
      thanos: Math.max(peak.thanos, groupUsage(thanosPids).rss),
      prometheus: Math.max(peak.prometheus, usage(prometheusPid).rss),
    };
    await sleep(100);
  }
  const after = { thanos: groupUsage(thanosPids), prometheus: usage(prometheusPid), at: Date.now() };
  const wall = (after.at - before.at) / 1000;
  const cores = (key) => ((after[key].cpu - before[key].cpu) / wall).toFixed(3);
  const mib = (bytes) => `${Math.round(bytes / 2 ** 20)} MiB`;
  const sorted = lags.sort((a, b) => a - b);
  const series = (await newestScrapes(prometheusUrl)).size;

  const lines = [
    `Thanos cluster: 3 receivers (replication factor 3) + 1 query, native, ${cpus().length} cores; apps at 20 uploads/s`,
    `stack up --thanos (binaries cached): ${upSeconds.toFixed(1)} s`,
    `remote-write lag, scrape -> visible in Thanos query: median ${median(sorted).toFixed(2)} s, p95 ${percentile(sorted, 0.95).toFixed(2)} s (${sorted.length} scrapes of ${series} jobs over ${Math.round(wall)} s; Prometheus' default batch_send_deadline is 5 s)`,
    `CPU: Thanos cluster ${cores('thanos')} cores, Prometheus ${cores('prometheus')} cores (average over ${Math.round(wall)} s)`,
    `memory (peak RSS): Thanos cluster ${mib(peak.thanos)}, Prometheus ${mib(peak.prometheus)}`,
    buildLine,
  ];
  writeFileSync(figuresFile, `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
  console.log(`written to ${figuresFile}; node scripts/update-readme.mjs puts it in README.md`);
} finally {
  cleanup();
}
