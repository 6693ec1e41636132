/**
 * The generated Perses dashboards against Perses' own validator: `percli lint` of the Perses
 * release whose packages the page uses, with the CUE schemas of every plugin the dashboards
 * name (test/helpers/percli.ts). Built from the Go module proxy on first use, cached after.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePersesDashboards } from '../../src/dashboards/perses/dashboards.js';
import type { PersesDashboard } from '../../src/dashboards/perses/model.js';
import { exec } from '../../src/stack/exec.js';
import { assemblePluginFolder, ensurePercli } from '../helpers/percli.js';
import { DASHBOARDS_DIR } from './model.js';

let percli: string;
let work: string;
let plugins: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'histogram-demo-percli-'));
  plugins = join(work, 'plugins');
  percli = await ensurePercli();
  await assemblePluginFolder(plugins);
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const lint = (file: string) => exec('percli', percli, ['lint', '-f', file, '--plugin.path', plugins], { cwd: work });

describe('percli lint (Perses v0.52) with the plugins’ schemas', () => {
  it.each(generatePersesDashboards().map(({ fileName }) => [fileName]))(
    'accepts the committed %s',
    async (fileName) => {
      const result = await lint(join(DASHBOARDS_DIR, fileName));
      expect(result.output).toContain('your resources look good');
      expect(result.code, result.output).toBe(0);
    },
  );

  /** A copy of a committed dashboard with one panel changed. */
  async function mutated(change: (dashboard: PersesDashboard) => void): Promise<string> {
    const dashboard = JSON.parse(
      await readFile(join(DASHBOARDS_DIR, 'perses/histogram-demo-comparison.json'), 'utf8'),
    ) as PersesDashboard;
    change(dashboard);
    const file = join(work, `mutated-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify(dashboard));
    return file;
  }

  const firstPanel = (dashboard: PersesDashboard, kind: string) => {
    const panel = Object.values(dashboard.spec.panels).find(({ spec }) => spec.plugin.kind === kind);
    if (!panel) throw new Error(`no ${kind} panel`);
    return panel.spec as unknown as {
      plugin: { spec: Record<string, unknown> };
      queries: { spec: { plugin: { spec: Record<string, unknown> } } }[];
    };
  };

  it.each([
    [
      'a unit Perses does not know (Grafana’s decbytes)',
      (d: PersesDashboard) => {
        firstPanel(d, 'TimeSeriesChart').plugin.spec.yAxis = { format: { unit: 'decbytes' } };
      },
    ],
    [
      'a field the time series chart does not have',
      (d: PersesDashboard) => {
        firstPanel(d, 'TimeSeriesChart').plugin.spec.min = 0;
      },
    ],
    [
      'a log base our heatmap does not draw',
      (d: PersesDashboard) => {
        firstPanel(d, 'ClassicHeatmapChart').plugin.spec.logBase = 3;
      },
    ],
    [
      'a query without its PromQL',
      (d: PersesDashboard) => {
        const query = firstPanel(d, 'TimeSeriesChart').queries[0];
        if (query) query.spec.plugin.spec.query = '';
      },
    ],
  ])('rejects %s: the schemas are loaded and applied', async (_what, change) => {
    const result = await lint(await mutated(change));
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).not.toContain('your resources look good');
  });
});
