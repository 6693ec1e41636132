/**
 * Every target of every panel of the three dashboards, run against the real Prometheus of the
 * native stack while the apps report the same seeded workload through all three pipelines
 * (the Logfire app with `--aggregation both`: explicit buckets to the collector's first
 * receiver, exponential histograms to its second): each target must return the shape its
 * panel draws (one series per le, per file type, one native histogram, or one value) with
 * plausible numbers; the panels that read counters as they are must match the recorded
 * uploads exactly, and the native estimates must stay within the buckets they interpolate in.
 *
 * Why --rate: rate() needs two samples of a series that differ. A burst (`--count` alone)
 * is recorded in well under a second, between two scrapes, so every series' first sample
 * already holds its final value and every rate() is 0 (quantiles NaN). Recording at 200
 * uploads per second spreads the 2000 uploads over several 5 s scrapes; the windows
 * ($__rate_interval replaced by 5m) then cover the whole ramp when queried right after it.
 */

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { COLLECTOR_NATIVE_NAMESPACE } from '../../src/config/defaults.js';
import { LEGEND } from '../../src/dashboards/common.js';
import { generatePersesDashboards } from '../../src/dashboards/perses/dashboards.js';
import { dashboardPipelines } from '../../src/dashboards/pipelines.js';
import { readmeQueries } from '../../src/dashboards/readmeQueries.js';
import { sizeRangeLegend } from '../../src/dashboards/sizeRanges.js';
import {
  FILE_TYPE_LABEL,
  FILE_TYPES,
  HISTOGRAMS,
  type HistogramDefinition,
  HTTP_REQUEST_DURATION_SECONDS,
  prometheusName,
  UPLOADED_FILE_BYTES,
} from '../../src/metrics/definitions.js';
import { formatLe } from '../../src/prometheus/le.js';
import { type NativeHistogram, PrometheusClient, type Sample } from '../../src/prometheus/PrometheusClient.js';
import {
  classicSelectors,
  type PipelineQueries,
  pipelineQueries,
  promqlNumber,
  README_RATE_WINDOW,
  SIZE_QUANTILES,
  SIZE_RANGES,
  SMALL_FILE_LIMIT_BYTES,
} from '../../src/promql/dashboards.js';
import type { Upload } from '../../src/workload/uploads.js';
import { startTestStack, type TestStack, tearDown } from '../e2e/nativeStack.js';
import { everyPipelineCounts, runEveryPipeline } from '../helpers/appRun.js';
import type { RunningCli } from '../helpers/cli.js';
import { allQueries } from '../helpers/dashboardQueries.js';
import { cumulativeBucketCounts, exactSummary } from '../helpers/exact.js';
import { readObservations } from '../helpers/observations.js';
import {
  type DashboardUnderTest,
  generatedDashboards,
  type PanelTarget,
  panelTargets,
  substituteVariables,
} from './model.js';
import { persesQueries } from './persesModel.js';

const COUNT = 2000;
const SEED = 1;
const RATE = 200;
/** What $__rate_interval becomes: long enough to cover the whole recording when queried right after it. */
const WINDOW = '5m';
const VARIABLES = { __rate_interval: WINDOW, __interval: '15s', __range: '15m', __range_s: '900' };

/** Classic quantiles stop at the last finite bucket bound. */
const SIZE_MAX = UPLOADED_FILE_BYTES.boundaries.seed.at(-1) ?? Number.NaN;
const DURATION_MAX = HTTP_REQUEST_DURATION_SECONDS.boundaries.seed.at(-1) ?? Number.NaN;

/** The name of each query in PipelineQueries, by expression, so exact expectations can be keyed by meaning. */
function queryNames(queries: PipelineQueries): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, value] of Object.entries(queries)) {
    if (typeof value === 'string') names.set(value, name);
    else for (const [key, expr] of Object.entries(value as Record<string, string>)) names.set(expr, `${name}[${key}]`);
  }
  return names;
}

const queriesOf = ({ pipeline, title }: DashboardUnderTest) => {
  if (!pipeline) throw new Error(`${title} is not a pipeline dashboard`);
  return pipelineQueries(pipeline.pipeline, pipeline.representation);
};

