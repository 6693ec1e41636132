import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ensurePythonEnv } from '../../src/apps/python/venv.js';
import type { Finding } from '../../src/doctor/types.js';
import { demoPipeline } from '../../src/pipelines/registry.js';
import { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';
import { cacheDir } from '../../src/stack/paths.js';
import type { VerifyReport } from '../../src/verify/report.js';
import { type RunningCli, runCli, startCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { eventually, startTestStack, type TestStack } from './nativeStack.js';

const COUNT = 600;
const SEED = '7';
const TEXT_ONLY = ['OpenMetricsText1.0.0', 'PrometheusText0.0.4'];
/** The job that scrapes the collector as the seed's prometheus.yml does: text formats only. */
const SEED_JOB = 'seed-text-scrape';

/**
 * The seed's own SDKs through our stack, in one stack start. The Python Logfire app sends its
 * exponential histograms (Logfire's default) to the collector's main receiver, as a Python user's
 * OTEL_EXPORTER_OTLP_ENDPOINT does, and straight to Prometheus' OTLP receiver; the collector is
 * scraped twice: by our job (protobuf) and by a job configured like the seed's (text). A second
 * Python Logfire app runs `--aggregation both` (explicit buckets through a View-free reader choice,
 * exponential to the native pipeline). The prometheus_client app serves the direct pipeline.
 */
describe('the Python apps through the stack', () => {
  let stack: TestStack;
  let folder: string;
  let apps: RunningCli[] = [];
  let prometheus: PrometheusClient;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'histogram-demo-python-'));
    // The venv (a cold build takes minutes) beside the stack's start, not inside an app's timeout.
    [stack] = await Promise.all([startTestStack(), ensurePythonEnv({ cacheDir: cacheDir(), log: () => undefined })]);
    prometheus = new PrometheusClient(stack.prometheusUrl);
    await addSeedTextJob(stack);

    const env = { env: { OTEL_METRIC_EXPORT_INTERVAL: '1000' } };
    const common = ['--sdk', 'python', '--count', String(COUNT), '--seed', SEED, '--stay'];
    apps = [
      startCli(
        [
          'run',
          ...common,
          '--port',
          String(stack.appPort),
          '--aggregation',
          'exponential',
          '--otlp-exponential-endpoint',
          stack.otlpEndpoint,
          '--prometheus-otlp-endpoint',
          `${stack.prometheusUrl}/api/v1/otlp`,
          '--instance-id',
          'py-exp',
          '--observations',
          join(folder, 'python.csv'),
        ],
        env,
      ),
      startCli(
        ['run', 'logfire', ...common, '--aggregation', 'both', ...stack.appArgs.slice(2), '--instance-id', 'py-both'],
        env,
      ),
    ];
    await Promise.all(apps.map((app) => app.waitFor('Staying up', 120_000)));
    const counts = [
      `sum(histogram_count(logfire_uploaded_file_bytes{job="otel-collector",exported_instance="py-exp"}))`,
      `sum(logfire_uploaded_file_bytes_count{job="otel-collector",exported_instance="py-both"})`,
      'sum(histogram_count(logfire_native_uploaded_file_bytes))',
      'sum(uploaded_file_bytes_count{job="direct-app"})',
      `sum(histogram_count(uploaded_file_bytes{job="histogram-demo"}))`,
      `sum(logfire_uploaded_file_bytes_count{job="${SEED_JOB}",exported_instance="py-exp"})`,
    ];
    const arrived = await eventually(async () => {
      const values = await Promise.all(counts.map((query) => prometheus.value(query)));
      return values.every((value) => value === COUNT);
    }, 120_000);
    if (!arrived) {
      const values = await Promise.all(counts.map((query) => prometheus.value(query)));
      throw new Error(`not every pipeline reached ${COUNT}: ${JSON.stringify(values)}\n${apps[0]?.output()}`);
    }
  }, 1_300_000);

  afterAll(async () => {
    const codes = await Promise.all(apps.map((app) => app.stop()));
    await stack?.down();
    await rm(folder, { recursive: true, force: true });
    // Ctrl-C's path (SIGTERM here): the Python apps flush and exit, the CLI exits 0.
    expect(codes).toEqual(apps.map(() => 0));
  });

  it('verify agrees with the exact truth on every Python pipeline, the collector-free one included', async () => {
    const pipelines = [
      `python-logfire=logfire_$metric{job="otel-collector",exported_instance="py-exp"}`,
      `python-explicit=logfire_$metric{job="otel-collector",exported_instance="py-both"}`,
      `native=${demoPipeline('native').template}`,
      `direct=${demoPipeline('direct').template}`,
      // The registry's own entry, as verify, doctor, the dashboards and start read it.
      `otlp=${demoPipeline('otlp').template}`,
    ];
    const result = await runCli([
      'verify',
      '--prometheus-url',
      stack.prometheusUrl,
      '--seed',
      SEED,
      '--json',
      ...pipelines.flatMap((pipeline) => ['--pipeline', pipeline]),
    ]);
    const report = JSON.parse(result.stdout) as VerifyReport;
    expect(report.disagreements).toEqual([]);
    expect(report.verdict).toBe('agree');
    expect(result.code).toBe(0);
    const representation = (name: string) => [
      ...new Set(report.representations.filter((n) => n.pipeline === name).flatMap((n) => n.representations)),
    ];
    expect(representation('python-logfire')).toEqual(['native']);
    expect(representation('python-explicit')).toEqual(['classic']);
    expect(representation('otlp')).toEqual(['native']);
    for (const scope of report.scopes) {
      const direct = scope.pipelines.find((stats) => stats.pipeline === 'direct');
      for (const stats of scope.pipelines) {
        expect(stats.count, `${scope.metric} ${stats.pipeline}`).toBe(direct?.count);
        expect(Math.abs((stats.sum ?? 0) - (direct?.sum ?? 0))).toBeLessThanOrEqual(1e-9 * (direct?.sum ?? 1));
      }
    }
  });

  it('a Python and a Node run of one seed write identical observation files', async () => {
    const nodeFile = join(folder, 'node.csv');
    const node = await runCli([
      'run',
      'direct',
      '--count',
      String(COUNT),
      '--seed',
      SEED,
      '--port',
      String(await freePort()),
      '--observations',
      nodeFile,
    ]);
    expect(node.code).toBe(0);
    const [python, nodeText] = await Promise.all([
      readFile(join(folder, 'python.csv'), 'utf8'),
      readFile(nodeFile, 'utf8'),
    ]);
    expect(python.split('\n')).toHaveLength(COUNT + 2);
    expect(python).toBe(nodeText);
  });

  it("doctor names the +Inf-only families of the seed's text scrape, and none of ours", async () => {
    const doctor = async (match: string) => {
      const result = await runCli(['doctor', '--prometheus-url', stack.prometheusUrl, '--json', '--match', match]);
      const report = JSON.parse(result.stdout || '{}') as { findings: Finding[] };
      return { code: result.code, infOnly: report.findings.filter((finding) => finding.check === 'inf-only') };
    };
    const seed = await doctor(`{job="${SEED_JOB}",exported_instance="py-exp"}`);
    expect(seed.infOnly.map((finding) => finding.family).sort()).toEqual([
      'logfire_http_request_duration_seconds',
      'logfire_uploaded_file_bytes',
    ]);
    expect(seed.infOnly[0]?.fix).toContain('scrape_native_histograms');
    expect(seed.code).toBe(1);
    const ours = await doctor('{job="otel-collector",exported_instance="py-exp"}');
    expect(ours.infOnly).toEqual([]);
  });
});

/**
 * Adds a job scraping the collector's exporter the way the seed's prometheus.yml does (text, no
 * native histograms) to the running Prometheus, beside ours, through its lifecycle reload.
 */
async function addSeedTextJob(stack: TestStack): Promise<void> {
  const path = join(stack.stateDir, 'prometheus.yml');
  const document = parseDocument(await readFile(path, 'utf8'));
  const target = new URL(stack.collectorMetricsUrl).host;
  document.addIn(
    ['scrape_configs'],
    document.createNode({ job_name: SEED_JOB, scrape_protocols: TEXT_ONLY, static_configs: [{ targets: [target] }] }),
  );
  await writeFile(path, document.toString());
  const reload = await fetch(`${stack.prometheusUrl}/-/reload`, { method: 'POST' });
  expect(reload.status).toBe(200);
}

describe('run --sdk python without Python', () => {
  it('says in one line what to install, and exits non-zero', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'histogram-demo-nopython-'));
    try {
      const result = await runCli(['run', '--sdk', 'python', '--count', '1', '--port', String(await freePort())], {
        env: { PATH: '/nonexistent', HISTOGRAM_DEMO_CACHE: cache },
      });
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain('install Python 3.10 or newer');
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  });
});
