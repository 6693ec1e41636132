/**
 * Every target of every panel of both dashboards, run against the real Prometheus of the
 * native stack while both apps report the same seeded workload: each must return the shape
 * its panel draws (one series per le, per file type, or one value) with plausible numbers,
 * and the panels that read counters as they are must match the recorded uploads exactly.
 *
 * Why --rate: rate() needs two samples of a series that differ. A burst (`--count` alone)
 * is recorded in well under a second, between two scrapes, so every series' first sample
 * already holds its final value and every rate() is 0 (quantiles NaN). Recording at 200
 * uploads per second spreads the 2000 uploads over several 5 s scrapes; the windows
 * ($__rate_interval replaced by 5m) then cover the whole ramp when queried right after it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGEND } from '../../src/dashboards/common.js';
import {
  allQueries,
  type PipelineQueries,
  pipelineQueries,
  prometheusLe,
  README_RATE_WINDOW,
  readmeQueries,
  SMALL_FILE_LIMIT_BYTES,
} from '../../src/dashboards/queries.js';
import {
  FILE_TYPE_LABEL,
  FILE_TYPES,
  HISTOGRAMS,
  HTTP_REQUEST_DURATION_SECONDS,
  UPLOADED_FILE_BYTES,
} from '../../src/metrics/definitions.js';
import { PrometheusClient, type Sample } from '../../src/verify/PrometheusClient.js';
import { cumulativeBucketCounts, exactSummary } from '../../src/workload/exact.js';
import { readObservations } from '../../src/workload/observations.js';
import type { Upload } from '../../src/workload/uploads.js';
import { eventually, startTestStack, type TestStack } from '../e2e/nativeStack.js';
import { type RunningCli, startCli } from '../helpers/cli.js';
import {
  type DashboardUnderTest,
  generatedDashboards,
  type PanelTarget,
  panelTargets,
  substituteVariables,
} from './model.js';

const COUNT = 2000;
const SEED = 1;
const RATE = 200;
/** What $__rate_interval becomes: long enough to cover the whole recording when queried right after it. */
const WINDOW = '5m';
const VARIABLES = { __rate_interval: WINDOW, __interval: '15s', __range: '15m', __range_s: '900' };

const SIZE_MAX = UPLOADED_FILE_BYTES.boundaries.seed.at(-1) ?? Number.NaN;
const DURATION_MAX = HTTP_REQUEST_DURATION_SECONDS.boundaries.seed.at(-1) ?? Number.NaN;

/** The name of each query in PipelineQueries, by expression, so exact expectations can be keyed by meaning. */
function queryNames(queries: PipelineQueries): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, value] of Object.entries(queries)) {
    if (typeof value === 'string') names.set(value, name);
    else for (const [q, expr] of Object.entries(value as Record<string, string>)) names.set(expr, `${name}[${q}]`);
  }
  return names;
}

const dashboards = generatedDashboards();

