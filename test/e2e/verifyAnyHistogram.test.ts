/**
 * verify on histograms the demo does not define: a small prom-client app the test writes, with its
 * own metric, label and scrape jobs; and the Logfire app's exponential histograms arriving through
 * the collector's main receiver, as native histograms, against the direct app's classic ones.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';
import type { QuantileError, VerifyReport } from '../../src/verify/report.js';
import { type CliResult, type RunningCli, runCli, startCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { eventually, startTestStack, type TestStack } from './nativeStack.js';

const require = createRequire(import.meta.url);

/** Checkout latencies in seconds, in recording order, by region: chosen so that the ranks fall across gaps. */
const OBSERVATIONS: readonly (readonly [string, number])[] = [
  ['eu', 0.05],
  ['us', 0.08],
  ['eu', 0.2],
  ['us', 0.15],
  ['eu', 0.3],
  ['us', 1.2],
  ['eu', 2.0],
  ['us', 3.5],
];
const BOUNDARIES = [0.1, 0.25, 0.5, 1, 2.5];

/** A prom-client app: one histogram, the observations above, served on its own port. */
function shopApp(port: number): string {
  const promClient = pathToFileURL(require.resolve('prom-client')).href;
  return `import client from '${promClient}';
import { createServer } from 'node:http';
const registry = new client.Registry();
const latency = new client.Histogram({
  name: 'checkout_latency_seconds', help: 'Checkout latency', labelNames: ['region'],
  buckets: ${JSON.stringify(BOUNDARIES)}, registers: [registry],
});
for (const [region, seconds] of ${JSON.stringify(OBSERVATIONS)}) latency.observe({ region }, seconds);
createServer(async (request, response) => {
  response.setHeader('content-type', registry.contentType);
  response.end(await registry.metrics());
}).listen(${port}, '127.0.0.1', () => console.log('listening'));
`;
}

function errorOf(report: VerifyReport, scope: string, pipeline: string, quantile: number): QuantileError | undefined {
  return report.scopes
    .find((entry) => entry.scope === scope)
    ?.quantileErrors.find((error) => error.pipeline === pipeline && error.quantile === quantile);
}

