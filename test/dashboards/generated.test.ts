import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { GRAFANA_DATASOURCE_UID } from '../../src/config/grafana.js';
import { generateDashboards } from '../../src/dashboards/dashboard.js';
import { SCRAPE_INTERVAL } from '../../src/dashboards/grafanaImport.js';
import { generatePersesDashboards } from '../../src/dashboards/perses/dashboards.js';
import { dashboardPipelines } from '../../src/dashboards/pipelines.js';
import { formatReadmeQueries, readmeQueries } from '../../src/dashboards/readmeQueries.js';
import { DEMO_PIPELINES } from '../../src/pipelines/registry.js';
import { PACKAGE_ROOT } from '../../src/stack/paths.js';
import { runDashboards } from './cli.js';
import { DASHBOARDS_DIR, dataPanels, generatedDashboards, panelTargets } from './model.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the generated dashboards', () => {
  it('are one per registry pipeline plus the comparison, with the titles, uids and files the README and provisioning use', () => {
    expect(generateDashboards().map(({ title, uid, fileName }) => ({ title, uid, fileName }))).toEqual([
      {
        title: 'Histogram Demo (Logfire + OTel)',
        uid: 'histogram-demo-logfire',
        fileName: 'histogram-demo-logfire.json',
      },
      {
        title: 'Histogram Demo (Direct Prometheus)',
        uid: 'histogram-demo-direct',
        fileName: 'histogram-demo-direct.json',
      },
      {
        title: 'Histogram Demo (Logfire + OTel, native histograms)',
        uid: 'histogram-demo-native',
        fileName: 'histogram-demo-native.json',
      },
      {
        title: "Histogram Demo (Logfire -> Prometheus' OTLP receiver, no collector)",
        uid: 'histogram-demo-otlp',
        fileName: 'histogram-demo-otlp.json',
      },
      {
        title: 'Histogram Demo (pipelines compared)',
        uid: 'histogram-demo-comparison',
        fileName: 'histogram-demo-comparison.json',
      },
    ]);
    expect(dashboardPipelines().map(({ pipeline, representation }) => [pipeline.name, representation])).toEqual([
      ['logfire', 'classic'],
      ['direct', 'classic'],
      ['native', 'native'],
      ['otlp', 'native'],
    ]);
  });

  it('are committed exactly as the generator writes them (run "histogram-demo dashboards build")', async () => {
    const files = (await readdir(DASHBOARDS_DIR)).filter((name) => name.endsWith('.json')).sort();
    const generated = generateDashboards();
    expect(files).toEqual(generated.map((dashboard) => dashboard.fileName).sort());
    for (const dashboard of generated) {
      const committed = await readFile(join(DASHBOARDS_DIR, dashboard.fileName), 'utf8');
      expect(committed, `${dashboard.fileName} is stale: run histogram-demo dashboards build`).toBe(dashboard.json);
    }
  });

  it('differ between the classic pipelines only in title, uid, description, tags and the series templates', () => {
    const [logfire, direct] = generateDashboards()
      .filter(({ uid }) => uid === 'histogram-demo-logfire' || uid === 'histogram-demo-direct')
      .map(({ dashboard }) =>
        JSON.stringify({ ...dashboard, title: '', uid: '', description: '', tags: [] })
          // logfire_$metric and $metric{job="direct-app"}, as they appear in the JSON text.
          .replaceAll('logfire_', '')
          .replaceAll(String.raw`{job=\"direct-app\"}`, '')
          .replaceAll(String.raw`job=\"direct-app\",`, ''),
      );
    expect(logfire).toBeDefined();
    expect(logfire).toBe(direct);
  });

  it('come from one builder: the same rows, panels, types and grid in every pipeline dashboard, native included', () => {
    const skeletons = generatedDashboards()
      .filter(({ pipeline }) => pipeline !== undefined)
      .map(({ json }) =>
        json.panels.map((panel) => ({ type: panel.type, title: panel.title, id: panel.id, gridPos: panel.gridPos })),
      );
    expect(skeletons).toHaveLength(DEMO_PIPELINES.length);
    for (const skeleton of skeletons) expect(skeleton).toEqual(skeletons[0]);
  });

  it('describe native histograms without _bucket or le, and classic ones with them', () => {
    for (const { pipeline, json } of generatedDashboards()) {
      if (!pipeline) continue;
      const panels = dataPanels(json);
      const text = panels.map((panel) => `${panel.description ?? ''} ${JSON.stringify(panel.targets)}`).join('\n');
      if (pipeline.representation === 'native') {
        expect(text).not.toMatch(/_bucket|(bytes|seconds)_(sum|count)\b|\ble\b/);
        expect(json.description).not.toMatch(/_bucket|\ble\b/);
        expect(text).toContain('2^(2^-scale) - 1');
        expect(text).toMatch(/exact only at bucket boundaries/);
        expect(json.description).toMatch(/native histograms/);
      } else {
        expect(text).toContain('_bucket');
        // histogram_fraction() reads the classic buckets only where a bound is no boundary: Apdex's 4T.
        const fractions = panels.filter((panel) => JSON.stringify(panel.targets).includes('histogram_fraction'));
        expect(fractions.map((panel) => panel.title)).toEqual(['Apdex (1 s target)']);
      }
    }
  });

  it('compare every registry pipeline in the comparison dashboard, per histogram: quantiles, differences, heatmaps', () => {
    const comparison = generatedDashboards().find(({ pipeline }) => pipeline === undefined);
    if (!comparison) throw new Error('no comparison dashboard');
    const titles = dataPanels(comparison.json).map((panel) => panel.title);
    for (const metric of ['uploaded_file_bytes', 'http_request_duration_seconds']) {
      expect(titles).toContain(`${metric}: p50, p95, p99 by pipeline`);
      expect(titles).toContain(`${metric}: count difference from direct`);
      expect(titles).toContain(`${metric}: sum difference from direct`);
      for (const pipeline of DEMO_PIPELINES)
        expect(titles.join('\n')).toContain(`${metric} heatmap: ${pipeline.name} (`);
    }
    const legends = panelTargets(comparison.json).map(({ target }) => target.legendFormat);
    for (const pipeline of DEMO_PIPELINES) {
      for (const q of ['p50', 'p95', 'p99']) expect(legends).toContain(`${pipeline.name} ${q}`);
    }
    expect(legends).toContain('logfire − direct');
    expect(legends).toContain('native − direct');
    expect(legends).not.toContain('direct − direct');
  });
});

