import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { COLLECTOR_NAMESPACE } from '../../src/config/defaults.js';
import {
  allQueries,
  DURATION_SLO,
  formatReadmeQueries,
  pipelineQueries,
  pipelineSeries,
  prometheusLe,
  RATE_INTERVAL,
  README_RATE_WINDOW,
  readmeQueries,
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
function knownSeries(namespace?: string): Set<string> {
  const names = [FILE_UPLOADS_TOTAL.name];
  for (const metric of HISTOGRAMS) names.push(...['bucket', 'sum', 'count'].map((s) => `${metric.name}_${s}`));
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

describe('the query module', () => {
  it('uses only series defined in src/metrics/definitions.ts, prefixed by the pipeline’s namespace', () => {
    for (const namespace of [undefined, COLLECTOR_NAMESPACE]) {
      const known = knownSeries(namespace);
      for (const expr of allQueries(pipelineQueries({ namespace }))) {
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
  });

  it('computes quantiles as histogram_quantile over rate() summed by le (and file_type per type)', () => {
    const q = pipelineQueries();
    const bucket = `${UPLOADED_FILE_BYTES.name}_bucket`;
    expect(q.fileSizeQuantile[0.95]).toBe(`histogram_quantile(0.95, sum by (le) (rate(${bucket}[${RATE_INTERVAL}])))`);
    expect(q.durationP95ByType).toBe(
      `histogram_quantile(0.95, sum by (le, ${FILE_TYPE_LABEL}) (rate(${HTTP_REQUEST_DURATION_SECONDS.name}_bucket[${RATE_INTERVAL}])))`,
    );
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

  it('parses every query without error, with the dashboard and the README windows', () => {
    for (const namespace of [undefined, COLLECTOR_NAMESPACE]) {
      for (const expr of allQueries(pipelineQueries({ namespace, rateInterval: '20s' }))) {
        expect(promqlErrors(expr), expr).toEqual([]);
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
