#!/usr/bin/env node
// Figures of the dashboards page, for docs/dashboards.md (issue 22, item 5), each with the load
// average of the machine while it was taken (the machine is shared; a loaded one is slower):
//   - `npm ci` of a fresh clone of this repository (the CLI's own install, web/ not included):
//     with the machine's npm cache, and with an empty npm cache (every package from the registry);
//   - the page's bundle: files, bytes and gzip bytes of what is cached and served;
//   - page load to every panel drawn: a throwaway native stack with the dashboards component on its
//     own ports, both apps recording a seeded workload, then each dashboard opened N times in a
//     fresh Chromium context (cold HTTP cache) until every panel drew (scripts/dashboards-page.mjs).
// Writes docs/dashboards-figures.txt (scripts/update-readme.mjs puts it in docs/dashboards.md).
// Usage: npm run build && node scripts/dashboards-figures.mjs [--base-port 26100] [--loads 3] [--no-cold-npm]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { launch, listDashboards, openAndWait } from './dashboards-page.mjs';

const { values: options } = parseArgs({
  options: {
    'base-port': { type: 'string', default: '26100' },
    loads: { type: 'string', default: '3' },
    'no-cold-npm': { type: 'boolean', default: false },
  },
});
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'bin/histogram-demo.js');
const figuresFile = join(root, 'docs/dashboards-figures.txt');
const { PORT_TABLE } = await import('../dist/config/ports.js');
const { bundleDirFor, ensureDashboardsBundle } = await import('../dist/page/bundle.js');

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const lines = [];
const say = (line) => {
  console.log(line);
  lines.push(line);
};
const seconds = (ms) => (ms / 1000).toFixed(1);

say(
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores; load average (1, 5, 15 min) beside each figure.`,
);

// 1. npm ci of a fresh clone: what `npm install` costs a new user of the CLI (web/ is not installed).
const npmCi = (label, extraEnv) => {
  const clone = mkdtempSync(join(tmpdir(), 'histogram-demo-clone-'));
  try {
    execFileSync('git', ['clone', '--quiet', root, clone]);
    const before = load();
    const started = Date.now();
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: clone,
      env: { ...process.env, ...extraEnv },
      stdio: 'ignore',
    });
    say(
      `npm ci of a fresh clone, ${label}: ${seconds(Date.now() - started)} s (load ${before} before, ${load()} after)`,
    );
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
};
npmCi("this machine's npm cache", {});
if (!options['no-cold-npm']) {
  const emptyCache = mkdtempSync(join(tmpdir(), 'histogram-demo-npm-cache-'));
  try {
    npmCi('an empty npm cache (every package from the registry)', { npm_config_cache: emptyCache });
  } finally {
    rmSync(emptyCache, { recursive: true, force: true });
  }
}

// 2. The bundle as cached and served.
const bundle = await ensureDashboardsBundle(() => {});
const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else files.push(path);
  }
};
walk(bundle);
const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
const gzip = files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
const largest = files.map((file) => [relative(bundle, file), statSync(file).size]).sort((a, b) => b[1] - a[1])[0];
say(
  `bundle ${relative(join(bundle, '..'), await bundleDirFor())}: ${files.length} files, ` +
    `${(bytes / 1e6).toFixed(2)} MB, ${(gzip / 1e6).toFixed(2)} MB gzip; largest ${largest[0]} ${(largest[1] / 1e6).toFixed(2)} MB`,
);

// 3. Page load to every panel drawn, against a live stack with data.
const state = mkdtempSync(join(tmpdir(), 'histogram-demo-page-figures-'));
const base = Number(options['base-port']);
const portArgs = PORT_TABLE.filter((row) => !row.key.startsWith('thanos')).flatMap((row, index) => [
  row.flag,
  String(base + index),
]);
const portOf = (key) =>
  base + PORT_TABLE.filter((row) => !row.key.startsWith('thanos')).findIndex((row) => row.key === key);
const prometheus = `http://127.0.0.1:${portOf('prometheus')}`;
const page = `http://127.0.0.1:${portOf('dashboards')}`;
let apps;
try {
  execFileSync(process.execPath, [cli, 'stack', 'up', '--native', '--state-dir', state, ...portArgs], {
    stdio: 'ignore',
  });
  apps = spawn(
    process.execPath,
    [
      cli,
      'run',
      'both',
      '--aggregation',
      'both',
      '--count',
      '2000',
      '--rate',
      '200',
      '--seed',
      '1',
      '--stay',
      '--port',
      String(portOf('directApp')),
      '--otlp-endpoint',
      `http://127.0.0.1:${portOf('otlpHttp')}`,
      '--otlp-exponential-endpoint',
      `http://127.0.0.1:${portOf('otlpExponentialHttp')}`,
      '--prometheus-otlp-endpoint',
      `${prometheus}/api/v1/otlp`,
    ],
    { stdio: 'ignore', env: { ...process.env, OTEL_METRIC_EXPORT_INTERVAL: '1000' } },
  );
  // The run records 2000 uploads at 200/s.
  for (let waited = 0; waited < 300; waited += 1) {
    const answer = await fetch(`${prometheus}/api/v1/query?query=sum(file_uploads_total)`)
      .then((response) => response.json())
      .catch(() => undefined);
    if (Number(answer?.data?.result?.[0]?.value?.[1]) >= 2000) break;
    await sleep(1000);
  }
  while ((await fetch(`${page}/-/ready`).catch(() => undefined))?.status !== 200) await sleep(1000);
  // Two and a half minutes of data: a stat over 15 minutes has a point a minute and shows "No data"
  // with a single one.
  await sleep(150_000);
  const browser = await launch();
  try {
    say(`page load to every panel drawn (${options.loads} loads each, fresh browser context, range 15m):`);
    say('dashboard                           panels  median s  max s  load average');
    for (const { name } of await listDashboards(page)) {
      const times = [];
      let panels = 0;
      const before = load();
      for (let i = 0; i < Number(options.loads); i++) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 6000 } });
        const tab = await context.newPage();
        times.push(await openAndWait(tab, page, name, '15m'));
        panels = await tab.locator('section[data-testid="panel"]').count();
        await context.close();
      }
      times.sort((a, b) => a - b);
      say(
        `${name.padEnd(36)}${String(panels).padStart(6)}${seconds(times[Math.floor(times.length / 2)]).padStart(10)}${seconds(times.at(-1)).padStart(7)}  ${before}`,
      );
    }
  } finally {
    await browser.close();
  }
} finally {
  apps?.kill('SIGTERM');
  execFileSync(process.execPath, [cli, 'stack', 'down', '--state-dir', state], { stdio: 'ignore' });
  rmSync(state, { recursive: true, force: true });
}
writeFileSync(figuresFile, `${lines.join('\n')}\n`);
console.log(`wrote ${figuresFile}`);
