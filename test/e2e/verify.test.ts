import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_TYPES, HISTOGRAMS } from '../../src/metrics/definitions.js';
import { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';
import type { VerifyReport } from '../../src/verify/report.js';
import { launchChromium } from '../helpers/chromium.js';
import { type RunningCli, runCli, startCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { eventually, startTestStack, type TestStack } from './nativeStack.js';

const COUNT = 3000;
/** 1 s is a boundary of the durations' classic buckets and of every native scale (2^0); 3 s and 3 MB are neither. */
const THRESHOLDS = [
  '--threshold',
  'http_request_duration_seconds=1',
  '--threshold',
  'http_request_duration_seconds=3',
  '--threshold',
  'uploaded_file_bytes=3000000',
];

async function tempFile(name: string): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'histogram-demo-verify-')), name);
}

/** The observations file's column, read by the test itself. */
async function column(file: string, index: 1 | 2): Promise<number[]> {
  const lines = (await readFile(file, 'utf8')).trim().split('\n').slice(1);
  return lines.map((line) => Number(line.split(',')[index]));
}

/**
 * Whether v is a q-quantile of the values by the definition itself, not by ranks: at least q of
 * the values are at or below it and at least 1 - q at or above it.
 */
function isQuantile(values: readonly number[], q: number, v: number): boolean {
  const atOrBelow = values.filter((value) => value <= v).length;
  const atOrAbove = values.filter((value) => value >= v).length;
  return atOrBelow >= q * values.length - 1e-9 && atOrAbove >= (1 - q) * values.length - 1e-9;
}

async function waitForTotals(prometheus: PrometheusClient, expressions: readonly string[]): Promise<void> {
  const ok = await eventually(async () => {
    for (const expression of expressions) if ((await prometheus.value(expression)) !== COUNT) return false;
    return true;
  }, 90_000);
  if (!ok) throw new Error(`Prometheus never reached ${COUNT} for ${expressions.join(', ')}`);
}

