/**
 * Every demo dashboard as a Perses `DashboardResource`: the pipeline dashboards and the
 * comparison, from the same generator as the Grafana ones (dashboard.ts: registry, metric
 * definitions, src/promql), with the same rows, panels, queries and grid. `histogram-demo
 * dashboards build` writes them to dashboards/perses/, where the dashboards page reads them
 * and from where a user can `percli apply` them into a Perses of their own.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import { type GeneratedDashboard, generateDashboards } from '../dashboard.js';
import { type GridItem, type GridLayout, PERSES_PROJECT, type PersesDashboard, type PersesPanel } from './model.js';
import { persesPanel } from './panels.js';

/** The folder under the dashboards folder that holds the Perses files. */
export const PERSES_DIR = 'perses';

/**
 * The page's auto-refresh: 30 s, not Grafana's 10 s. A Perses refresh re-runs every query and
 * redraws every panel; on a loaded 2-core machine a dashboard of 20 panels takes several seconds
 * to draw, so at 10 s the page spends most of its time redrawing (and a reader, or a test,
 * reads a panel that is being replaced). The URL's `refresh=` still overrides it.
 */
export const PERSES_REFRESH = '30s';

const isRow = (panel: Panel | RowPanel): panel is RowPanel => panel.type === 'row';

/** A panel key Perses accepts (`^[a-zA-Z0-9_.-]+$`, at most 75 characters), from the title. */
export function panelKey(title: string, taken: ReadonlySet<string>): string {
  const slug =
    title
      .toLowerCase()
      .replace(/[^a-z0-9_.]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 70) || 'panel';
  let key = slug;
  for (let n = 2; taken.has(key); n += 1) key = `${slug}-${n}`;
  return key;
}

/** Grafana's `now-15m` as Perses' duration `15m`. */
function duration(from: string | undefined): string {
  const match = /^now-(\w+)$/.exec(from ?? '');
  if (!match?.[1]) throw new Error(`the dashboard's time range "${from}" is not "now-<duration>"`);
  return match[1];
}

/** The Perses resource of one generated Grafana dashboard: rows become grid layouts. */
export function persesDashboard(dashboard: Dashboard, name: string): PersesDashboard {
  const panels: Record<string, PersesPanel> = {};
  const layouts: { title: string; top: number; items: GridItem[] }[] = [];
  for (const panel of dashboard.panels ?? []) {
    const y = panel.gridPos?.y ?? 0;
    if (isRow(panel)) {
      // Grafana's row header takes one grid row; Perses' grid starts under its own header.
      layouts.push({ title: panel.title ?? '', top: y + 1, items: [] });
      continue;
    }
    const layout = layouts.at(-1);
    if (!layout) throw new Error(`panel "${panel.title}" of ${dashboard.title} is in no row`);
    const key = panelKey(panel.title ?? '', new Set(Object.keys(panels)));
    panels[key] = persesPanel(panel);
    const { x = 0, w = 24, h = 8 } = panel.gridPos ?? {};
    layout.items.push({ x, y: y - layout.top, width: w, height: h, content: { $ref: `#/spec/panels/${key}` } });
  }
  return {
    kind: 'Dashboard',
    metadata: { name, project: PERSES_PROJECT },
    spec: {
      display: {
        name: dashboard.title ?? name,
        ...(dashboard.description ? { description: dashboard.description } : {}),
      },
      duration: duration(dashboard.time?.from),
      refreshInterval: PERSES_REFRESH,
      panels,
      layouts: layouts.map(
        ({ title, items }): GridLayout => ({
          kind: 'Grid',
          spec: { display: { title, collapse: { open: true } }, items },
        }),
      ),
    },
  };
}

export interface GeneratedPersesDashboard {
  readonly title: string;
  readonly name: string;
  /** Relative to the dashboards folder: `perses/<name>.json`. */
  readonly fileName: string;
  readonly dashboard: PersesDashboard;
  readonly json: string;
}

/** Every demo dashboard as Perses resources, in the order of the Grafana ones. */
export function generatePersesDashboards(
  grafana: readonly GeneratedDashboard[] = generateDashboards(),
): GeneratedPersesDashboard[] {
  return grafana.map(({ title, uid, dashboard }) => {
    const perses = persesDashboard(dashboard, uid);
    return {
      title,
      name: uid,
      fileName: join(PERSES_DIR, `${uid}.json`),
      dashboard: perses,
      json: `${JSON.stringify(perses, null, 2)}\n`,
    };
  });
}

/** Writes every Perses dashboard under `<outDir>/perses/`; returns the paths written. */
export async function writePersesDashboards(outDir: string): Promise<string[]> {
  await mkdir(join(outDir, PERSES_DIR), { recursive: true });
  const written: string[] = [];
  for (const dashboard of generatePersesDashboards()) {
    const path = join(outDir, dashboard.fileName);
    await writeFile(path, dashboard.json);
    written.push(path);
  }
  return written;
}