/** A native histogram's scale, read off a populated bucket: upper / lower = 2^(2^-scale). */
function scaleOf(histogram: NativeHistogram | undefined): number | undefined {
  const bucket = histogram?.buckets.find(({ lower, upper }) => lower > 0 && upper > lower);
  return bucket ? Math.round(-Math.log2(Math.log2(bucket.upper / bucket.lower))) : undefined;
}

/** Values at or below a bound, from sorted values. */
const countUpTo = (sorted: readonly number[], bound: number) => sorted.filter((value) => value <= bound).length;

/**
 * Where histogram_fraction()'s cumulative estimate at x can lie, as counts: exact if x is no
 * inner point of a populated bucket, else anywhere between the counts at that bucket's bounds.
 */
function cumulativeBracket(histogram: NativeHistogram, sorted: readonly number[], x: number): [number, number] {
  if (x <= 0) return [0, 0];
  if (x === Number.POSITIVE_INFINITY) return [sorted.length, sorted.length];
  const bucket = histogram.buckets.find(({ lower, upper, count }) => count > 0 && lower < x && x < upper);
  if (!bucket) return [countUpTo(sorted, x), countUpTo(sorted, x)];
  return [countUpTo(sorted, bucket.lower), countUpTo(sorted, bucket.upper)];
}

const dashboards = generatedDashboards();
const pipelineDashboards = dashboards.filter((dashboard) => dashboard.pipeline !== undefined);
const comparison = dashboards.find((dashboard) => dashboard.pipeline === undefined);

/**
 * Registers a test only where it applies (classic-only or native-only checks), so that a
 * dashboard kind's inapplicable checks do not show up as skipped tests.
 */
function itWhen(applies: boolean): (name: string, check: () => void | Promise<void>) => void {
  return applies ? (name, check) => it(name, check) : () => undefined;
}