describe('verify --pipeline --metric --truth on an app of its own', () => {
  let dir: string;
  let stack: TestStack | undefined;
  let app: ChildProcess | undefined;
  let truthFile: string;
  const pipelines = ['--pipeline', 'shop=$metric{job="shop"}', '--pipeline', 'mirror=$metric{job="shop-mirror"}'];
  const verifyShop = (...args: string[]): Promise<CliResult> =>
    runCli(['verify', '--prometheus-url', (stack as TestStack).prometheusUrl, ...pipelines, ...args]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'histogram-demo-any-'));
    const port = await freePort();
    const script = join(dir, 'shop.mjs');
    await writeFile(script, shopApp(port));
    app = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await once(app.stdout as NodeJS.ReadableStream, 'data');
    // The repo's Prometheus config plus two jobs of the test's own scraping the same app: two pipelines, same data.
    const config = parseDocument(
      await readFile(new URL('../../configs/prometheus/prometheus.yml', import.meta.url), 'utf8'),
    );
    for (const job of ['shop', 'shop-mirror']) {
      config.addIn(['scrape_configs'], { job_name: job, static_configs: [{ targets: [`127.0.0.1:${port}`] }] });
    }
    const configFile = join(dir, 'prometheus.yml');
    await writeFile(configFile, config.toString());
    truthFile = join(dir, 'truth.csv');
    await writeFile(
      truthFile,
      `region,latency\n${OBSERVATIONS.map(([region, value]) => `${region},${value}`).join('\n')}\n`,
    );
    stack = await startTestStack(['--prometheus-config', configFile]);
    const prometheus = new PrometheusClient(stack.prometheusUrl);
    const scraped = await eventually(
      async () => (await prometheus.value('count(checkout_latency_seconds_count)')) === 4,
      60_000,
    );
    if (!scraped) throw new Error('Prometheus never scraped the shop app under both jobs');
  });

  afterAll(async () => {
    app?.kill();
    await stack?.down();
    await rm(dir, { recursive: true, force: true });
  });

  it('agrees, with exact quantiles, errors and guaranteed intervals worked by hand', async () => {
    const result = await verifyShop('--metric', 'checkout_latency_seconds=latency', '--truth', truthFile, '--json');
    const report = JSON.parse(result.stdout) as VerifyReport;
    expect(report.disagreements).toEqual([]);
    expect(result.code).toBe(0);
    expect(report.representations.map((note) => [note.pipeline, note.representations])).toEqual([
      ['shop', ['classic']],
      ['mirror', ['classic']],
    ]);
    // Scopes from the truth's label column, in recording order.
    expect(report.scopes.map((scope) => scope.scope)).toEqual(['all', 'region="eu"', 'region="us"']);

    // All 8 sorted: .05 .08 .15 .2 .3 1.2 2 3.5; cumulative buckets .1:2 .25:4 .5:5 1:5 2.5:7 +Inf:8.
    // p50: q·n = 4, exact [x(4), x(5)] = [.2, .3]; rank 4 is in le=.25: .1 + .15·(4-2)/2 = .25, inside: error 0.
    // q·n is an integer, so the guaranteed interval joins the buckets of x(4) = .2, (.1, .25], and of
    // x(5) = .3, (.25, .5]: (.1, .5].
    expect(errorOf(report, 'all', 'shop', 0.5)).toMatchObject({
      exact: { lower: 0.2, upper: 0.3 },
      guaranteed: { lower: 0.1, upper: 0.5 },
      unbounded: false,
      absolute: 0,
      relative: 0,
    });
    expect(errorOf(report, 'all', 'shop', 0.5)?.estimate).toBeCloseTo(0.25, 12);
    // p90: 7.2 > 7 = le=2.5's count: the rank is in +Inf; Prometheus says 2.5, the truth x(8) = 3.5.
    const p90 = errorOf(report, 'all', 'mirror', 0.9);
    expect(p90).toMatchObject({ estimate: 2.5, exact: { lower: 3.5, upper: 3.5 }, unbounded: true, absolute: -1 });
    expect(p90?.guaranteed).toEqual({ lower: 2.5, upper: null }); // Infinity is null in JSON
    expect(p90?.relative).toBeCloseTo(-1 / 3.5, 12);
    // eu: .05 .2 .3 2; buckets .1:1 .25:2 .5:3 1:3 2.5:4. p90: 3.6, rank 4 = 2; le=2.5: 1 + 1.5·(3.6-3)/1 = 1.9.
    const eu = errorOf(report, 'region="eu"', 'shop', 0.9);
    expect(eu?.estimate).toBeCloseTo(1.9, 12);
    expect(eu).toMatchObject({ exact: { lower: 2, upper: 2 }, guaranteed: { lower: 1, upper: 2.5 } });
    expect(eu?.relative).toBeCloseTo(-0.05, 12);
  });

  it('without a truth, compares the pipelines and gives each estimate its interval, no error', async () => {
    const result = await verifyShop('--metric', 'checkout_latency_seconds');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No truth: the pipelines are compared with each other');
    // Seconds print to 0.1 ms. p90's rank is in +Inf: no bound; p50's rank 4 is an integer, so its interval
    // joins (0.1, 0.25] and (0.25, 0.5]: the error is bounded by the width, 0.4.
    expect(result.stdout).toMatch(
      /^ {2}shop p90 +2\.5000 +\(2\.5000, \+Inf\] \+Inf bucket: unbounded +unbounded +- +- +-$/m,
    );
    expect(result.stdout).toMatch(/^ {2}shop p50 +0\.2500 +\(0\.1000, 0\.5000\] +≤ 0\.4000 +- +- +-$/m);
  });

  it('exits 1 naming the bucket when the truth holds another value', async () => {
    const wrong = join(dir, 'wrong.csv');
    await writeFile(wrong, (await readFile(truthFile, 'utf8')).replace('us,1.2', 'us,0.9'));
    const result = await verifyShop('--metric', 'checkout_latency_seconds=latency', '--truth', wrong, '--summary');
    expect(result.code).toBe(1);
    // 0.9 <= 1: the truth has 6 values at or below le=1, the app recorded 5.
    expect(result.stdout).toContain(`shop: checkout_latency_seconds_bucket{le="1.0"} 5, ${wrong} 6`);
  });

  it.each([
    [['--pipeline', 'shop'], '--pipeline'],
    [['--metric', 'checkout latency'], '--metric'],
    [['--metric', 'checkout_latency_seconds=nope', '--truth', 'TRUTH'], 'no column "nope"'],
  ])('refuses %j with one line naming the problem and exit code 2', async (args, words) => {
    const result = await runCli([
      'verify',
      '--prometheus-url',
      (stack as TestStack).prometheusUrl,
      ...args.map((arg) => (arg === 'TRUTH' ? truthFile : arg)),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(words);
  });
});

