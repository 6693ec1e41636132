import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FILE_TYPES,
  FILE_UPLOADS_TOTAL,
  HISTOGRAMS,
  type HistogramDefinition,
  OTEL_DEFAULT_BOUNDARIES,
} from '../../src/metrics/definitions.js';
import { byLe } from '../../src/prometheus/le.js';
import { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';
import type { Upload } from '../../src/workload/uploads.js';
import { type RunningCli, startCli } from '../helpers/cli.js';
import { cumulativeBucketCounts, exactSummary } from '../helpers/exact.js';
import { readObservations } from '../helpers/observations.js';
import { type BucketTable, diffBuckets, readBuckets } from './buckets.js';
import { expectValues, startTestStack, type TestStack, tearDown } from './nativeStack.js';

const COUNT = 2000;
const SEED = 20261125;

/** Runs both apps on the stack until Prometheus has scraped all COUNT uploads from each. */
async function recordAndScrape(stack: TestStack, extraArgs: readonly string[], observations: string) {
  const apps = startCli(
    [
      'run',
      'both',
      '--count',
      String(COUNT),
      '--seed',
      String(SEED),
      '--stay',
      ...stack.appArgs,
      '--observations',
      observations,
      ...extraArgs,
    ],
    { env: { OTEL_METRIC_EXPORT_INTERVAL: '1000' } },
  );
  await apps.waitFor('Staying up');
  return apps;
}

async function expectCounts(prometheus: PrometheusClient, names: readonly string[]): Promise<void> {
  await expectValues(
    prometheus,
    names.map((name) => `sum(${name})`),
    COUNT,
    90_000,
  );
}

/** Bucket counts computed from the observations file, keyed by file_type then le as stored. */
function expectedBuckets(uploads: readonly Upload[], metric: HistogramDefinition, les: readonly string[]): BucketTable {
  const table: BucketTable = new Map();
  for (const fileType of FILE_TYPES) {
    const values = exactSummary(uploads, metric, fileType).sortedValues;
    if (values.length === 0) continue;
    const bounds = les.map(Number).filter((bound) => Number.isFinite(bound));
    const counts = cumulativeBucketCounts(values, bounds);
    table.set(fileType, new Map(les.map((le, index) => [le, counts[index] as number])));
  }
  return table;
}

function sortedLes(table: BucketTable): string[] {
  const les = new Set<string>();
  for (const row of table.values()) for (const le of row.keys()) les.add(le);
  return [...les].sort(byLe);
}

describe('the two pipelines on the real native stack', () => {
  let stack: TestStack;
  let prometheus: PrometheusClient;
  let apps: RunningCli;
  let uploads: Upload[];
  let observationsDir: string | undefined;

  beforeAll(async () => {
    stack = await startTestStack();
    prometheus = new PrometheusClient(stack.prometheusUrl);
    observationsDir = await mkdtemp(join(tmpdir(), 'histogram-demo-obs-'));
    const observations = join(observationsDir, 'observations.csv');
    apps = await recordAndScrape(stack, [], observations);
    uploads = await readObservations(observations);
    const names = HISTOGRAMS.flatMap((metric) => [`logfire_${metric.name}_count`, `${metric.name}_count`]);
    await expectCounts(prometheus, names);
  });

  afterAll(async () => {
    // Stop everything first: an expectation that fails here must not leave the stack running.
    const exitCode = await tearDown(apps, stack, observationsDir);
    if (apps) expect(exitCode).toBe(0);
  });

  it('records every upload in the observations file', () => {
    expect(uploads).toHaveLength(COUNT);
  });

  it('stores the seed names exactly, with no doubled or missing unit suffix', async () => {
    const names = new Set(
      (await prometheus.query('count by (__name__) ({__name__=~".*(uploaded|upload|request).*"})')).map(
        (sample) => sample.labels.__name__,
      ),
    );
    for (const metric of HISTOGRAMS) {
      for (const suffix of ['bucket', 'sum', 'count']) {
        expect(names).toContain(`logfire_${metric.name}_${suffix}`);
        expect(names).toContain(`${metric.name}_${suffix}`);
      }
    }
    expect(names).toContain(`logfire_${FILE_UPLOADS_TOTAL.name}`);
    expect(names).toContain(FILE_UPLOADS_TOTAL.name);
    expect([...names].filter((name) => /_bytes_bytes|_seconds_seconds|_total_total/.test(name ?? ''))).toEqual([]);
  });

  describe.each(HISTOGRAMS)('$name', (metric) => {
    it('has _count equal to the number of uploads in both pipelines', async () => {
      expect(await prometheus.value(`sum(logfire_${metric.name}_count)`)).toBe(COUNT);
      expect(await prometheus.value(`sum(${metric.name}_count)`)).toBe(COUNT);
    });

    it('has _sum equal in both pipelines and to the observations', async () => {
      const logfire = (await prometheus.value(`sum(logfire_${metric.name}_sum)`)) ?? Number.NaN;
      const direct = (await prometheus.value(`sum(${metric.name}_sum)`)) ?? Number.NaN;
      const exact = exactSummary(uploads, metric).sum;
      expect(logfire).toBeCloseTo(direct, 6);
      expect(Math.abs(logfire - exact) / exact).toBeLessThan(1e-9);
    });

    it('has every bucket equal by (le, file_type) between the pipelines and to the observations', async () => {
      const logfire = await readBuckets(prometheus, `logfire_${metric.name}_bucket`);
      const direct = await readBuckets(prometheus, `${metric.name}_bucket`);
      expect(diffBuckets(logfire, direct)).toEqual([]);
      // The same `le` strings in both pipelines, as Prometheus stores them.
      expect(sortedLes(logfire)).toEqual(sortedLes(direct));
      expect(sortedLes(direct)).toHaveLength(metric.boundaries.seed.length + 1);
      expect(diffBuckets(direct, expectedBuckets(uploads, metric, sortedLes(direct)))).toEqual([]);
    });
  });

  it('stores le="1e+06" for the 1 MB bucket in both pipelines (the seed queries it)', async () => {
    expect(await prometheus.value('sum(logfire_uploaded_file_bytes_bucket{le="1e+06"})')).toBeGreaterThan(0);
    expect(await prometheus.value('sum(uploaded_file_bytes_bucket{le="1e+06"})')).toBeGreaterThan(0);
  });

  it('counts uploads per file_type equally in both pipelines', async () => {
    for (const fileType of FILE_TYPES) {
      const expected = uploads.filter((upload) => upload.fileType === fileType).length;
      const selector = `{file_type="${fileType}"}`;
      expect(await prometheus.value(`sum(logfire_${FILE_UPLOADS_TOTAL.name}${selector})`)).toBe(expected);
      expect(await prometheus.value(`sum(${FILE_UPLOADS_TOTAL.name}${selector})`)).toBe(expected);
    }
  });
});

describe('a Logfire app left with the OpenTelemetry default boundaries', () => {
  let stack: TestStack;
  let apps: RunningCli | undefined;
  let observationsDir: string | undefined;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await tearDown(apps, stack, observationsDir);
  });

  it('is caught by the bucket comparison', async () => {
    const prometheus = new PrometheusClient(stack.prometheusUrl);
    observationsDir = await mkdtemp(join(tmpdir(), 'histogram-demo-obs-'));
    const observations = join(observationsDir, 'observations.csv');
    apps = await recordAndScrape(stack, ['--buckets', 'otel-default'], observations);
    await expectCounts(prometheus, ['logfire_uploaded_file_bytes_count', 'uploaded_file_bytes_count']);
    const logfire = await readBuckets(prometheus, 'logfire_uploaded_file_bytes_bucket');
    const direct = await readBuckets(prometheus, 'uploaded_file_bytes_bucket');
    const differences = diffBuckets(logfire, direct);
    expect(differences.length).toBeGreaterThan(0);
    // The seed's 1 MB bucket is missing from the Logfire pipeline, and its largest finite
    // bucket is OpenTelemetry's 10000, below every upload.
    expect(differences).toContainEqual(expect.objectContaining({ le: '1e+06', left: undefined }));
    expect(sortedLes(logfire).at(-2)).toBe(String(OTEL_DEFAULT_BOUNDARIES.at(-1)?.toFixed(1)));
    expect(logfire.get('small')?.get(String(OTEL_DEFAULT_BOUNDARIES.at(-1)?.toFixed(1)))).toBe(0);
  });
});
