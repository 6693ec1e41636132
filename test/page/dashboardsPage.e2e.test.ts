import { copyFile, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestStack, type TestStack, tearDown } from '../e2e/nativeStack.js';
import { launchChromium } from '../helpers/chromium.js';
import { type RunningCli, startCli } from '../helpers/cli.js';
import { type DrawnPanel, type ExecutedQuery, executedFormOf, openDashboard } from '../helpers/dashboardsPage.js';
import { freePort } from '../helpers/ports.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The hand-made dashboard that uses each of our panel kinds, and the generated ones when present. */
const FIXTURES = join(ROOT, 'test/fixtures/perses');
const GENERATED = join(ROOT, 'dashboards/perses');

interface PanelJson {
  spec: {
    display?: { name?: string };
    plugin: { kind: string; spec: Record<string, unknown> };
    queries?: Array<{ spec: { plugin: { spec: { query?: string } } } }>;
  };
}
interface DashboardJson {
  metadata: { name: string };
  spec: { panels: Record<string, PanelJson> };
}

type Sample = { metric: Record<string, string>; value?: [number, string]; histogram?: [number, NativeHistogram] };
type NativeHistogram = { buckets?: Array<[number, string, string, string]> };

let prometheusUrl = '';

/** Prometheus itself, at one instant: the independent side of every comparison. */
async function instant(query: string, timeSeconds: number): Promise<Sample[]> {
  const url = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}&time=${timeSeconds}`;
  const body = (await (await fetch(url)).json()) as { status: string; data?: { result: Sample[] }; error?: string };
  if (body.status !== 'success') throw new Error(`${query}: ${body.error}`);
  return body.data?.result ?? [];
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** The rows a chart drew with a finite value in `column`, by time (column 0 unless said). */
function rows(panel: DrawnPanel, type?: string): number[][] {
  return panel.charts
    .flatMap((chart) => chart.series)
    .filter((series) => type === undefined || series.type === type)
    .flatMap((series) => series.data.filter((row): row is number[] => Array.isArray(row)));
}

function lastTime(drawn: number[][], column: number, valueColumn: number): number | undefined {
  const times = drawn.filter((row) => Number.isFinite(row[valueColumn])).map((row) => row[column] as number);
  return times.length > 0 ? Math.max(...times) : undefined;
}

/** A number as Perses shows it ("3.29K", "1,234", "12.5%"), or undefined. */
function shownNumber(text: string): number | undefined {
  const match = /(-?[\d,]+(?:\.\d+)?)\s*([KMBT])?\b/.exec(text);
  if (!match?.[1]) return undefined;
  const scale = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 }[match[2] ?? ''] ?? 1;
  return Number(match[1].replaceAll(',', '')) * scale;
}

/**
 * At least one value the panel drew equals what Prometheus answers for the panel's own
 * executed query at the same instant. Returns a description of the value checked.
 */
async function checkValue(panel: DrawnPanel, json: PanelJson, executed: ExecutedQuery[]): Promise<string> {
  const kind = json.spec.plugin.kind;
  const queries = (json.spec.queries ?? []).map((query) => query.spec.plugin.spec.query ?? '');
  const ran = queries.map((query) => executedFormOf(query, executed)).filter((query) => query !== undefined);
  expect(ran.length, `${panel.title}: no range query of ${queries.join(' | ')} was sent`).toBeGreaterThan(0);
  const [first] = ran as [ExecutedQuery];

  if (kind === 'ClassicHeatmapChart') {
    // Cells [start, end, lower, upper, value, openTop]; Prometheus gives the cumulative buckets.
    const cells = rows(panel, 'custom');
    const time = lastTime(cells, 1, 4);
    expect(time, `${panel.title}: no cell drawn`).toBeDefined();
    const at = cells.filter((cell) => cell[1] === time);
    const buckets = (await instant(first.query, (time as number) / 1000)).map((sample) => ({
      le: Number(sample.metric.le === '+Inf' ? Number.POSITIVE_INFINITY : sample.metric.le),
      value: Number(sample.value?.[1]),
    }));
    const lowest = buckets.filter((bucket) => Number.isFinite(bucket.le)).sort((a, b) => a.le - b.le)[0];
    const lowestCell = at.sort((a, b) => (a[2] as number) - (b[2] as number))[0];
    expect(lowestCell?.[3], panel.title).toBe(lowest?.le);
    expect(close(lowestCell?.[4] as number, lowest?.value as number), `${panel.title}: first bucket`).toBe(true);
    const total = buckets.find((bucket) => bucket.le === Number.POSITIVE_INFINITY)?.value as number;
    const drawnTotal = at.reduce((sum, cell) => sum + (cell[4] as number), 0);
    expect(Math.abs(drawnTotal - total) <= 1e-9 * Math.max(1, total), `${panel.title}: all cells vs +Inf`).toBe(true);
    return `first bucket ${lowestCell?.[4]} and total ${drawnTotal} at ${time}`;
  }

  if (kind === 'NativeHeatmapChart') {
    const cells = rows(panel, 'custom');
    const time = lastTime(cells, 1, 4);
    expect(time, `${panel.title}: no cell drawn`).toBeDefined();
    const at = cells.filter((cell) => cell[1] === time);
    const buckets = (await instant(first.query, (time as number) / 1000)).flatMap(
      (sample) => sample.histogram?.[1].buckets ?? [],
    );
    const matched = at.filter((cell) =>
      buckets.some(
        ([, lower, upper, count]) =>
          close(Number(lower), cell[2] as number) &&
          close(Number(upper), cell[3] as number) &&
          close(Number(count), cell[4] as number),
      ),
    );
    expect(matched.length, `${panel.title}: cells at ${time} matching Prometheus' buckets`).toBe(at.length);
    expect(at.length).toBeGreaterThan(0);
    return `${matched.length} buckets at ${time}`;
  }

  const drawn = rows(panel);
  const time = lastTime(drawn, 0, 1);
  if (time !== undefined) {
    // Time series (and sparklines): [time, value] rows; Prometheus at that same step.
    const expected = (await Promise.all(ran.map((query) => instant(query.query, time / 1000)))).flat();
    const values = drawn.filter((row) => row[0] === time).map((row) => row[1] as number);
    const found = values.find((value) => expected.some((sample) => close(Number(sample.value?.[1]), value)));
    expect(found, `${panel.title}: drawn ${values} vs Prometheus ${JSON.stringify(expected)}`).toBeDefined();
    return `${found} at ${time}`;
  }

  // A stat without sparkline: the value as shown, rounded as Perses shows it (3 significant digits).
  const shown = shownNumber(panel.text.replace(panel.title, ''));
  expect(shown, `${panel.title}: no number in ${JSON.stringify(panel.text)}`).toBeDefined();
  const calculation = String(json.spec.plugin.spec.calculation ?? 'last-number');
  expect(['last', 'last-number'], `${panel.title}: calculation ${calculation} cannot be checked`).toContain(
    calculation,
  );
  const lastStep = first.start + Math.floor((first.end - first.start) / first.step) * first.step;
  const expected = (await instant(first.query, lastStep)).map((sample) => Number(sample.value?.[1]));
  expect(
    expected.some((value) => Math.abs(value - (shown as number)) <= 0.005 * Math.abs(value) + 1e-9),
    `${panel.title}: shows ${shown}, Prometheus ${expected}`,
  ).toBe(true);
  return `${shown} shown`;
}

