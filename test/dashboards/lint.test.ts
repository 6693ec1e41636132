/**
 * The rules of grafana/dashboard-linter that matter here, re-implemented on the generated
 * JSON (the linter is a Go program, not installable from npm), plus the PromQL parse check:
 * - target-promql-rule: every expression parses (lezer-promql, the grammar Prometheus' UI uses);
 * - target-rate-interval-rule, made stricter: every range in rate/irate/increase is $__rate_interval;
 * - panel-units-rule: every panel that shows numbers has a unit (heatmaps: both axes);
 * - panel-title-description-rule: every panel and row has a title, every panel a description;
 * - template-datasource-rule and panel-datasource-rule: a `datasource` variable of type prometheus,
 *   used by every panel and every target;
 * - uneditable-dashboard-rule: generated dashboards are read-only.
 * Left out on purpose: target-counter-agg-rule and target-histogram-rule (totals and bucket
 * panels read counters and buckets as they are, which is their point), and the job/instance
 * variable rules (a pipeline is chosen by dashboard, not by variable).
 */
import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { GRAFANA_DATASOURCE_UID } from '../../src/config/grafana.js';
import { DATASOURCE_VARIABLE, UNITS } from '../../src/dashboards/common.js';
import {
  type DashboardUnderTest,
  dataPanels,
  GRAFANA_GLOBALS,
  generatedDashboards,
  panelTargets,
  promqlErrors,
  substituteVariables,
} from './model.js';

/** A duration no query would write by hand: what $__rate_interval is replaced with to find it in the tree. */
const RATE_INTERVAL_MARKER = '7777s';
const RANGE_FUNCTIONS = new Set(['rate', 'irate', 'increase']);

/** Ranges of rate/irate/increase that are not $__rate_interval, as "function[range]". */
function rangesWithoutRateInterval(expr: string): string[] {
  const marked = substituteVariables(expr, { ...GRAFANA_GLOBALS, __rate_interval: RATE_INTERVAL_MARKER });
  const offending: string[] = [];
  parser.parse(marked).iterate({
    enter: (ref) => {
      if (ref.name !== 'MatrixSelector') return;
      const call = ref.node.parent?.parent;
      const fn = call?.name === 'FunctionCall' ? call.getChild('FunctionIdentifier') : null;
      const name = fn ? marked.slice(fn.from, fn.to) : '(no function)';
      const duration = ref.node.getChild('DurationExpr');
      const range = duration ? marked.slice(duration.from, duration.to) : '';
      if (!RANGE_FUNCTIONS.has(name) || range !== RATE_INTERVAL_MARKER) offending.push(`${name}[${range}]`);
    },
  });
  return offending;
}

/** Built-in units the panels may use (a subset of Grafana's), and custom `suffix:` units. */
const VALID_UNITS = new Set<string>([...Object.values(UNITS), 'none', 'percent', 'bytes', 'ms']);
const validUnit = (unit: unknown) => typeof unit === 'string' && (VALID_UNITS.has(unit) || /^suffix:\S/.test(unit));

const dashboards = generatedDashboards();

it('lints every pipeline’s dashboard, the native one included, and the comparison', () => {
  expect(dashboards.map(({ pipeline }) => pipeline?.representation ?? 'comparison')).toEqual([
    'classic',
    'classic',
    'native',
    'native',
    'comparison',
  ]);
});