describe('histogram-demo dashboards build', () => {
  it('writes the files that are committed', async () => {
    const out = await mkdtemp(join(tmpdir(), 'histogram-demo-dashboards-'));
    try {
      const { output, error } = await runDashboards(['build', '--out', out]);
      expect(error).toBeUndefined();
      for (const dashboard of [...generateDashboards(), ...generatePersesDashboards()]) {
        expect(output).toContain(`Wrote ${join(out, dashboard.fileName)}`);
        expect(await readFile(join(out, dashboard.fileName), 'utf8')).toBe(
          await readFile(join(DASHBOARDS_DIR, dashboard.fileName), 'utf8'),
        );
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('histogram-demo dashboards queries', () => {
  it("prints the README's queries", async () => {
    expect(await runDashboards(['queries'])).toEqual({
      output: formatReadmeQueries(readmeQueries(dashboardPipelines())),
      error: undefined,
    });
  });
});

describe('the Grafana provisioning the dashboards rely on', () => {
  it('loads the folder that holds every generated file, the comparison included, in compose', async () => {
    const provider = parseYaml(
      await readFile(join(PACKAGE_ROOT, 'configs/grafana/provisioning/dashboards/histogram-demo.yml'), 'utf8'),
    ) as { providers: { type: string; options: { path: string } }[] };
    const compose = parseYaml(await readFile(join(PACKAGE_ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: { grafana: { volumes: string[] } };
    };
    const [only] = provider.providers;
    expect(provider.providers).toHaveLength(1);
    expect(only?.type).toBe('file');
    // A file provider loads every JSON file of its folder: the folder compose mounts dashboards/ on.
    expect(compose.services.grafana.volumes).toContain(`./dashboards:${only?.options.path}:ro`);
    const files = await readdir(DASHBOARDS_DIR);
    for (const { fileName } of generateDashboards()) expect(files).toContain(fileName);
    expect(files).toContain('histogram-demo-comparison.json');
  });

  it('gives the datasource the uid the dashboards default to, and Prometheus’ scrape interval', async () => {
    const datasources = parseYaml(
      await readFile(join(PACKAGE_ROOT, 'configs/grafana/provisioning/datasources/prometheus.yml'), 'utf8'),
    ) as { datasources: { uid: string; type: string; jsonData?: { timeInterval?: string } }[] };
    const prometheus = parseYaml(await readFile(join(PACKAGE_ROOT, 'configs/prometheus/prometheus.yml'), 'utf8')) as {
      global: { scrape_interval: string };
    };
    expect(datasources.datasources).toContainEqual(
      expect.objectContaining({
        uid: GRAFANA_DATASOURCE_UID,
        type: 'prometheus',
        jsonData: { timeInterval: SCRAPE_INTERVAL },
      }),
    );
    expect(prometheus.global.scrape_interval).toBe(SCRAPE_INTERVAL);
  });
});