describe('the dashboards page in Chromium, against a live stack with data', () => {
  let stack: TestStack | undefined;
  let apps: RunningCli | undefined;
  let server: RunningCli | undefined;
  let browser: Browser | undefined;
  let dir: string | undefined;
  let baseUrl = '';
  const dashboards: DashboardJson[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    prometheusUrl = stack.prometheusUrl;
    apps = startCli(['run', 'both', '--rate', '20', '--aggregation', 'both', ...stack.appArgs], {
      env: { OTEL_METRIC_EXPORT_INTERVAL: '1000' },
    });
    dir = await mkdtemp(join(tmpdir(), 'histogram-demo-page-e2e-'));
    for (const folder of [FIXTURES, GENERATED]) {
      const files = await readdir(folder).catch(() => [] as string[]);
      for (const file of files.filter((name) => name.endsWith('.json'))) {
        await copyFile(join(folder, file), join(dir, file));
        dashboards.push(JSON.parse(await readFile(join(folder, file), 'utf8')) as DashboardJson);
      }
    }
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = startCli([
      'dashboards',
      'serve',
      '--dashboards-port',
      String(port),
      '--prometheus-url',
      stack.prometheusUrl,
      '--dashboards-dir',
      dir,
    ]);
    // A cold machine builds the page here (npm ci + vite build, minutes on a loaded 2-core box).
    await server.waitFor('Dashboards page ready', 1_100_000);
    // Rates need a few scrapes of every pipeline, native included.
    const ready = await eventually(async () => {
      const samples = await instant(
        'count(rate(uploaded_file_bytes_count{job="direct-app"}[1m]) > 0) and count(histogram_count(rate(logfire_native_uploaded_file_bytes[1m])) > 0) and count(rate(logfire_uploaded_file_bytes_count[1m]) > 0)',
        Date.now() / 1000,
      );
      return samples.length > 0;
    }, 180_000);
    expect(ready, 'every pipeline has rates in Prometheus').toBe(true);
    browser = await launchChromium();
  }, 1_500_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await tearDown(apps, stack, dir);
  });

  it('lists every dashboard with a link at /', async () => {
    const html = await (await fetch(`${baseUrl}/`)).text();
    for (const dashboard of dashboards) {
      expect(html).toContain(`href="/dashboards/${dashboard.metadata.name}"`);
    }
    expect(dashboards.map((dashboard) => dashboard.metadata.name)).toContain('page-fixture');
  });

  it('draws every panel of every dashboard with no error or "No data", a value of each equal to Prometheus', async () => {
    const page = await (browser as Browser).newPage({ viewport: { width: 1400, height: 4000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      for (const dashboard of dashboards) {
        const { panels, queries } = await openDashboard(page, baseUrl, dashboard.metadata.name, {
          query: 'start=10m',
        });
        const expected = Object.values(dashboard.spec.panels);
        expect(panels.map((panel) => panel.title).sort(), dashboard.metadata.name).toEqual(
          expected.map((panel) => panel.spec.display?.name ?? '').sort(),
        );
        for (const panel of panels) {
          const where = `${dashboard.metadata.name} / ${panel.title}`;
          expect(panel.errors, where).toEqual([]);
          expect(panel.noData, `${where} says No data`).toBe(false);
          const json = expected.find((candidate) => candidate.spec.display?.name === panel.title) as PanelJson;
          expect(panel.nonBlankCanvas || shownNumber(panel.text.replace(panel.title, '')) !== undefined, where).toBe(
            true,
          );
          await checkValue(panel, json, queries);
        }
      }
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