describe.each(dashboards.map((d) => [d.title, d] as const))('%s', (_title, { pipeline, json }: DashboardUnderTest) => {
  const targets = panelTargets(json);

  it('has targets to lint', () => {
    expect(targets.length).toBeGreaterThan(10);
  });

  it('parses every target without error nodes, once Grafana variables are substituted', () => {
    for (const { panel, expr } of targets) {
      const substituted = substituteVariables(expr, GRAFANA_GLOBALS);
      expect(substituted, `${panel.title}: unknown variable`).not.toContain('$');
      expect(promqlErrors(substituted), `${panel.title}: ${substituted}`).toEqual([]);
    }
  });

  it('uses $__rate_interval as the range of every rate() and increase()', () => {
    for (const { panel, expr } of targets) {
      expect(rangesWithoutRateInterval(expr), `${panel.title}: ${expr}`).toEqual([]);
    }
  });

  it('gives every panel that shows numbers a valid unit', () => {
    for (const panel of dataPanels(json)) {
      expect(validUnit(panel.fieldConfig?.defaults?.unit), `${panel.title}: ${panel.fieldConfig?.defaults?.unit}`).toBe(
        true,
      );
      if (panel.type === 'heatmap') {
        const yAxis = panel.options?.yAxis as { unit?: unknown } | undefined;
        const cells = panel.options?.cellValues as { unit?: unknown } | undefined;
        expect(validUnit(yAxis?.unit), `${panel.title} y axis`).toBe(true);
        expect(validUnit(cells?.unit), `${panel.title} cells`).toBe(true);
      }
    }
  });

  it('gives every panel a title and a description, and every row a title', () => {
    for (const panel of json.panels) {
      expect(panel.title?.trim(), `panel ${panel.id}`).toBeTruthy();
      if (panel.type !== 'row') expect(panel.description?.trim().length, panel.title).toBeGreaterThan(40);
    }
    const titles = dataPanels(json).map((panel) => panel.title);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('has a `datasource` variable of type prometheus defaulting to the provisioned datasource', () => {
    const variables = (json.templating.list ?? []).filter((variable) => variable.type === 'datasource');
    expect(variables).toHaveLength(1);
    expect(variables[0]).toMatchObject({
      name: DATASOURCE_VARIABLE.name,
      label: DATASOURCE_VARIABLE.label,
      query: 'prometheus',
      current: { value: GRAFANA_DATASOURCE_UID },
    });
  });

  it('uses the datasource variable in every panel and every target', () => {
    const viaVariable = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE.name}}` };
    for (const panel of dataPanels(json)) expect(panel.datasource, panel.title).toEqual(viaVariable);
    for (const { panel, target } of targets)
      expect(target.datasource, `${panel.title} ${target.refId}`).toEqual(viaVariable);
  });

  it('gives the targets of a panel distinct refIds and shows buckets as its histogram kind needs', () => {
    for (const panel of dataPanels(json)) {
      const refIds = (panel.targets ?? []).map((target) => target.refId);
      expect(new Set(refIds).size, panel.title).toBe(refIds.length);
      for (const target of panel.targets ?? []) {
        const expr = target.expr ?? '';
        // A target reads classic buckets when it selects _bucket series; anything else is native or bucketless.
        if (/_bucket\b/.test(expr)) {
          // Classic buckets: format heatmap sorts them by le and subtracts neighbours; the legend names the bound.
          const perBucket = /sum by \(le\) \(/.test(expr) && !/histogram_(quantile|fraction)/.test(expr);
          if (perBucket || panel.type === 'heatmap') {
            expect(target.format, panel.title).toBe('heatmap');
            expect(target.legendFormat, panel.title).toBe('{{le}}');
          }
        } else {
          // Native histograms: Grafana turns histogram samples into heatmap cells by itself.
          expect(target.format, panel.title).toBe('time_series');
          expect(target.legendFormat, panel.title).not.toContain('{{le}}');
          if (panel.type === 'heatmap')
            expect(expr, panel.title).toMatch(/^sum \(rate\(\w+(\{[^}]*\})?\[\$__rate_interval\]\)\)$/);
        }
        if (pipeline?.representation === 'native') expect(expr, panel.title).not.toMatch(/\ble\b|_bucket/);
      }
    }
  });

  it('draws heatmaps from the app’s buckets (calculate off) and bar gauges from the last value', () => {
    for (const panel of dataPanels(json)) {
      if (panel.type === 'heatmap') expect(panel.options?.calculate, panel.title).toBe(false);
      if (panel.type === 'bargauge') {
        expect(panel.options?.reduceOptions, panel.title).toMatchObject({ calcs: ['last'] });
      }
    }
  });

  it('lays panels out on the 24-column grid without overlaps', () => {
    const cells = new Set<string>();
    for (const panel of json.panels) {
      const grid = panel.gridPos;
      expect(grid, panel.title).toBeDefined();
      if (!grid) continue;
      expect(grid.x + grid.w, panel.title).toBeLessThanOrEqual(24);
      for (let x = grid.x; x < grid.x + grid.w; x += 1) {
        for (let y = grid.y; y < grid.y + grid.h; y += 1) {
          expect(cells.has(`${x},${y}`), `${panel.title} overlaps at ${x},${y}`).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
    const ids = json.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is read-only, being generated', () => {
    expect(json.editable).toBe(false);
  });
});

describe('the lint rules themselves', () => {
  it('catch a hard-coded rate window and a range outside rate()', () => {
    expect(rangesWithoutRateInterval('sum(rate(x[5m]))')).toEqual(['rate[5m]']);
    expect(rangesWithoutRateInterval('max_over_time(x[$__rate_interval])')).toEqual([
      `max_over_time[${RATE_INTERVAL_MARKER}]`,
    ]);
    expect(rangesWithoutRateInterval('sum(increase(x[$__rate_interval]))')).toEqual([]);
  });

  it('find error nodes in broken PromQL', () => {
    expect(promqlErrors('sum(rate(x[5m])')).not.toEqual([]);
    expect(promqlErrors('histogram_quantile(0.95, sum by (le (rate(x[5m])))')).not.toEqual([]);
    expect(promqlErrors('sum(x{le="1e+06"})')).toEqual([]);
  });

  it('leave no Grafana variable unsubstituted', () => {
    // A literal `${__range_s}`, as Grafana reads it: not a template string.
    const braced = ['$', '{__range_s}'].join('');
    expect(substituteVariables(`rate(x[$__rate_interval]) / ${braced} / [[__interval]]`, GRAFANA_GLOBALS)).toBe(
      'rate(x[1m20s]) / 900 / 20s',
    );
  });
});
