import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { COLLECTOR_NAMESPACE, COLLECTOR_NATIVE_NAMESPACE } from '../../src/config/defaults.js';
import { DASHBOARD_PIPELINES, type HistogramKind } from '../../src/dashboards/pipelines.js';
import {
  allQueries,
  DURATION_SLO,
  formatReadmeQueries,
  nativeQueries,
  nativeSeries,
  pipelineQueries,
  pipelineSeries,
  prometheusLe,
  promqlNumber,
  RATE_INTERVAL,
  README_RATE_WINDOW,
  readmeQueries,
  SIZE_RANGES,
  SMALL_FILE_LIMIT_BYTES,
} from '../../src/dashboards/queries.js';
import {
  FILE_TYPE_LABEL,
  FILE_UPLOADS_TOTAL,
  HISTOGRAMS,
  HTTP_REQUEST_DURATION_SECONDS,
  prometheusName,
  UPLOADED_FILE_BYTES,
} from '../../src/metrics/definitions.js';
import { promqlErrors } from './model.js';

/** Every series name a pipeline may query, from the metric definitions. */
function knownSeries(namespace?: string, histograms: HistogramKind = 'classic'): Set<string> {
  const names = [FILE_UPLOADS_TOTAL.name];
  for (const metric of HISTOGRAMS) {
    // A native histogram is one series named like the metric; a classic one is three suffixed series.
    if (histograms === 'native') names.push(metric.name);
    else names.push(...['bucket', 'sum', 'count'].map((s) => `${metric.name}_${s}`));
  }
  return new Set(names.map((name) => prometheusName(name, namespace)));
}

/** The metric names a PromQL expression selects. */
function selectedNames(expr: string): string[] {
  const names: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        names.push(expr.slice(node.from, node.to));
      }
    },
  });
  return names;
}

describe('prometheusLe', () => {
  it('spells bucket bounds the way Prometheus 3 stores them', () => {
    const cases: [number, string][] = [
      [100_000, '100000.0'],
      [500_000, '500000.0'],
      [1_000_000, '1e+06'],
      [5_000_000, '5e+06'],
      [10_000_000, '1e+07'],
      [100_000_000, '1e+08'],
      [0.1, '0.1'],
      [0.25, '0.25'],
      [1, '1.0'],
      [2.5, '2.5'],
      [10, '10.0'],
      [0, '0.0'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [1_500_000, '1.5e+06'],
      [Number.POSITIVE_INFINITY, '+Inf'],
    ];
    for (const [bound, stored] of cases) expect(prometheusLe(bound), String(bound)).toBe(stored);
  });

  it('never gives the seed’s le="5e+05", which matches nothing', () => {
    expect(prometheusLe(500_000)).not.toBe('5e+05');
  });
});

describe('promqlNumber', () => {
  it('spells histogram_fraction bounds as short number literals', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [1, '1'],
      [2.5, '2.5'],
      [100_000, '1e5'],
      [500_000, '5e5'],
      [1_000_000, '1e6'],
      [100_000_000, '1e8'],
      [Number.POSITIVE_INFINITY, '+Inf'],
    ];
    for (const [value, spelled] of cases) expect(promqlNumber(value), String(value)).toBe(spelled);
    for (const [value, spelled] of cases) expect(Number(spelled.replace('Inf', 'Infinity')), spelled).toBe(value);
  });
});