describe('every dashboard panel against the real Prometheus', () => {
  let stack: TestStack;
  let prometheus: PrometheusClient;
  let apps: RunningCli | undefined;
  let uploads: Upload[];
  let observationsDir: string | undefined;
  /** Results by dashboard uid, then panel title and refId. */
  const results = new Map<string, Map<string, Sample[]>>();
  /** The Perses dashboards' results by dashboard name, then query. */
  const persesResults = new Map<string, Map<string, Sample[]>>();
  /** Each native histogram since start, over all file types, read at the same time as the targets. */
  const nativeSinceStart = new Map<HistogramDefinition, NativeHistogram>();

  beforeAll(async () => {
    stack = await startTestStack();
    prometheus = new PrometheusClient(stack.prometheusUrl);
    observationsDir = await mkdtemp(join(tmpdir(), 'histogram-demo-panels-'));
    const observations = join(observationsDir, 'observations.csv');
    apps = runEveryPipeline(stack, { count: COUNT, rate: RATE, seed: SEED, observations: observations });
    await apps.waitFor('Staying up', 180_000);
    uploads = await readObservations(observations);
    const counts = everyPipelineCounts();
    // vi.waitFor, not expect.poll: this is a hook, where expect.poll refuses to run.
    await vi.waitFor(
      async () => {
        const values = await Promise.all(
          counts.map(async (expression) => [expression, await prometheus.value(expression)]),
        );
        expect(Object.fromEntries(values)).toEqual(Object.fromEntries(counts.map((expression) => [expression, COUNT])));
      },
      { timeout: 90_000, interval: 500 },
    );

    // Every target of every panel, evaluated now: the same instant for all of them.
    const at = prometheus.at(Date.now() / 1000);
    for (const { json } of dashboards) {
      const byPanel = new Map<string, Sample[]>();
      for (const { panel, target, expr } of panelTargets(json)) {
        byPanel.set(`${panel.title} ${target.refId}`, await at.query(substituteVariables(expr, VARIABLES)));
      }
      results.set(json.uid, byPanel);
    }
    // The Perses dashboards' queries, at the same instant: they must answer as the Grafana targets do.
    for (const { name, dashboard } of generatePersesDashboards()) {
      const byQuery = new Map<string, Sample[]>();
      for (const { query } of persesQueries(dashboard)) {
        byQuery.set(query.query, await at.query(substituteVariables(query.query, VARIABLES)));
      }
      persesResults.set(name, byQuery);
    }
    for (const metric of HISTOGRAMS) {
      const [sample] = await at.query(`sum(${prometheusName(metric.name, COLLECTOR_NATIVE_NAMESPACE)})`);
      if (!sample?.histogram) throw new Error(`no native histogram for ${metric.name}`);
      nativeSinceStart.set(metric, sample.histogram);
    }
  });

  afterAll(async () => {
    // Stop everything first: an expectation that fails here must not leave the stack running.
    const exitCode = await tearDown(apps, stack, observationsDir);
    if (apps) expect(exitCode).toBe(0);
  });

  const resultOf = (dashboard: DashboardUnderTest, { panel, target }: PanelTarget): Sample[] => {
    const samples = results.get(dashboard.json.uid)?.get(`${panel.title} ${target.refId}`);
    if (!samples) throw new Error(`no result for ${panel.title} ${target.refId}`);
    return samples;
  };

  /** The native histogram's relative bucket width 2^(2^-scale) - 1, from its since-start buckets. */
  const bucketWidthOf = (metric: HistogramDefinition): number => {
    const scale = scaleOf(nativeSinceStart.get(metric));
    if (scale === undefined) throw new Error(`no scale for ${metric.name}`);
    return 2 ** (2 ** -scale) - 1;
  };

  it('recorded every upload', () => {
    expect(uploads).toHaveLength(COUNT);
  });

  it('stores the exponential pipeline as native histograms at a scale Prometheus accepts', () => {
    for (const metric of HISTOGRAMS) {
      const scale = scaleOf(nativeSinceStart.get(metric));
      expect(scale, metric.name).toBeGreaterThanOrEqual(-4);
      expect(scale, metric.name).toBeLessThanOrEqual(8);
      expect(nativeSinceStart.get(metric)?.count, metric.name).toBe(COUNT);
    }
  });

  describe.each(pipelineDashboards.map((d) => [d.title, d] as const))('%s', (_title, dashboard) => {
    const targets = panelTargets(dashboard.json);
    const names = queryNames(queriesOf(dashboard));
    const native = dashboard.pipeline?.representation === 'native';

    /** The largest value a panel of this unit may show: the last classic bound, or the recorded maximum plus one exponential bucket. */
    const upperLimit = (metric: HistogramDefinition): number => {
      if (!native) return metric === UPLOADED_FILE_BYTES ? SIZE_MAX : DURATION_MAX;
      const sorted = exactSummary(uploads, metric).sortedValues;
      return (sorted.at(-1) ?? Number.NaN) * (1 + bucketWidthOf(metric));
    };

    it('has a target for every query of the pipeline, and only those', () => {
      const used = new Set(targets.map(({ expr }) => expr));
      expect([...used].sort()).toEqual(allQueries(queriesOf(dashboard)).sort());
    });

    it.each(targets.map((target) => [`${target.panel.title} ${target.target.refId}`, target] as const))(
      '%s returns the shape its panel draws, with plausible values',
      (_name, panelTarget) => {
        const { panel, target, expr } = panelTarget;
        const samples = resultOf(dashboard, panelTarget);
        const legend = target.legendFormat ?? '';
        const metric = expr.includes(HTTP_REQUEST_DURATION_SECONDS.name)
          ? HTTP_REQUEST_DURATION_SECONDS
          : UPLOADED_FILE_BYTES;
        if (legend === LEGEND.perBucket) {
          // Classic heatmap and bar gauge: one series per bucket, le spelled as formatLe() says.
          expect(native).toBe(false);
          const les = samples.map((sample) => sample.labels.le);
          expect(les.sort()).toEqual([...metric.boundaries.seed.map(formatLe), '+Inf'].sort());
        } else if (legend.includes(LEGEND.perFileType)) {
          // Pie chart, stat per type, per-type lines: one series per file type.
          expect(samples.map((sample) => sample.labels[FILE_TYPE_LABEL]).sort()).toEqual([...FILE_TYPES].sort());
        } else {
          // A stat, one line, one bar, or (native heatmap) one histogram per step: a single sample.
          expect(samples, expr).toHaveLength(1);
        }
        if (native && panel.type === 'heatmap') {
          // The rate over the window as one native histogram: populated buckets around the recorded values.
          const histogram = samples[0]?.histogram;
          expect(histogram, expr).toBeDefined();
          expect(histogram?.count, expr).toBeGreaterThan(0);
          const sorted = exactSummary(uploads, metric).sortedValues;
          const populated = (histogram?.buckets ?? []).filter((bucket) => bucket.count > 0);
          expect(populated.length, expr).toBeGreaterThan(1);
          for (const { lower, upper } of populated) {
            expect(lower, expr).toBeLessThan(upper);
            expect(upper, expr).toBeGreaterThanOrEqual(sorted[0] ?? Number.NaN);
            expect(lower, expr).toBeLessThanOrEqual(sorted.at(-1) ?? Number.NaN);
          }
          return;
        }
        const unit = panel.fieldConfig?.defaults?.unit;
        for (const { value, histogram } of samples) {
          expect(histogram, `${expr} returns floats`).toBeUndefined();
          expect(Number.isFinite(value), `${expr} = ${value}`).toBe(true);
          expect(value, expr).toBeGreaterThanOrEqual(0);
          if (unit === 'decbytes') expect(value, expr).toBeLessThanOrEqual(upperLimit(UPLOADED_FILE_BYTES));
          if (unit === 's') expect(value, expr).toBeLessThanOrEqual(upperLimit(HTTP_REQUEST_DURATION_SECONDS));
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

    it('counts exactly what was recorded where it reads counters and counts as they are', () => {
      const perType = Object.fromEntries(
        FILE_TYPES.map((type) => [type, uploads.filter((upload) => upload.fileType === type).length]),
      );
      expect(single('totalUploads')).toBe(COUNT);
      expect(byLabel('uploadsByType', FILE_TYPE_LABEL)).toEqual(perType);
      expect(byLabel('filesByType', FILE_TYPE_LABEL)).toEqual(perType);
    });

    itWhen(!native)('counts files per classic bucket exactly', () => {
      const sizes = exactSummary(uploads, UPLOADED_FILE_BYTES);
      const under1MB = countUpTo(sizes.sortedValues, SMALL_FILE_LIMIT_BYTES);
      expect(single('filesUnder1MB')).toBe(under1MB);
      expect(single('shareUnder1MB')).toBeCloseTo(under1MB / COUNT, 12);
      const expectedBuckets = cumulativeBucketCounts(sizes.sortedValues, UPLOADED_FILE_BYTES.boundaries.seed);
      const les = [...UPLOADED_FILE_BYTES.boundaries.seed.map(formatLe), '+Inf'];
      expect(byLabel('fileSizeBuckets', 'le')).toEqual(
        Object.fromEntries(les.map((le, index) => [le, expectedBuckets[index]])),
      );
    });

    itWhen(!native)('names every bucket Prometheus returns for the size distribution by its range', () => {
      const panel = targets.find(({ panel }) => panel.title === 'File Size Distribution');
      if (!panel) throw new Error('no File Size Distribution panel');
      const overrides =
        (panel.panel.fieldConfig as { overrides?: { matcher: { options?: unknown } }[] } | undefined)?.overrides ?? [];
      const renamed = overrides.map((override) => override.matcher.options);
      const returned = resultOf(dashboard, panel).map((sample) => sample.labels.le);
      expect(returned).toHaveLength(UPLOADED_FILE_BYTES.boundaries.seed.length + 1);
      expect([...renamed].sort()).toEqual([...returned].sort());
    });

    itWhen(!native)(
      'gives Apdex full credit within 1 s and half within 4 s, interpolated linearly in the (2.5 s, 5 s] bucket',
      async () => {
        const found = targets.find(({ expr }) => names.get(expr) === 'apdex');
        if (!found || !dashboard.pipeline) throw new Error('no Apdex panel');
        const series = classicSelectors(dashboard.pipeline.pipeline);
        const at = prometheus.at(Date.now() / 1000);
        // The share within a bucket bound, read straight off the bucket and count series.
        const within = async (bound: number) => {
          const bucket = series.bucketAt(HTTP_REQUEST_DURATION_SECONDS, bound);
          const [sample] = await at.query(
            `sum(rate(${bucket}[${WINDOW}])) / sum(rate(${series.durationCount}[${WINDOW}]))`,
          );
          return sample?.value ?? Number.NaN;
        };
        const [w1, w2dot5, w5] = [await within(1), await within(2.5), await within(5)];
        const [apdex] = await at.query(substituteVariables(found.expr, VARIABLES));
        // 4 s lies 1.5 s into the 2.5 s wide bucket (2.5 s, 5 s]: 60% of its requests count as within 4 s.
        const within4 = w2dot5 + (w5 - w2dot5) * 0.6;
        expect(w1).toBeGreaterThan(0);
        expect(w5).toBeGreaterThan(w2dot5);
        expect(apdex?.value).toBeCloseTo((w1 + within4) / 2, 9);
      },
    );

    itWhen(native)('estimates shares and counts between the exact counts at the bounds of the buckets', () => {
      const sorted = exactSummary(uploads, UPLOADED_FILE_BYTES).sortedValues;
      const histogram = nativeSinceStart.get(UPLOADED_FILE_BYTES);
      if (!histogram) throw new Error('no native size histogram');
      const slack = 1e-9 * COUNT;
      const [low, high] = cumulativeBracket(histogram, sorted, SMALL_FILE_LIMIT_BYTES);
      const under1MB = single('filesUnder1MB');
      expect(under1MB).toBeGreaterThanOrEqual(low - slack);
      expect(under1MB).toBeLessThanOrEqual(high + slack);
      expect(single('shareUnder1MB')).toBeCloseTo(under1MB / COUNT, 12);
      let total = 0;
      for (const range of SIZE_RANGES) {
        const legend = sizeRangeLegend(range);
        const share = single(`fileSizeShares[${promqlNumber(range.upper)}]`);
        const [lowerLow, lowerHigh] = cumulativeBracket(histogram, sorted, range.lower);
        const [upperLow, upperHigh] = cumulativeBracket(histogram, sorted, range.upper);
        expect(share * COUNT, legend).toBeGreaterThanOrEqual(upperLow - lowerHigh - slack);
        expect(share * COUNT, legend).toBeLessThanOrEqual(upperHigh - lowerLow + slack);
        total += share;
      }
      expect(total).toBeCloseTo(1, 9);
    });

    it('estimates ordered quantiles within the recorded values and a mean within the recorded sizes', () => {
      const sizes = exactSummary(uploads, UPLOADED_FILE_BYTES).sortedValues;
      const p50 = single('fileSizeQuantile[0.5]');
      const p95 = single('fileSizeQuantile[0.95]');
      const p99 = single('fileSizeQuantile[0.99]');
      expect(p50).toBeLessThanOrEqual(p95);
      expect(p95).toBeLessThanOrEqual(p99);
      expect(p50).toBeGreaterThan(0);
      if (native) {
        // Exponential interpolation stays inside the bucket that holds the quantile: within one bucket width of the data.
        const width = bucketWidthOf(UPLOADED_FILE_BYTES);
        expect(p50).toBeGreaterThanOrEqual((sizes[0] ?? Number.NaN) / (1 + width));
        expect(p99).toBeLessThanOrEqual((sizes.at(-1) ?? Number.NaN) * (1 + width));
        const seconds = exactSummary(uploads, HTTP_REQUEST_DURATION_SECONDS).sortedValues;
        const durationWidth = bucketWidthOf(HTTP_REQUEST_DURATION_SECONDS);
        for (const [type, p95ByType] of Object.entries(byLabel('durationP95ByType', FILE_TYPE_LABEL))) {
          expect(p95ByType, type).toBeGreaterThanOrEqual((seconds[0] ?? Number.NaN) / (1 + durationWidth));
          expect(p95ByType, type).toBeLessThanOrEqual((seconds.at(-1) ?? Number.NaN) * (1 + durationWidth));
        }
      }
      const average = single('averageFileSize');
      expect(average).toBeGreaterThanOrEqual(sizes[0] ?? Number.NaN);
      expect(average).toBeLessThanOrEqual(sizes.at(-1) ?? Number.NaN);
      // Apdex gives half credit, so it lies between "within 1 s" and "within 2.5 s".
      const within = single('requestsWithinTarget');
      expect(within).toBeGreaterThan(0);
      expect(single('apdex')).toBeGreaterThanOrEqual(within / 2);
      expect(single('apdex')).toBeLessThanOrEqual(1);
    });
  });

  describe('the comparison dashboard', () => {
    if (!comparison) throw new Error('no comparison dashboard');
    const targets = panelTargets(comparison.json);
    const pipelines = dashboardPipelines();
    const metricOf = (title: string | undefined): HistogramDefinition => {
      const metric = HISTOGRAMS.find((definition) => title?.startsWith(`${definition.name}`));
      if (!metric) throw new Error(`no histogram in the title ${title}`);
      return metric;
    };
    /** The pipeline a quantile or heatmap target reads, from its legend or its panel title. */
    const pipelineOf = ({ panel, target }: PanelTarget) =>
      pipelines.find(
        ({ pipeline }) =>
          target.legendFormat?.startsWith(`${pipeline.name} p`) || panel.title?.includes(`heatmap: ${pipeline.name} (`),
      );
    const isDifference = ({ panel }: PanelTarget) => / difference from /.test(panel.title ?? '');

    it('has, per histogram, 3 quantiles of every pipeline, a count and a sum difference per other pipeline, a heatmap per pipeline', () => {
      const perMetric = pipelines.length * SIZE_QUANTILES.length + 2 * (pipelines.length - 1) + pipelines.length;
      expect(targets).toHaveLength(HISTOGRAMS.length * perMetric);
    });

    it.each(targets.map((target) => [`${target.panel.title} ${target.target.legendFormat}`, target] as const))(
      '%s returns the shape its panel draws, with plausible values',
      (_name, panelTarget) => {
        const { panel, target, expr } = panelTarget;
        const samples = resultOf(comparison, panelTarget);
        const metric = metricOf(panel.title);
        const sorted = exactSummary(uploads, metric).sortedValues;
        if (isDifference(panelTarget)) {
          expect(samples, expr).toHaveLength(1);
          expect(samples[0]?.histogram, expr).toBeUndefined();
          return;
        }
        const pipeline = pipelineOf(panelTarget);
        expect(pipeline, `${panel.title} ${target.legendFormat}`).toBeDefined();
        const native = pipeline?.representation === 'native';
        if (panel.type === 'heatmap' && !native) {
          // Classic buckets: one rate per le, spelt as stored; format heatmap makes them per-bucket cells.
          expect(target.format, expr).toBe('heatmap');
          const les = samples.map((sample) => sample.labels.le ?? '');
          expect(les.sort()).toEqual([...metric.boundaries.seed.map(formatLe), '+Inf'].sort());
          expect(samples.some((sample) => sample.value > 0)).toBe(true);
          return;
        }
        expect(samples, expr).toHaveLength(1);
        const [sample] = samples;
        if (panel.type === 'heatmap') {
          // One native histogram over the window, its populated buckets around the recorded values.
          const populated = (sample?.histogram?.buckets ?? []).filter((bucket) => bucket.count > 0);
          expect(populated.length, expr).toBeGreaterThan(1);
          for (const { lower, upper } of populated) {
            expect(upper, expr).toBeGreaterThanOrEqual(sorted[0] ?? Number.NaN);
            expect(lower, expr).toBeLessThanOrEqual(sorted.at(-1) ?? Number.NaN);
          }
          return;
        }
        // A quantile: finite, positive, and no further out than the estimate's bucket allows.
        const value = sample?.value ?? Number.NaN;
        expect(sample?.histogram, expr).toBeUndefined();
        expect(Number.isFinite(value), `${expr} = ${value}`).toBe(true);
        expect(value, expr).toBeGreaterThan(0);
        const limit = native
          ? (sorted.at(-1) ?? Number.NaN) * (1 + bucketWidthOf(metric))
          : (metric.boundaries.seed.at(-1) ?? Number.NaN);
        expect(value, expr).toBeLessThanOrEqual(limit);
      },
    );

    it('overlays p50 <= p95 <= p99 for every pipeline', () => {
      for (const metric of HISTOGRAMS) {
        for (const { pipeline } of pipelines) {
          const quantiles = SIZE_QUANTILES.map((q) => {
            const found = targets.find(
              (t) => metricOf(t.panel.title) === metric && t.target.legendFormat === `${pipeline.name} p${q * 100}`,
            );
            if (!found) throw new Error(`no p${q * 100} of ${pipeline.name} for ${metric.name}`);
            return resultOf(comparison, found)[0]?.value ?? Number.NaN;
          });
          expect(quantiles, `${pipeline.name} ${metric.name}`).toEqual([...quantiles].sort((a, b) => a - b));
        }
      }
    });

    it('shows count differences of exactly zero, and sum differences zero up to float rounding, once every pipeline holds the whole run', () => {
      const differences = targets.filter(isDifference);
      expect(differences).toHaveLength(HISTOGRAMS.length * 2 * (pipelines.length - 1));
      for (const difference of differences) {
        const [sample] = resultOf(comparison, difference);
        const gap = Math.abs(sample?.value ?? Number.NaN);
        const name = `${difference.panel.title} ${difference.expr}`;
        if (/ count difference /.test(difference.panel.title ?? '')) {
          expect(gap, name).toBe(0);
        } else {
          // Each pipeline adds the same doubles in its own order; each addition rounds by at most
          // half an ulp of the running total, so two such sums differ by at most n·ε·Σx. A lost or
          // doubled observation moves the sum by a whole value, many orders above that.
          const values = exactSummary(uploads, metricOf(difference.panel.title)).sortedValues;
          const total = values.reduce((sum, value) => sum + value, 0);
          expect(gap, name).toBeLessThanOrEqual(values.length * Number.EPSILON * total);
          expect(gap, name).toBeLessThan(values[0] ?? Number.NaN);
        }
      }
    });
  });

  it('runs every query of the Perses dashboards: each returns what the Grafana target of the same panel returns', () => {
    const perses = generatePersesDashboards();
    expect(perses.map(({ name }) => name)).toEqual(dashboards.map(({ json }) => json.uid));
    for (const { name, dashboard } of perses) {
      const grafana = dashboards.find(({ json }) => json.uid === name);
      if (!grafana) throw new Error(`no Grafana dashboard ${name}`);
      const grafanaTargets = panelTargets(grafana.json);
      const queries = persesQueries(dashboard);
      expect(queries).toHaveLength(grafanaTargets.length);
      for (const { panel, query } of queries) {
        const samples = persesResults.get(name)?.get(query.query);
        const target = grafanaTargets.find(
          (candidate) => candidate.panel.title === panel.spec.display.name && candidate.expr === query.query,
        );
        if (!target) throw new Error(`${name}: "${panel.spec.display.name}" has no Grafana twin for ${query.query}`);
        const label = `${name} ${panel.spec.display.name}: ${query.query}`;
        expect(samples, label).toBeDefined();
        // Not empty: a Perses panel with no series shows "No data".
        expect(samples?.length, label).toBeGreaterThan(0);
        const values = (list: readonly Sample[] | undefined) =>
          (list ?? []).map((sample) => [JSON.stringify(sample.labels), sample.value, sample.histogram?.count]).sort();
        expect(values(samples), label).toEqual(values(resultOf(grafana, target)));
      }
    }
  });

  it('has run every README query too: they are dashboard targets with the README window', () => {
    const groups = readmeQueries(dashboardPipelines());
    expect(groups.map((group) => group.pipeline)).toEqual(['logfire', 'direct', 'native', 'otlp']);
    for (const group of groups) {
      const dashboard = pipelineDashboards.find(({ pipeline }) => pipeline?.pipeline.name === group.pipeline);
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

  it('shows the same counts in every pipeline’s dashboard, the native and otlp ones included', () => {
    const pick = (dashboard: DashboardUnderTest, name: string) => {
      const names = queryNames(queriesOf(dashboard));
      const found = panelTargets(dashboard.json).find(({ expr }) => names.get(expr) === name);
      if (!found) throw new Error(`no panel shows ${name} in ${dashboard.title}`);
      return resultOf(dashboard, found)
        .map((sample) => `${sample.labels.le ?? ''}${sample.labels[FILE_TYPE_LABEL] ?? ''}=${sample.value}`)
        .sort();
    };
    const direct = pipelineDashboards.find(({ pipeline }) => pipeline?.pipeline.name === 'direct');
    if (!direct) throw new Error('no direct dashboard');
    // logfire, direct, native and the collector-free otlp pipeline.
    expect(pipelineDashboards).toHaveLength(4);
    for (const dashboard of pipelineDashboards) {
      const exact = ['totalUploads', 'uploadsByType', 'filesByType'];
      if (dashboard.pipeline?.representation === 'classic') exact.push('filesUnder1MB', 'fileSizeBuckets');
      for (const name of exact) expect(pick(dashboard, name), `${dashboard.title} ${name}`).toEqual(pick(direct, name));
    }
  });
});
