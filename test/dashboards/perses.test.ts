import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDashboards } from '../../src/dashboards/dashboard.js';
import { generatePersesDashboards, PERSES_DIR } from '../../src/dashboards/perses/dashboards.js';
import type { PersesDashboard } from '../../src/dashboards/perses/model.js';
import { dashboardPipelines } from '../../src/dashboards/pipelines.js';
import { HISTOGRAMS } from '../../src/metrics/definitions.js';
import { DEMO_PIPELINES, type Pipeline } from '../../src/pipelines/registry.js';
import { DASHBOARDS_DIR, panelTargets } from './model.js';
import { persesPanels, persesQueries } from './persesModel.js';

const generated = generatePersesDashboards();
const byName = (name: string): PersesDashboard => {
  const found = generated.find((dashboard) => dashboard.name === name);
  if (!found) throw new Error(`no Perses dashboard ${name}`);
  return found.dashboard;
};

describe('the generated Perses dashboards', () => {
  it('are one per registry pipeline plus the comparison, named as the Grafana ones, under dashboards/perses/', () => {
    expect(generated.map(({ name, fileName }) => [name, fileName])).toEqual(
      ['logfire', 'direct', 'native', 'otlp', 'comparison'].map((name) => [
        `histogram-demo-${name}`,
        join('perses', `histogram-demo-${name}.json`),
      ]),
    );
    for (const { dashboard, name } of generated) {
      expect(dashboard.kind).toBe('Dashboard');
      expect(dashboard.metadata).toEqual({ name, project: 'histogram-demo' });
      // The page's URL slug: lowercase letters, digits and dashes.
      expect(name).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it('are committed exactly as the generator writes them (run "histogram-demo dashboards build")', async () => {
    const files = (await readdir(join(DASHBOARDS_DIR, PERSES_DIR))).filter((name) => name.endsWith('.json')).sort();
    expect(files.map((file) => join(PERSES_DIR, file))).toEqual(generated.map(({ fileName }) => fileName).sort());
    for (const dashboard of generated) {
      const committed = await readFile(join(DASHBOARDS_DIR, dashboard.fileName), 'utf8');
      expect(committed, `${dashboard.fileName} is stale: run histogram-demo dashboards build`).toBe(dashboard.json);
    }
  });

  it('ask the same questions as the Grafana dashboards: the same titles and the same queries with the same legends', () => {
    const grafana = generateDashboards();
    for (const [index, { dashboard }] of generated.entries()) {
      const json = JSON.parse(grafana[index]?.json ?? '{}');
      const grafanaQueries = panelTargets(json).map(({ panel, target }) => [
        panel.title,
        target.expr,
        target.legendFormat,
      ]);
      const persesQueriesInOrder = persesQueries(dashboard).map(({ panel, query }) => [
        panel.spec.display.name,
        query.query,
        query.seriesNameFormat,
      ]);
      expect(persesQueriesInOrder).toEqual(grafanaQueries);
      expect(persesQueriesInOrder.length).toBeGreaterThan(10);
    }
  });

  it('lay every panel out exactly once on the 24-column grid, without overlaps', () => {
    for (const { dashboard, name } of generated) {
      const refs = dashboard.spec.layouts.flatMap((layout) => layout.spec.items.map((item) => item.content.$ref));
      expect(refs.sort(), name).toEqual(
        Object.keys(dashboard.spec.panels)
          .map((key) => `#/spec/panels/${key}`)
          .sort(),
      );
      for (const layout of dashboard.spec.layouts) {
        const cells = new Set<string>();
        for (const { x, y, width, height } of layout.spec.items) {
          expect(x + width, `${name} ${layout.spec.display.title}`).toBeLessThanOrEqual(24);
          for (let column = x; column < x + width; column += 1) {
            for (let row = y; row < y + height; row += 1) {
              const cell = `${column},${row}`;
              expect(cells.has(cell), `${name}: two panels cover ${cell}`).toBe(false);
              cells.add(cell);
            }
          }
        }
      }
    }
  });

  it('let the count and sum differences go below zero, where a lost observation shows', () => {
    const differences = persesPanels(byName('histogram-demo-comparison')).filter(({ spec }) =>
      / difference from /.test(spec.display.name),
    );
    expect(differences).toHaveLength(HISTOGRAMS.length * 2);
    for (const { spec } of differences) {
      expect(spec.plugin.kind).toBe('TimeSeriesChart');
      const yAxis = spec.plugin.kind === 'TimeSeriesChart' ? spec.plugin.spec.yAxis : undefined;
      expect(yAxis, spec.display.name).toBeDefined();
      expect(yAxis?.min, spec.display.name).toBeUndefined();
    }
  });

  it('draw classic buckets with the classic heatmap and native histograms with the native one, side by side in the comparison', () => {
    const comparison = byName('histogram-demo-comparison');
    for (const metric of HISTOGRAMS) {
      const heatmaps = comparison.spec.layouts.flatMap((layout) =>
        layout.spec.items
          .map((item) => ({ item, panel: comparison.spec.panels[item.content.$ref.replace('#/spec/panels/', '')] }))
          .filter(({ panel }) => panel?.spec.display.name.startsWith(`${metric.name} heatmap:`)),
      );
      expect(heatmaps.map(({ panel }) => panel?.spec.plugin.kind)).toEqual([
        'ClassicHeatmapChart',
        'ClassicHeatmapChart',
        'NativeHeatmapChart',
        'NativeHeatmapChart',
      ]);
      // One grid row: the same top, next to each other.
      expect(new Set(heatmaps.map(({ item }) => item.y)).size).toBe(1);
      for (const { panel } of heatmaps) {
        const query = panel?.spec.queries[0]?.spec.plugin.spec.query ?? '';
        expect(query).toContain(metric.name);
        if (panel?.spec.plugin.kind === 'ClassicHeatmapChart') expect(query).toMatch(/_bucket\b.*by \(le\)|by \(le\)/);
        else expect(query).not.toMatch(/_bucket|\ble\b/);
      }
    }
  });

  it('give every panel a unit Perses knows, and the stats of the Grafana dashboards their thresholds', () => {
    const native = byName('histogram-demo-native');
    const p95 = persesPanels(native).find(({ spec }) => spec.display.name === '95th Percentile');
    expect(p95?.spec.plugin).toMatchObject({
      kind: 'StatChart',
      spec: { format: { unit: 'bytes' }, thresholds: { steps: [{ value: 10_000_000 }, { value: 50_000_000 }] } },
    });
    const apdex = persesPanels(native).find(({ spec }) => spec.display.name.startsWith('Apdex'));
    expect(apdex?.spec.plugin).toMatchObject({ kind: 'StatChart', spec: { format: { unit: 'percent-decimal' } } });
  });

  it('follow a new registry pipeline with no further code: its dashboard and its place in the comparison, in Grafana and Perses', () => {
    const extra: Pipeline = { name: 'python', title: 'Python prometheus_client', template: 'py_$metric' };
    const pipelines = dashboardPipelines([...DEMO_PIPELINES, extra]);
    const grafana = generateDashboards(pipelines);
    const perses = generatePersesDashboards(grafana);
    expect(grafana.map(({ uid }) => uid)).toContain('histogram-demo-python');
    const dashboard = perses.find(({ name }) => name === 'histogram-demo-python')?.dashboard;
    expect(dashboard?.spec.display.name).toBe('Histogram Demo (Python prometheus_client)');
    const queries = dashboard ? persesQueries(dashboard).map(({ query }) => query.query) : [];
    expect(queries.length).toBeGreaterThan(10);
    for (const query of queries) expect(query).toMatch(/py_(file_uploads_total|uploaded_file_bytes|http_request)/);
    const comparison = perses.find(({ name }) => name === 'histogram-demo-comparison')?.dashboard;
    const legends = comparison ? persesQueries(comparison).map(({ query }) => query.seriesNameFormat) : [];
    expect(legends).toContain('python p95');
    expect(legends).toContain('python − direct');
    const titles = comparison ? persesPanels(comparison).map(({ spec }) => spec.display.name) : [];
    for (const metric of HISTOGRAMS) expect(titles).toContain(`${metric.name} heatmap: python (classic)`);
  });
});