describe('the query module', () => {
  it('uses only series defined in src/metrics/definitions.ts, named as each pipeline stores them', () => {
    for (const { namespace, histograms } of DASHBOARD_PIPELINES) {
      const known = knownSeries(namespace, histograms);
      for (const expr of allQueries(pipelineQueries({ namespace, histograms }))) {
        const names = selectedNames(expr);
        expect(names.length, expr).toBeGreaterThan(0);
        for (const name of names) expect(known, `${name} in ${expr}`).toContain(name);
      }
    }
  });

  it('builds series names from the definitions', () => {
    expect(pipelineSeries(COLLECTOR_NAMESPACE)).toMatchObject({
      uploads: `${COLLECTOR_NAMESPACE}_${FILE_UPLOADS_TOTAL.name}`,
      sizeBucket: `${COLLECTOR_NAMESPACE}_${UPLOADED_FILE_BYTES.name}_bucket`,
      durationCount: `${COLLECTOR_NAMESPACE}_${HTTP_REQUEST_DURATION_SECONDS.name}_count`,
    });
    expect(pipelineSeries().uploads).toBe(FILE_UPLOADS_TOTAL.name);
    expect(nativeSeries(COLLECTOR_NATIVE_NAMESPACE)).toEqual({
      uploads: 'logfire_native_file_uploads_total',
      size: 'logfire_native_uploaded_file_bytes',
      duration: 'logfire_native_http_request_duration_seconds',
    });
  });

  it('computes quantiles as histogram_quantile over rate() summed by le (and file_type per type)', () => {
    const q = pipelineQueries();
    const bucket = `${UPLOADED_FILE_BYTES.name}_bucket`;
    expect(q.fileSizeQuantile[0.95]).toBe(`histogram_quantile(0.95, sum by (le) (rate(${bucket}[${RATE_INTERVAL}])))`);
    expect(q.durationP95ByType).toBe(
      `histogram_quantile(0.95, sum by (le, ${FILE_TYPE_LABEL}) (rate(${HTTP_REQUEST_DURATION_SECONDS.name}_bucket[${RATE_INTERVAL}])))`,
    );
  });

  it('reads native histograms with the histogram_* functions, never by le', () => {
    const q = pipelineQueries({ namespace: COLLECTOR_NATIVE_NAMESPACE, histograms: 'native' });
    expect(q).toEqual(nativeQueries({ namespace: COLLECTOR_NATIVE_NAMESPACE }));
    const size = 'logfire_native_uploaded_file_bytes';
    const duration = 'logfire_native_http_request_duration_seconds';
    const sizeRate = `sum(rate(${size}[${RATE_INTERVAL}]))`;
    const durationRate = `sum(rate(${duration}[${RATE_INTERVAL}]))`;
    expect(q.fileSizeQuantile[0.95]).toBe(`histogram_quantile(0.95, ${sizeRate})`);
    expect(q.durationP95ByType).toBe(
      `histogram_quantile(0.95, sum by (${FILE_TYPE_LABEL}) (rate(${duration}[${RATE_INTERVAL}])))`,
    );
    expect(q.averageFileSize).toBe(`histogram_sum(${sizeRate}) / histogram_count(${sizeRate})`);
    expect(q.filesByType).toBe(`sum by (${FILE_TYPE_LABEL}) (histogram_count(${size}))`);
    expect(q.shareUnder1MB).toBe(`histogram_fraction(0, 1e6, sum(${size}))`);
    expect(q.filesUnder1MB).toBe(`histogram_fraction(0, 1e6, sum(${size})) * histogram_count(sum(${size}))`);
    expect(q.requestsWithinTarget).toBe(`histogram_fraction(0, 1, ${durationRate})`);
    expect(q.apdex).toBe(
      `(histogram_fraction(0, 1, ${durationRate}) + histogram_fraction(0, 2.5, ${durationRate})) / 2`,
    );
    expect(q.fileSizeHeatmap).toBe(`sum(increase(${size}[${RATE_INTERVAL}]))`);
    expect(q.durationHeatmap).toBe(`sum(increase(${duration}[${RATE_INTERVAL}]))`);
    expect('fileSizeBuckets' in q).toBe(false);
    for (const expr of allQueries(q)) expect(expr).not.toMatch(/\ble\b|_bucket|(bytes|seconds)_(sum|count)\b/);
  });

  it('splits the native size distribution into the classic buckets’ ranges, without gap or overlap', () => {
    const bounds = UPLOADED_FILE_BYTES.boundaries.seed;
    expect(SIZE_RANGES.map((range) => range.upper)).toEqual([...bounds, Number.POSITIVE_INFINITY]);
    expect(SIZE_RANGES[0]?.lower).toBe(0);
    for (const [index, range] of SIZE_RANGES.entries()) {
      if (index > 0) expect(range.lower).toBe(SIZE_RANGES[index - 1]?.upper);
    }
    expect(SIZE_RANGES.map((range) => range.legend)).toEqual([
      '≤ 100 kB',
      '100 kB – 500 kB',
      '500 kB – 1 MB',
      '1 MB – 5 MB',
      '5 MB – 10 MB',
      '10 MB – 50 MB',
      '50 MB – 100 MB',
      '> 100 MB',
    ]);
    const shares = nativeQueries({ namespace: COLLECTOR_NATIVE_NAMESPACE }).fileSizeShares;
    expect(Object.keys(shares)).toEqual(SIZE_RANGES.map((range) => range.legend));
    expect(shares['1 MB – 5 MB']).toBe('histogram_fraction(1e6, 5e6, sum(logfire_native_uploaded_file_bytes))');
    expect(shares['> 100 MB']).toBe('histogram_fraction(1e8, +Inf, sum(logfire_native_uploaded_file_bytes))');
  });

  it('queries only bucket bounds that exist, spelled as stored', () => {
    // The 1 MB bucket exists in both layouts; the Apdex thresholds in the default seed layout.
    expect(UPLOADED_FILE_BYTES.boundaries.seed).toContain(SMALL_FILE_LIMIT_BYTES);
    expect(UPLOADED_FILE_BYTES.boundaries.fine).toContain(SMALL_FILE_LIMIT_BYTES);
    expect(HTTP_REQUEST_DURATION_SECONDS.boundaries.seed).toContain(DURATION_SLO.satisfiedSeconds);
    expect(HTTP_REQUEST_DURATION_SECONDS.boundaries.seed).toContain(DURATION_SLO.toleratedSeconds);
    const q = pipelineQueries();
    expect(q.filesUnder1MB).toContain('le="1e+06"');
    expect(q.apdex).toContain('le="1.0"');
    expect(q.apdex).toContain('le="2.5"');
    for (const expr of allQueries(q)) expect(expr).not.toMatch(/le="(5e\+05|1000000|1|1e6)"/);
  });

  it('parses every query of every pipeline without error, with the dashboard and the README windows', () => {
    for (const { namespace, histograms } of DASHBOARD_PIPELINES) {
      for (const rateInterval of ['20s', README_RATE_WINDOW]) {
        for (const expr of allQueries(pipelineQueries({ namespace, histograms, rateInterval }))) {
          expect(promqlErrors(expr), expr).toEqual([]);
        }
      }
    }
  });
});