describe('every dashboard panel against the real Prometheus', () => {
  let stack: TestStack;
  let prometheus: PrometheusClient;
  let apps: RunningCli | undefined;
  let uploads: Upload[];
  let observationsDir: string | undefined;
  /** Results by dashboard uid, then panel title and refId. */
  const results = new Map<string, Map<string, Sample[]>>();

  beforeAll(async () => {
    stack = await startTestStack();
    prometheus = new PrometheusClient(stack.prometheusUrl);
    observationsDir = await mkdtemp(join(tmpdir(), 'histogram-demo-panels-'));
    const observations = join(observationsDir, 'observations.csv');
    apps = startCli(
      [
        'run',
        'both',
        '--count',
        String(COUNT),
        '--rate',
        String(RATE),
        '--seed',
        String(SEED),
        '--stay',
        '--port',
        String(stack.appPort),
        '--otlp-endpoint',
        stack.otlpEndpoint,
        '--observations',
        observations,
      ],
      { env: { OTEL_METRIC_EXPORT_INTERVAL: '1000' } },
    );
    await apps.waitFor('Staying up', 180_000);
    uploads = await readObservations(observations);
    const counts = HISTOGRAMS.flatMap((metric) => [`logfire_${metric.name}_count`, `${metric.name}_count`]);
    const arrived = await eventually(async () => {
      for (const name of counts) if ((await prometheus.value(`sum(${name})`)) !== COUNT) return false;
      return true;
    }, 90_000);
    if (!arrived) throw new Error(`Prometheus never reached ${COUNT} in every _count series:\n${apps.output()}`);

    // Every target of every panel, evaluated now: the same instant for all of them.
    for (const { json } of dashboards) {
      const byPanel = new Map<string, Sample[]>();
      for (const { panel, target, expr } of panelTargets(json)) {
        byPanel.set(`${panel.title} ${target.refId}`, await prometheus.query(substituteVariables(expr, VARIABLES)));
      }
      results.set(json.uid, byPanel);
    }
  });

  afterAll(async () => {
    if (apps) expect(await apps.stop()).toBe(0);
    await stack?.down();
    if (observationsDir) await rm(observationsDir, { recursive: true, force: true });
  });

  const resultOf = (dashboard: DashboardUnderTest, { panel, target }: PanelTarget): Sample[] => {
    const samples = results.get(dashboard.json.uid)?.get(`${panel.title} ${target.refId}`);
    if (!samples) throw new Error(`no result for ${panel.title} ${target.refId}`);
    return samples;
  };

  it('recorded every upload', () => {
    expect(uploads).toHaveLength(COUNT);
  });

  describe.each(dashboards.map((d) => [d.pipeline.title, d] as const))('%s', (_title, dashboard) => {
    const targets = panelTargets(dashboard.json);
    const names = queryNames(pipelineQueries({ namespace: dashboard.pipeline.namespace }));

    it('has a target for every query of the pipeline, and only those', () => {
      const used = new Set(targets.map(({ expr }) => expr));
      expect([...used].sort()).toEqual(allQueries(pipelineQueries({ namespace: dashboard.pipeline.namespace })).sort());
    });

    it.each(targets.map((target) => [`${target.panel.title} ${target.target.refId}`, target] as const))(
      '%s returns the shape its panel draws, with plausible values',
      (_name, panelTarget) => {
        const { panel, target, expr } = panelTarget;
        const samples = resultOf(dashboard, panelTarget);
        const legend = target.legendFormat ?? '';
        if (legend === LEGEND.perBucket) {
          // Heatmap and bar gauge: one series per bucket, le spelled as prometheusLe() says.
          const les = samples.map((sample) => sample.labels.le);
          const metric = expr.includes(HTTP_REQUEST_DURATION_SECONDS.name)
            ? HTTP_REQUEST_DURATION_SECONDS
            : UPLOADED_FILE_BYTES;
          expect(les.sort()).toEqual([...metric.boundaries.seed.map(prometheusLe), '+Inf'].sort());
        } else if (legend.includes(LEGEND.perFileType)) {
          // Pie chart, stat per type, per-type lines: one series per file type.
          expect(samples.map((sample) => sample.labels[FILE_TYPE_LABEL]).sort()).toEqual([...FILE_TYPES].sort());
        } else {
          // A stat or one line: a single value.
          expect(samples, expr).toHaveLength(1);
        }
        const unit = panel.fieldConfig?.defaults?.unit;
        for (const { value } of samples) {
          expect(Number.isFinite(value), `${expr} = ${value}`).toBe(true);
          expect(value, expr).toBeGreaterThanOrEqual(0);
          if (unit === 'decbytes') expect(value, expr).toBeLessThanOrEqual(SIZE_MAX);
          if (unit === 's') expect(value, expr).toBeLessThanOrEqual(DURATION_MAX);
          if (unit === 'percentunit') expect(value, expr).toBeLessThanOrEqual(1);
        }
        if (/rate\(/.test(expr) && !/histogram_quantile/.test(expr)) {
          // The window covers the recording: rates are not all zero.
          expect(
            samples.some((sample) => sample.value > 0),
            `${expr} is all zero`,
          ).toBe(true);
        }
      },
    );

    const single = (name: string): number => {
      const found = targets.find(({ expr }) => names.get(expr) === name);
      if (!found) throw new Error(`no panel shows ${name}`);
      const [sample] = resultOf(dashboard, found);
      return sample?.value ?? Number.NaN;
    };
    const byLabel = (name: string, label: string): Record<string, number> => {
      const found = targets.find(({ expr }) => names.get(expr) === name);
      if (!found) throw new Error(`no panel shows ${name}`);
      return Object.fromEntries(resultOf(dashboard, found).map((sample) => [sample.labels[label], sample.value]));
    };

    it('counts exactly what was recorded where it reads counters as they are', () => {
      const sizes = exactSummary(uploads, UPLOADED_FILE_BYTES);
      const under1MB = sizes.sortedValues.filter((bytes) => bytes <= SMALL_FILE_LIMIT_BYTES).length;
      const perType = Object.fromEntries(
        FILE_TYPES.map((type) => [type, uploads.filter((upload) => upload.fileType === type).length]),
      );
      expect(single('totalUploads')).toBe(COUNT);
      expect(single('filesUnder1MB')).toBe(under1MB);
      expect(single('shareUnder1MB')).toBeCloseTo(under1MB / COUNT, 12);
      expect(byLabel('uploadsByType', FILE_TYPE_LABEL)).toEqual(perType);
      expect(byLabel('filesByType', FILE_TYPE_LABEL)).toEqual(perType);
      const expectedBuckets = cumulativeBucketCounts(sizes.sortedValues, UPLOADED_FILE_BYTES.boundaries.seed);
      const les = [...UPLOADED_FILE_BYTES.boundaries.seed.map(prometheusLe), '+Inf'];
      expect(byLabel('fileSizeBuckets', 'le')).toEqual(
        Object.fromEntries(les.map((le, index) => [le, expectedBuckets[index]])),
      );
    });

    it('estimates ordered quantiles and a mean within the recorded sizes', () => {
      const sizes = exactSummary(uploads, UPLOADED_FILE_BYTES).sortedValues;
      const p50 = single('fileSizeQuantile[0.5]');
      const p95 = single('fileSizeQuantile[0.95]');
      const p99 = single('fileSizeQuantile[0.99]');
      expect(p50).toBeLessThanOrEqual(p95);
      expect(p95).toBeLessThanOrEqual(p99);
      expect(p50).toBeGreaterThan(0);
      const average = single('averageFileSize');
      expect(average).toBeGreaterThanOrEqual(sizes[0] ?? Number.NaN);
      expect(average).toBeLessThanOrEqual(sizes.at(-1) ?? Number.NaN);
      // Apdex gives half credit, so it lies between "within 1 s" and "within 2.5 s".
      const within = single('requestsWithinTarget');
      expect(single('apdex')).toBeGreaterThanOrEqual(within / 2);
      expect(single('apdex')).toBeLessThanOrEqual(1);
    });
  });

  it('has run every README query too: they are dashboard targets with the README window', () => {
    for (const group of readmeQueries()) {
      const dashboard = dashboards.find(({ pipeline }) => pipeline.key === group.pipeline);
      if (!dashboard) throw new Error(`no dashboard for ${group.pipeline}`);
      const evaluated = new Set(
        panelTargets(dashboard.json).map(({ expr }) =>
          substituteVariables(expr, { __rate_interval: README_RATE_WINDOW }),
        ),
      );
      for (const query of group.queries) expect(evaluated, query.expr).toContain(query.expr);
    }
    expect(README_RATE_WINDOW).toBe(WINDOW);
  });

  it('shows the same counts in both pipelines’ dashboards', () => {
    const [logfire, direct] = dashboards;
    if (!logfire || !direct) throw new Error('two dashboards expected');
    const exact = ['totalUploads', 'filesUnder1MB', 'uploadsByType', 'filesByType', 'fileSizeBuckets'];
    for (const name of exact) {
      const pick = (dashboard: DashboardUnderTest) => {
        const names = queryNames(pipelineQueries({ namespace: dashboard.pipeline.namespace }));
        const found = panelTargets(dashboard.json).find(({ expr }) => names.get(expr) === name);
        if (!found) throw new Error(`no panel shows ${name}`);
        return resultOf(dashboard, found)
          .map((sample) => `${sample.labels.le ?? ''}${sample.labels[FILE_TYPE_LABEL] ?? ''}=${sample.value}`)
          .sort();
      };
      expect(pick(logfire), name).toEqual(pick(direct));
    }
  });
});
