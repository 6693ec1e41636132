/**
 * What a review of the Grafana dashboards against Grafana 12.4's own source found wrong (issue 22,
 * item 6), asserted on the generated JSON as Grafana reads it. Expected values are written out by
 * hand here, not taken from the generator.
 */
import { describe, expect, it } from 'vitest';
import { type DashboardJson, dataPanels, generatedDashboards, type PanelJson } from './model.js';

const dashboards = generatedDashboards();
const comparison = dashboards.find(({ pipeline }) => pipeline === undefined);
const classicDashboards = dashboards.filter(({ pipeline }) => pipeline?.representation === 'classic');
const nativeDashboard = dashboards.find(({ pipeline }) => pipeline?.representation === 'native');

interface FieldConfigJson {
  readonly defaults?: { readonly min?: number; readonly unit?: string; readonly custom?: Record<string, unknown> };
  readonly overrides?: readonly {
    readonly matcher: { readonly id: string; readonly options?: unknown };
    readonly properties: readonly { readonly id: string; readonly value?: unknown }[];
  }[];
}

const fieldConfig = (panel: PanelJson) => panel.fieldConfig as FieldConfigJson | undefined;
const panelTitled = (json: DashboardJson, title: string): PanelJson => {
  const panel = dataPanels(json).find((candidate) => candidate.title === title);
  if (!panel) throw new Error(`no panel "${title}" in ${json.title}`);
  return panel;
};

/** The classic size buckets' `le` values as Prometheus 3 stores them, with the range each closes. */
const SIZE_BUCKET_RANGES: Record<string, string> = {
  '100000.0': '(0, 100 kB]',
  '500000.0': '(100 kB, 500 kB]',
  '1e+06': '(500 kB, 1 MB]',
  '5e+06': '(1 MB, 5 MB]',
  '1e+07': '(5 MB, 10 MB]',
  '5e+07': '(10 MB, 50 MB]',
  '1e+08': '(50 MB, 100 MB]',
  '+Inf': '(100 MB, +Inf)',
};

it('has two classic pipeline dashboards, a native one and the comparison to check', () => {
  expect(classicDashboards).toHaveLength(2);
  expect(nativeDashboard).toBeDefined();
  expect(comparison).toBeDefined();
});

describe('the comparison’s difference panels', () => {
  const differences = comparison
    ? dataPanels(comparison.json).filter((p) => / difference from /.test(p.title ?? ''))
    : [];

  it('are four: count and sum, per histogram', () => {
    expect(differences).toHaveLength(4);
  });

  it('have no minimum of 0, so a negative difference (a lost observation) shows; their axis is centred on 0', () => {
    for (const panel of differences) {
      expect(fieldConfig(panel)?.defaults?.min, panel.title).toBeUndefined();
      expect(fieldConfig(panel)?.defaults?.custom?.axisCenteredZero, panel.title).toBe(true);
      expect(panel.description, panel.title).toMatch(/negative difference/);
    }
  });

  it('are the only time series without a floor: rates and quantiles keep their minimum of 0', () => {
    for (const { json } of dashboards) {
      for (const panel of dataPanels(json).filter((p) => p.type === 'timeseries')) {
        if (differences.includes(panel)) continue;
        expect(fieldConfig(panel)?.defaults?.min, `${json.title}: ${panel.title}`).toBe(0);
      }
    }
  });
});

describe('every heatmap', () => {
  const heatmaps = dashboards.flatMap(({ json }) =>
    dataPanels(json)
      .filter((panel) => panel.type === 'heatmap')
      .map((panel) => [`${json.title}: ${panel.title}`, panel] as const),
  );

  it('is there: two per pipeline dashboard, one per pipeline and histogram in the comparison', () => {
    // Four pipelines (logfire, direct, native, otlp), two histograms each.
    expect(heatmaps).toHaveLength(2 * 4 + 2 * 4);
  });

  it.each(heatmaps)('%s draws rate() per second, not increase() counts that change with the zoom', (_name, panel) => {
    for (const target of panel.targets ?? []) {
      expect(target.expr).toMatch(/\brate\(/);
      expect(target.expr).not.toMatch(/\bincrease\(/);
    }
    const perSecond = ['suffix:files/s', 'reqps'];
    expect(perSecond).toContain(fieldConfig(panel)?.defaults?.unit);
    expect(perSecond).toContain((panel.options?.cellValues as { unit?: string } | undefined)?.unit);
    expect(panel.description).toMatch(/per second/);
    expect(panel.description).toMatch(/colours stay the same when you zoom/);
  });

  it('of the comparison says that classic and native heatmaps do not share a y axis', () => {
    for (const [name, panel] of heatmaps.filter(([title]) => title.startsWith(comparison?.title ?? '?'))) {
      expect(panel.description, name).toMatch(/do not share a y axis/);
      expect(panel.description, name).toMatch(/base-2 logarithmic/);
    }
  });
});

describe('the links between the dashboards', () => {
  it.each(dashboards.map(({ title, json }) => [title, json] as const))(
    '%s shows them in the top bar, not hidden in the controls menu',
    (_title, json) => {
      const links = (json as unknown as { links?: Record<string, unknown>[] }).links ?? [];
      expect(links).toHaveLength(1);
      expect(links[0]).toMatchObject({ type: 'dashboards', tags: ['histogram-demo'] });
      expect(links[0]).not.toHaveProperty('placement');
    },
  );
});

describe('the file size distribution', () => {
  it.each(classicDashboards.map(({ title, json }) => [title, json] as const))(
    '%s names every classic bucket by its range, as the native bars are named',
    (_title, json) => {
      const panel = panelTitled(json, 'File Size Distribution');
      const renamed = Object.fromEntries(
        (fieldConfig(panel)?.overrides ?? []).map(({ matcher, properties }) => {
          expect(matcher.id).toBe('byName');
          expect(properties.map((property) => property.id)).toEqual(['displayName']);
          return [matcher.options, properties[0]?.value];
        }),
      );
      expect(renamed).toEqual(SIZE_BUCKET_RANGES);
      expect(panel.description).toContain('(500 kB, 1 MB]');
    },
  );

  it('of the native dashboard has one bar per range, with the same names', () => {
    if (!nativeDashboard) throw new Error('no native dashboard');
    const panel = panelTitled(nativeDashboard.json, 'File Size Distribution');
    expect((panel.targets ?? []).map((target) => target.legendFormat)).toEqual(Object.values(SIZE_BUCKET_RANGES));
  });
});

describe('Apdex (1 s target)', () => {
  it.each(dashboards.filter(({ pipeline }) => pipeline).map(({ title, json }) => [title, json] as const))(
    '%s counts requests within T = 1 s fully and within 4T = 4 s half',
    (_title, json) => {
      const panel = panelTitled(json, 'Apdex (1 s target)');
      const [target] = panel.targets ?? [];
      expect(target?.expr).toMatch(/^\(histogram_fraction\(0, 1, (.+)\) \+ histogram_fraction\(0, 4, \1\)\) \/ 2$/);
      expect(target?.expr).not.toContain('2.5');
      expect(panel.description).toContain('4T = 4 s');
    },
  );
});