describe('the README queries', () => {
  it('cover the direct and the Logfire pipeline with the same queries, prefixed for Logfire', () => {
    const [direct, logfire] = readmeQueries();
    expect(direct?.pipeline).toBe('direct');
    expect(logfire?.pipeline).toBe('logfire');
    expect(logfire?.queries.map((query) => query.title)).toEqual(direct?.queries.map((query) => query.title));
    for (const query of logfire?.queries ?? []) {
      for (const name of selectedNames(query.expr)) expect(name.startsWith(`${COLLECTOR_NAMESPACE}_`)).toBe(true);
    }
    for (const query of direct?.queries ?? []) {
      for (const name of selectedNames(query.expr)) expect(knownSeries()).toContain(name);
    }
  });

  it('have a native-histogram group: the same questions, answered with histogram_* functions', () => {
    const groups = readmeQueries();
    expect(groups.map((group) => group.pipeline)).toEqual(['direct', 'logfire', 'native']);
    const [direct, , native] = groups;
    expect(native?.heading).toContain(`${COLLECTOR_NATIVE_NAMESPACE}_`);
    expect(native?.queries).toHaveLength(direct?.queries.length ?? 0);
    const known = knownSeries(COLLECTOR_NATIVE_NAMESPACE, 'native');
    for (const query of native?.queries ?? []) {
      for (const name of selectedNames(query.expr)) expect(known, query.expr).toContain(name);
      expect(query.expr).not.toMatch(/\ble\b|_bucket/);
    }
    const exprs = (native?.queries ?? []).map((query) => query.expr).join('\n');
    for (const fn of ['histogram_quantile', 'histogram_fraction', 'histogram_count', 'histogram_sum']) {
      expect(exprs).toContain(`${fn}(`);
    }
  });

  it('use a literal window, since Prometheus does not know $__rate_interval, and parse', () => {
    for (const group of readmeQueries()) {
      for (const query of group.queries) {
        expect(query.expr).not.toContain('$');
        expect(promqlErrors(query.expr), query.expr).toEqual([]);
        if (/rate\(/.test(query.expr)) expect(query.expr).toContain(`[${README_RATE_WINDOW}]`);
      }
    }
  });

  it('are printed one per line under a # comment, each group under a heading', () => {
    const text = formatReadmeQueries();
    for (const group of readmeQueries()) {
      expect(text).toContain(`## ${group.heading}\n`);
      for (const query of group.queries) expect(text).toContain(`# ${query.title}\n${query.expr}\n`);
    }
  });
});