describe('verify with exponential histograms sent to the main receiver, against the direct app', () => {
  let stack: TestStack;
  let apps: RunningCli;

  beforeAll(async () => {
    stack = await startTestStack();
    // As a user of the Python Logfire SDK gets them: exponential histograms on the collector's main receiver.
    apps = startCli(
      [
        'run',
        'both',
        '--aggregation',
        'exponential',
        '--count',
        '1000',
        '--seed',
        '7',
        '--stay',
        '--port',
        String(stack.appPort),
        '--otlp-endpoint',
        stack.otlpEndpoint,
        '--otlp-exponential-endpoint',
        stack.otlpEndpoint,
      ],
      { env: { OTEL_METRIC_EXPORT_INTERVAL: '1000' } },
    );
    await apps.waitFor('Staying up');
    const prometheus = new PrometheusClient(stack.prometheusUrl);
    const arrived = await eventually(
      async () =>
        (await prometheus.value('sum(histogram_count(logfire_uploaded_file_bytes))')) === 1000 &&
        (await prometheus.value('sum(uploaded_file_bytes_count)')) === 1000,
      90_000,
    );
    if (!arrived) throw new Error(`the native histograms never reached 1000:\n${apps.output()}`);
  });

  afterAll(async () => {
    await apps?.stop();
    await stack?.down();
  });

  it('names the native representation, agrees on count and sum, keeps every quantile in its interval, exits 0', async () => {
    const result = await runCli(['verify', '--prometheus-url', stack.prometheusUrl, '--seed', '7', '--json']);
    const report = JSON.parse(result.stdout) as VerifyReport;
    expect(report.disagreements).toEqual([]);
    expect(result.code).toBe(0);
    const logfire = report.representations.filter((note) => note.pipeline === 'logfire');
    expect(logfire.map((note) => note.representations)).toEqual([['native'], ['native']]);
    expect(logfire[0]?.message).toContain('exponential histograms: the app uses an exponential aggregation');
    for (const scope of report.scopes) {
      const [direct, native] = ['direct', 'logfire'].map((name) =>
        scope.pipelines.find((stats) => stats.pipeline === name),
      );
      expect(native?.representation).toBe('native');
      expect(native?.count).toBe(direct?.count);
      expect(Math.abs((native?.sum ?? 0) - (direct?.sum ?? 0))).toBeLessThanOrEqual(1e-9 * (direct?.sum ?? 0));
      for (const error of scope.quantileErrors.filter((entry) => entry.pipeline === 'logfire')) {
        const { lower, upper } = error.guaranteed ?? { lower: Number.NaN, upper: Number.NaN };
        // Interpolated at a bound, the estimate may come out a last digit beyond it (measured: 95421597.26157664
        // against an upper bound of 95421597.26157662): the slack is that digit.
        expect(error.estimate).toBeGreaterThanOrEqual(lower * (1 - 1e-12));
        expect(error.estimate).toBeLessThanOrEqual(upper * (1 + 1e-12));
        // The interval is made of whole native buckets of the histogram's scale, each upper / lower =
        // 1 + bound = 2^(2^-scale): one bucket, or at an integer rank every bucket from x(k)'s to x(k+1)'s.
        // So upper / lower is a whole power of 1 + bound.
        if (lower > 0) {
          const buckets = Math.log(upper / lower) / Math.log(1 + (error.bound ?? 0));
          expect(buckets).toBeGreaterThan(1 - 1e-6);
          expect(Math.abs(buckets - Math.round(buckets))).toBeLessThan(1e-6);
        }
      }
    }
  });
});
