import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricAdvice } from '../../src/advise/advise.js';
import { classicQuantile } from '../../src/histogram/quantiles.js';
import { HISTOGRAMS } from '../../src/metrics/definitions.js';
import { demoPipeline } from '../../src/pipelines/registry.js';
import { parseLe } from '../../src/prometheus/le.js';
import { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';
import { benchPromql } from '../../src/promql/bench.js';
import { histogramQuantile, pipelineSeries, sumBy } from '../../src/promql/expressions.js';
import type { VerifyReport } from '../../src/verify/report.js';
import { uploadStream } from '../../src/workload/uploads.js';
import { type RunningCli, runCli, startCli } from '../helpers/cli.js';
import { eventually, startTestStack, type TestStack } from './nativeStack.js';

/**
 * advise's loop closed on the real stack: boundaries advised from one seed's uploads, used by both
 * apps on another seed, measured by verify; and the replay advise predicts with checked against the
 * real Prometheus on those buckets.
 */

const ADVISE_SEED = 42;
const ADVISE_COUNT = 5000;
const HELD_OUT_SEED = 4242;
const COUNT = 3000;
/**
 * How far the held-out error may exceed advise's predicted worst (10 buckets): the prediction is
 * the worst over the advised-from data and its time windows; a different seed's quantiles fall
 * elsewhere inside the same buckets. scripts/advise-holdout.mjs measures the gap over six held-out
 * seeds: at 10 buckets the held-out worst stays under the predicted worst for both metrics; at 7 it
 * exceeds it by up to 1.6 points (durations). One percentage point of margin, at 10 buckets.
 */
const TOLERANCE = 0.01;

function observationsCsv(seed: number, count: number): string {
  const rows: string[] = ['file_type,bytes,seconds'];
  for (const upload of uploadStream(seed)) {
    if (rows.length > count) break;
    rows.push(`${upload.fileType},${upload.bytes},${upload.seconds}`);
  }
  return `${rows.join('\n')}\n`;
}

describe('advise, re-run through the real pipelines on a held-out seed', () => {
  let stack: TestStack;
  let apps: RunningCli | undefined;
  let dir: string;
  let advice: MetricAdvice[];
  let prometheus: PrometheusClient;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'histogram-demo-advise-e2e-'));
    const truth = join(dir, `observations-seed${ADVISE_SEED}.csv`);
    const adviceFile = join(dir, 'advice.json');
    await writeFile(truth, observationsCsv(ADVISE_SEED, ADVISE_COUNT));
    const advised = await runCli(['advise', '--truth', truth, '--buckets', '10', '--out', adviceFile, '--json']);
    if (advised.code !== 0) throw new Error(`advise failed: ${advised.stderr}`);
    advice = JSON.parse(await readFile(adviceFile, 'utf8')).metrics;

    stack = await startTestStack();
    apps = startCli(
      [
        'run',
        'both',
        '--aggregation',
        'both',
        '--buckets',
        adviceFile,
        '--count',
        String(COUNT),
        '--seed',
        String(HELD_OUT_SEED),
        '--stay',
        ...stack.appArgs,
      ],
      { env: { OTEL_METRIC_EXPORT_INTERVAL: '1000' } },
    );
    await apps.waitFor('Staying up');
    prometheus = new PrometheusClient(stack.prometheusUrl);
    // All three pipelines: the held-out verify below requires native too, whose export and scrape
    // run on their own cycle (waiting for the classic two only left verify racing it).
    const pipelines = [
      ['logfire', 'classic'],
      ['direct', 'classic'],
      ['native', 'native'],
    ] as const;
    const counts = HISTOGRAMS.flatMap((metric) =>
      pipelines.map(([name, representation]) =>
        benchPromql.totalCount(demoPipeline(name), metric.name, representation),
      ),
    );
    const arrived = await eventually(async () => {
      for (const expression of counts) if ((await prometheus.value(expression)) !== COUNT) return false;
      return true;
    }, 90_000);
    if (!arrived) throw new Error(`Prometheus never reached ${COUNT} uploads in ${counts.join(', ')}`);
  });

  afterAll(async () => {
    await apps?.stop();
    await stack?.down();
    await rm(dir, { recursive: true, force: true });
  });

  describe.each(
    HISTOGRAMS.flatMap((metric) => ['direct', 'logfire'].map((pipeline) => [metric.name, pipeline] as const)),
  )('%s through %s', (metric, pipelineName) => {
    const selector = () => pipelineSeries(demoPipeline(pipelineName), metric, '_bucket');

    it('holds exactly the advised boundaries', async () => {
      const samples = await prometheus.query(sumBy(selector(), ['le']));
      const bounds = samples.map((sample) => parseLe(sample.labels.le ?? '')).sort((a, b) => a - b);
      const advised = advice.find((entry) => entry.metric === metric)?.boundaries;
      expect(bounds).toEqual([...(advised ?? []), Number.POSITIVE_INFINITY]);
    });

    it("gives advise's replay of histogram_quantile to the last digit, for 55 quantiles", async () => {
      const pinned = prometheus.at(Date.now() / 1000);
      const buckets = (await pinned.query(sumBy(selector(), ['le']))).map((sample) => ({
        upperBound: parseLe(sample.labels.le ?? ''),
        cumulativeCount: sample.value,
      }));
      const quantiles = [...Array.from({ length: 50 }, (_, i) => (i + 0.5) / 50), 0.5, 0.9, 0.95, 0.99, 0.999];
      for (const q of quantiles) {
        const real = await pinned.value(histogramQuantile(q, sumBy(selector(), ['le'])));
        expect(classicQuantile(buckets, q), `p${q * 100}`).toBeCloseTo(real as number, 9);
      }
    });
  });

  it('gives, in verify, a held-out error within the predicted worst plus the stated tolerance', async () => {
    const result = await runCli([
      'verify',
      '--prometheus-url',
      stack.prometheusUrl,
      '--seed',
      String(HELD_OUT_SEED),
      '--require',
      'logfire,direct,native',
      '--json',
    ]);
    const report = JSON.parse(result.stdout) as VerifyReport;
    expect(report.disagreements).toEqual([]);
    for (const entry of advice) {
      const scope = report.scopes.find((candidate) => candidate.metric === entry.metric && candidate.scope === 'all');
      const classic = scope?.quantileErrors.filter((error) => error.representation === 'classic') ?? [];
      expect(new Set(classic.map((error) => error.pipeline))).toEqual(new Set(['direct', 'logfire']));
      expect(classic.length).toBe(2 * entry.predicted.quantiles.length);
      for (const error of classic) {
        const measured = Math.abs(error.relative ?? Number.NaN);
        expect(measured, `${entry.metric} ${error.pipeline} p${error.quantile * 100}`).toBeLessThanOrEqual(
          entry.predicted.advised.worst + TOLERANCE,
        );
      }
      console.log(
        `${entry.metric}: predicted worst ${(entry.predicted.advised.worst * 100).toFixed(2)}%, held-out seed ${HELD_OUT_SEED}: ` +
          classic
            .map((error) => `${error.pipeline} p${error.quantile * 100} ${((error.relative ?? 0) * 100).toFixed(2)}%`)
            .join(', '),
      );
    }
  });

  it('advises from a native histogram in Prometheus, a fine reference', async () => {
    const metric = `logfire_native_${HISTOGRAMS[1]?.name}`;
    const result = await runCli([
      'advise',
      '--prometheus-url',
      stack.prometheusUrl,
      '--metric',
      metric,
      '--range',
      '10m',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    const [entry] = JSON.parse(result.stdout).metrics as MetricAdvice[];
    expect(entry?.predicted.source).toBe('native histogram in Prometheus');
    expect(entry?.predicted.observations).toBeGreaterThanOrEqual(COUNT * 0.95);
    expect(entry?.boundaries).toHaveLength(10);
  });

  it('advises from a classic histogram in Prometheus, saying how much its buckets limit the advice', async () => {
    const metric = HISTOGRAMS[1]?.name as string;
    const result = await runCli([
      'advise',
      '--prometheus-url',
      stack.prometheusUrl,
      '--metric',
      metric,
      '--range',
      '10m',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('classic histogram in Prometheus');
    expect(result.stdout).toMatch(/note: the reference is a classic histogram with 10 finite buckets/);
    expect(result.stdout).toMatch(/^current {2,}10 /m);
  });

  it('says in one line, exit 1, that a metric has no data in the range', async () => {
    const result = await runCli([
      'advise',
      '--prometheus-url',
      stack.prometheusUrl,
      '--metric',
      'no_such_histogram_seconds',
      '--range',
      '5m',
    ]);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^histogram-demo: no observations of no_such_histogram_seconds in the last 300s at http/,
    );
    expect(result.code).toBe(1);
  });
});
