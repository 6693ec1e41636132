/**
 * The README's example queries without a server: one group per pipeline, a literal window, every
 * query parsed with the grammar of Prometheus' own UI. That each is a dashboard target Prometheus
 * answers is checked in test/dashboards/panels.e2e.test.ts.
 */

import { describe, expect, it } from 'vitest';
import { dashboardPipelines } from '../../src/dashboards/pipelines.js';
import { formatReadmeQueries, readmeQueries } from '../../src/dashboards/readmeQueries.js';
import { DEMO_PIPELINES } from '../../src/pipelines/registry.js';
import { README_RATE_WINDOW } from '../../src/promql/dashboards.js';
import { promqlErrors } from './model.js';

describe('the README queries', () => {
  const groups = readmeQueries(dashboardPipelines());

  it('have one group per registry pipeline, in registry order, the classic ones asking the same questions', () => {
    expect(groups.map((group) => group.pipeline)).toEqual(DEMO_PIPELINES.map((pipeline) => pipeline.name));
    const [logfire, direct, native] = groups;
    expect(logfire?.queries.map((query) => query.title)).toEqual(direct?.queries.map((query) => query.title));
    expect(native?.queries).toHaveLength(direct?.queries.length ?? 0);
    const exprs = (native?.queries ?? []).map((query) => query.expr).join('\n');
    for (const fn of ['histogram_quantile', 'histogram_fraction', 'histogram_count', 'histogram_sum']) {
      expect(exprs).toContain(`${fn}(`);
    }
    expect(exprs).not.toMatch(/\ble\b|_bucket/);
  });

  it('use a literal window, since Prometheus does not know $__rate_interval, and parse', () => {
    for (const group of groups) {
      for (const query of group.queries) {
        expect(query.expr).not.toContain('$');
        expect(promqlErrors(query.expr), query.expr).toEqual([]);
        if (/rate\(/.test(query.expr)) expect(query.expr).toContain(`[${README_RATE_WINDOW}]`);
      }
    }
  });

  it('are printed one per line under a # comment, each group under a heading', () => {
    const text = formatReadmeQueries(groups);
    for (const group of groups) {
      expect(text).toContain(`## ${group.heading}\n`);
      for (const query of group.queries) expect(text).toContain(`# ${query.title}\n${query.expr}\n`);
    }
  });
});
