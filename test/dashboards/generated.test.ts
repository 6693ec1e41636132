import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { COLLECTOR_NAMESPACE, COLLECTOR_NATIVE_NAMESPACE } from '../../src/config/defaults.js';
import { GRAFANA_DATASOURCE_UID } from '../../src/config/grafana.js';
import { buildDashboard, generateDashboards } from '../../src/dashboards/dashboard.js';
import { SCRAPE_INTERVAL } from '../../src/dashboards/grafanaImport.js';
import {
  DASHBOARD_PIPELINES,
  DIRECT_PIPELINE,
  LOGFIRE_PIPELINE,
  NATIVE_PIPELINE,
} from '../../src/dashboards/pipelines.js';
import { formatReadmeQueries } from '../../src/dashboards/queries.js';
import { PACKAGE_ROOT } from '../../src/stack/paths.js';
import { runDashboards } from './cli.js';
import schema from './dashboard.schema.json' with { type: 'json' };
import { committedDashboards, DASHBOARDS_DIR, dataPanels, generatedDashboards } from './model.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the generated dashboards', () => {
  it('are the three pipelines, with the titles, uids and files the README and provisioning use', () => {
    expect(DASHBOARD_PIPELINES).toEqual([LOGFIRE_PIPELINE, DIRECT_PIPELINE, NATIVE_PIPELINE]);
    expect(buildDashboard(LOGFIRE_PIPELINE)).toMatchObject({
      title: 'Histogram Demo (Logfire + OTel)',
      uid: 'histogram-demo-logfire',
    });
    expect(buildDashboard(DIRECT_PIPELINE)).toMatchObject({
      title: 'Histogram Demo (Direct Prometheus)',
      uid: 'histogram-demo-direct',
    });
    expect(buildDashboard(NATIVE_PIPELINE)).toMatchObject({
      title: 'Histogram Demo (Logfire + OTel, native histograms)',
      uid: 'histogram-demo-native',
    });
    expect(NATIVE_PIPELINE).toMatchObject({ namespace: COLLECTOR_NATIVE_NAMESPACE, histograms: 'native' });
    expect(generateDashboards().map((dashboard) => dashboard.fileName)).toEqual([
      'histogram-demo-logfire.json',
      'histogram-demo-direct.json',
      'histogram-demo-native.json',
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

  it('differ between the classic pipelines only in title, uid, description, tags and series names', () => {
    const [logfire, direct] = generateDashboards()
      .filter(({ pipeline }) => pipeline.histograms === 'classic')
      .map(({ dashboard }) =>
        JSON.stringify({ ...dashboard, title: '', uid: '', description: '', tags: [] }).replaceAll(
          `${COLLECTOR_NAMESPACE}_`,
          '',
        ),
      );
    expect(logfire).toBeDefined();
    expect(logfire).toBe(direct);
  });

  it('come from one builder: the same rows, panels, types and grid in every dashboard, native included', () => {
    const skeletons = generatedDashboards().map(({ json }) =>
      json.panels.map((panel) => ({ type: panel.type, title: panel.title, id: panel.id, gridPos: panel.gridPos })),
    );
    expect(skeletons).toHaveLength(3);
    for (const skeleton of skeletons) expect(skeleton).toEqual(skeletons[0]);
  });

  it('describe native histograms without _bucket or le, and classic ones with them', () => {
    for (const { pipeline, json } of generatedDashboards()) {
      const panels = dataPanels(json);
      const text = panels.map((panel) => `${panel.description ?? ''} ${JSON.stringify(panel.targets)}`).join('\n');
      if (pipeline.histograms === 'native') {
        expect(text).not.toMatch(/_bucket|(bytes|seconds)_(sum|count)\b|\ble\b/);
        expect(json.description).not.toMatch(/_bucket|\ble\b/);
        expect(text).toContain('2^(2^-scale) - 1');
        expect(text).toMatch(/exact only at bucket boundaries/);
        expect(json.description).toMatch(/native histograms/);
      } else {
        expect(text).toContain('_bucket');
        expect(text).not.toContain('histogram_fraction');
      }
    }
  });

  it('validate against the dashboard JSON schema (committed files and generator output)', async () => {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    for (const { pipeline, json } of [...generatedDashboards(), ...(await committedDashboards())]) {
      const valid = validate(json);
      expect(validate.errors ?? [], pipeline.title).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('fail the schema on a typo, a missing description or a bad grid position', () => {
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
    const [{ json } = { json: undefined }] = generatedDashboards();
    const broken = structuredClone(json);
    if (!broken) throw new Error('no dashboard');
    const panels = dataPanels(broken) as unknown as Record<string, unknown>[];
    const [first, second, third] = panels;
    if (!first || !second || !third) throw new Error('too few panels');
    first.titel = 'typo';
    delete second.description;
    third.gridPos = { x: 20, y: 0, w: 25, h: 4 };
    expect(validate(broken)).toBe(false);
    const messages = (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
    expect(messages.join('\n')).toMatch(/must NOT have additional properties/);
    expect(messages.join('\n')).toMatch(/must have required property 'description'/);
    expect(messages.join('\n')).toMatch(/gridPos\/w must be <= 24/);
  });
});

describe('histogram-demo dashboards build', () => {
  it('writes the files that are committed', async () => {
    const out = await mkdtemp(join(tmpdir(), 'histogram-demo-dashboards-'));
    try {
      const { output, error } = await runDashboards(['build', '--out', out]);
      expect(error).toBeUndefined();
      for (const dashboard of generateDashboards()) {
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
    expect(await runDashboards(['queries'])).toEqual({ output: formatReadmeQueries(), error: undefined });
  });
});

describe('the Grafana provisioning the dashboards rely on', () => {
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