describe('verify against the three real pipelines on a known seed', () => {
  let stack: TestStack;
  let apps: RunningCli;
  let observations: string;
  let html: string;
  let report: VerifyReport;
  let code: number | null;

  beforeAll(async () => {
    stack = await startTestStack();
    observations = await tempFile('observations.csv');
    html = await tempFile('report.html');
    apps = startCli(
      [
        'run',
        'both',
        '--aggregation',
        'both',
        '--count',
        String(COUNT),
        '--seed',
        '4242',
        '--stay',
        ...stack.appArgs,
        '--observations',
        observations,
      ],
      { env: { OTEL_METRIC_EXPORT_INTERVAL: '1000' } },
    );
    await apps.waitFor('Staying up');
    const prometheus = new PrometheusClient(stack.prometheusUrl);
    await waitForTotals(
      prometheus,
      HISTOGRAMS.flatMap((metric) => [
        `sum(logfire_${metric.name}_count)`,
        `sum(${metric.name}_count)`,
        `sum(histogram_count(logfire_native_${metric.name}))`,
      ]),
    );
    const result = await runCli([
      'verify',
      '--prometheus-url',
      stack.prometheusUrl,
      '--observations',
      observations,
      '--require',
      'logfire,direct,native',
      '--json',
      '--html',
      html,
      ...THRESHOLDS,
    ]);
    code = result.code;
    report = JSON.parse(result.stdout) as VerifyReport;
  });

  afterAll(async () => {
    await apps?.stop();
    await stack?.down();
  });

  it('exits 0 with the verdict that all three pipelines agree', () => {
    expect(report.disagreements).toEqual([]);
    expect(report.verdict).toBe('agree');
    expect(code).toBe(0);
  });

  it('gives exact quantile intervals whose ends are q-quantiles by definition, and no observed value beyond them is', async () => {
    for (const [metric, index] of [
      ['uploaded_file_bytes', 1],
      ['http_request_duration_seconds', 2],
    ] as const) {
      const values = await column(observations, index);
      const scope = report.scopes.find((entry) => entry.metric === metric && entry.scope === 'all');
      expect(scope?.exact?.count).toBe(COUNT);
      for (const [position, q] of report.quantiles.entries()) {
        const interval = scope?.exact?.quantiles[position];
        expect(interval).toBeDefined();
        const { lower, upper } = interval as { lower: number; upper: number };
        expect(isQuantile(values, q, lower) && isQuantile(values, q, upper), `${metric} p${q * 100}`).toBe(true);
        const below = Math.max(...values.filter((value) => value < lower));
        const above = Math.min(...values.filter((value) => value > upper));
        expect(isQuantile(values, q, below) || isQuantile(values, q, above)).toBe(false);
      }
    }
  });

  it('gives each classic estimate its guaranteed interval, read from Prometheus by the test itself', async () => {
    const prometheus = new PrometheusClient(stack.prometheusUrl);
    for (const scope of report.scopes.filter((entry) => entry.scope === 'all')) {
      const samples = await prometheus.query(`sum by (le) (${scope.metric}_bucket)`);
      const cumulative = samples
        .map((sample) => ({ bound: Number((sample.labels.le ?? '').replace('+Inf', 'Infinity')), count: sample.value }))
        .sort((a, b) => a.bound - b.bound);
      for (const error of scope.quantileErrors.filter((entry) => entry.pipeline === 'direct')) {
        // The bucket that holds rank q·n; when q·n is an integer k, from the bucket of x(k) to that of x(k+1).
        const rank = error.quantile * COUNT;
        const k = Math.round(rank);
        const integer = Math.abs(rank - k) < 1e-9;
        const first = cumulative.findIndex((bucket) => bucket.count >= (integer ? k : rank));
        const last = integer ? cumulative.findIndex((bucket) => bucket.count >= k + 1) : first;
        expect(error.guaranteed).toEqual({ lower: cumulative[first - 1]?.bound ?? 0, upper: cumulative[last]?.bound });
        expect(error.estimate).toBeGreaterThanOrEqual(error.guaranteed?.lower ?? Number.NaN);
        expect(error.estimate).toBeLessThanOrEqual(error.guaranteed?.upper ?? Number.NaN);
      }
    }
  });

  it('answers --threshold per pipeline and scope: the exact share counted by the test, the classic interval read from Prometheus', async () => {
    const prometheus = new PrometheusClient(stack.prometheusUrl);
    for (const [metric, index, value, boundary] of [
      ['http_request_duration_seconds', 2, 1, true],
      ['http_request_duration_seconds', 2, 3, false],
      ['uploaded_file_bytes', 1, 3_000_000, false],
    ] as const) {
      const values = await column(observations, index);
      const exact = values.filter((observed) => observed <= value).length / COUNT;
      const shares = report.thresholds.filter((share) => share.metric === metric && share.value === value);
      // Three pipelines in the scope of all series and in each file type.
      expect(shares.filter((share) => share.scope === 'all').map((share) => share.pipeline)).toEqual([
        'logfire',
        'direct',
        'native',
      ]);
      expect(shares.length).toBe(3 * (1 + FILE_TYPES.length));
      const buckets = await prometheus.query(`sum by (le) (${metric}_bucket)`);
      const cumulative = buckets
        .map((sample) => ({ bound: Number((sample.labels.le ?? '').replace('+Inf', 'Infinity')), count: sample.value }))
        .sort((a, b) => a.bound - b.bound);
      const below = cumulative.filter((bucket) => bucket.bound <= value).at(-1)?.count ?? 0;
      const above = cumulative.find((bucket) => bucket.bound >= value)?.count ?? COUNT;
      for (const share of shares.filter((entry) => entry.scope === 'all')) {
        const at = `${share.pipeline} ${metric} <= ${value}`;
        expect(share.exact, at).toBe(exact);
        expect(share.error, at).toBeCloseTo(share.estimate - exact, 12);
        const [lower, upper] = share.interval ?? [Number.NaN, Number.NaN];
        expect(share.estimate, at).toBeGreaterThanOrEqual(lower);
        expect(share.estimate, at).toBeLessThanOrEqual(upper);
        expect(exact, at).toBeGreaterThanOrEqual(lower);
        expect(exact, at).toBeLessThanOrEqual(upper);
        expect(share.boundary, at).toBe(boundary);
        if (share.representation === 'classic') expect(share.interval, at).toEqual([below / COUNT, above / COUNT]);
      }
    }
  });

  it('prints the threshold table in text, saying where the estimate is an interpolation', async () => {
    const result = await runCli([
      'verify',
      '--prometheus-url',
      stack.prometheusUrl,
      '--observations',
      observations,
      '--summary',
      ...THRESHOLDS,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      "Threshold share at or below VALUE = Prometheus' histogram_fraction(-Inf, VALUE, ...)",
    );
    expect(result.stdout).toMatch(/^ {2}share at or below +estimate +guaranteed interval +exact +error$/m);
    expect(result.stdout).toMatch(
      /^ {2}direct ≤ 1\.0000 +[\d.]+% +[\d.]+% +[\d.]+% +\+0\.00 pp +bucket boundary: exact$/m,
    );
    expect(result.stdout).toMatch(
      /^ {2}native ≤ 3\.0000 +[\d.]+% +\[[\d.]+%, [\d.]+%\] +[\d.]+% +[+-][\d.]+ pp +not a bucket boundary: interpolated$/m,
    );
    expect(result.stdout).toMatch(/^ {2}direct ≤ 3,000,000 +.* +not a bucket boundary: interpolated$/m);
  });

  it('gives the native pipeline the same count and sum as the others', () => {
    for (const scope of report.scopes) {
      const native = scope.pipelines.find((stats) => stats.pipeline === 'native');
      const direct = scope.pipelines.find((stats) => stats.pipeline === 'direct');
      expect(native?.count).toBe(direct?.count);
      expect(Math.abs((native?.sum ?? 0) - (direct?.sum ?? 0))).toBeLessThanOrEqual(1e-9 * (direct?.sum ?? 0));
    }
  });

  it("keeps every native estimate within its scale's relative error bound of the exact interval", () => {
    for (const scope of report.scopes.filter((entry) => entry.scope === 'all')) {
      const errors = scope.quantileErrors.filter((error) => error.pipeline === 'native');
      expect(errors).toHaveLength(4);
      for (const error of errors) {
        expect(error.bound).toBeGreaterThan(0);
        expect(Math.abs(error.relative ?? Number.NaN)).toBeLessThanOrEqual(error.bound as number);
      }
    }
  });

  it('writes an HTML report that loads offline in Chromium, draws its charts and shows the CLI numbers', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) problems.push(`network request: ${request.url()}`);
      });
      await page.goto(pathToFileURL(html).href);
      await page.waitForSelector('body[data-charts-drawn]');
      const charts = await page.locator('.chart').count();
      expect(charts).toBe(report.scopes.length * 2);
      expect(await page.getAttribute('body', 'data-charts-drawn')).toBe(String(charts));
      expect(await page.locator('.chart canvas').count()).toBe(charts);
      expect(await page.getAttribute('[data-verdict]', 'data-verdict')).toBe('agree');

      const bytes = report.scopes.find((scope) => scope.metric === 'uploaded_file_bytes' && scope.scope === 'all');
      const section = page.locator('section[data-metric="uploaded_file_bytes"][data-scope="all"]');
      for (const stats of bytes?.pipelines ?? []) {
        const row = (field: string) =>
          section.locator(`table.stats td[data-pipeline="${stats.pipeline}"][data-field="${field}"]`);
        expect(await row('count').textContent()).toBe(stats.count.toLocaleString('en-US'));
        expect(await row('p95').textContent()).toBe(
          Math.round(stats.estimates[2]?.estimate as number).toLocaleString('en-US'),
        );
      }
      const seconds = report.scopes.find(
        (scope) => scope.metric === 'http_request_duration_seconds' && scope.scope === 'all',
      );
      const native = seconds?.quantileErrors.find((error) => error.pipeline === 'native' && error.quantile === 0.99);
      const relative = page.locator(
        'section[data-metric="http_request_duration_seconds"][data-scope="all"] table.errors td[data-pipeline="native"][data-quantile="p99"][data-field="relative"]',
      );
      const percent = ((native?.relative ?? Number.NaN) * 100).toFixed(2);
      expect(await relative.textContent()).toBe(`${(native?.relative ?? 0) > 0 ? '+' : ''}${percent}%`);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('verify when one pipeline is broken', () => {
  let stack: TestStack | undefined;
  const running: RunningCli[] = [];

  afterAll(async () => {
    await Promise.all(running.map((cli) => cli.stop()));
    await stack?.down();
  });

  it('exits 1 and names the buckets when the Logfire app keeps the OpenTelemetry default boundaries', async () => {
    stack = await startTestStack();
    const apps = startCli(
      ['run', 'both', '--buckets', 'otel-default', '--count', String(COUNT), '--stay', ...stack.appArgs],
      { env: { OTEL_METRIC_EXPORT_INTERVAL: '1000' } },
    );
    running.push(apps);
    await apps.waitFor('Staying up');
    await waitForTotals(new PrometheusClient(stack.prometheusUrl), [
      'sum(logfire_uploaded_file_bytes_count)',
      'sum(uploaded_file_bytes_count)',
    ]);
    const result = await runCli(['verify', '--prometheus-url', stack.prometheusUrl, '--summary']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('uploaded_file_bytes_bucket{le="1e+06"} missing, direct');
    expect(result.stdout).toMatch(/logfire: uploaded_file_bytes_bucket\{le="10000\.0"\} 0, direct missing/);
    await apps.stop();
    await stack.down();
    stack = undefined;
  });

  it('exits 1 and says the Logfire pipeline is missing when its metrics never reach the collector', async () => {
    stack = await startTestStack();
    const closedPort = await freePort();
    const logfire = startCli([
      'run',
      'logfire',
      '--count',
      String(COUNT),
      '--stay',
      '--otlp-endpoint',
      `http://127.0.0.1:${closedPort}`,
    ]);
    const direct = startCli(['run', 'direct', '--count', String(COUNT), '--stay', '--port', String(stack.appPort)]);
    running.push(logfire, direct);
    await Promise.all([logfire.waitFor('Staying up'), direct.waitFor('Staying up')]);
    await waitForTotals(new PrometheusClient(stack.prometheusUrl), ['sum(uploaded_file_bytes_count)']);
    const result = await runCli(['verify', '--prometheus-url', stack.prometheusUrl, '--summary']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('logfire: no series for uploaded_file_bytes in any representation');
    expect(result.stdout).toContain(`direct has count ${COUNT}`);
    expect(logfire.output()).toContain('cannot deliver metrics');
  });

  it('exits with a one-line error when Prometheus is unreachable', async () => {
    const result = await runCli(['verify', '--prometheus-url', `http://127.0.0.1:${await freePort()}`]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('cannot reach Prometheus');
  });
});

describe('verify during a live run, the apps still recording in real time', () => {
  let stack: TestStack;
  let apps: RunningCli;

  beforeAll(async () => {
    stack = await startTestStack();
    apps = startCli(['run', 'both', '--aggregation', 'both', '--rate', '20', '--seed', '77', ...stack.appArgs], {
      env: { OTEL_METRIC_EXPORT_INTERVAL: '2000' },
    });
    const prometheus = new PrometheusClient(stack.prometheusUrl);
    const started = await eventually(async () => {
      for (const expression of [
        'sum(logfire_uploaded_file_bytes_count)',
        'sum(uploaded_file_bytes_count)',
        'sum(histogram_count(logfire_native_uploaded_file_bytes))',
      ]) {
        if (((await prometheus.value(expression)) ?? 0) < 50) return false;
      }
      return true;
    }, 90_000);
    if (!started) throw new Error(`the live pipelines never reached 50 uploads:\n${apps.output()}`);
  });

  afterAll(async () => {
    await apps?.stop();
    await stack?.down();
  });

  it('checks each pipeline against its own first uploads of the seed and exits 0', async () => {
    const result = await runCli([
      'verify',
      '--prometheus-url',
      stack.prometheusUrl,
      '--seed',
      '77',
      '--require',
      'logfire,direct,native',
      '--json',
    ]);
    const report = JSON.parse(result.stdout) as VerifyReport;
    expect(report.disagreements).toEqual([]);
    expect(result.code).toBe(0);
    expect(report.truthSource).toBe('the seed 77 upload stream');
    const totals = report.scopes
      .filter((scope) => scope.scope === 'all')
      .flatMap((scope) => scope.pipelines.map((stats) => stats.count));
    expect(Math.min(...totals)).toBeGreaterThanOrEqual(50);
  });

  it('keeps the native histogram counts rising from scrape to scrape (no first-point-only accumulation)', async () => {
    const prometheus = new PrometheusClient(stack.prometheusUrl);
    const counts: number[] = [];
    // Four reads, one scrape interval (5 s) apart, while the app records 20 uploads per second.
    for (let read = 0; read < 4; read += 1) {
      if (read > 0) await new Promise((resolve) => setTimeout(resolve, 5_500));
      counts.push((await prometheus.value('sum(histogram_count(logfire_native_uploaded_file_bytes))')) ?? 0);
    }
    console.log(`native histogram count, read every 5.5 s: ${counts.join(', ')}`);
    for (let read = 1; read < counts.length; read += 1) {
      expect(counts[read], counts.join(', ')).toBeGreaterThan(counts[read - 1] as number);
    }
  }, 60_000);

  it('exits 1, naming the buckets, when told the wrong seed', async () => {
    const result = await runCli(['verify', '--prometheus-url', stack.prometheusUrl, '--seed', '78', '--summary']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/direct: uploaded_file_bytes(\{file_type="\w+"\})? (count|sum|_bucket)/);
    expect(result.stdout).toContain('the seed 78 upload stream');
  });
});
