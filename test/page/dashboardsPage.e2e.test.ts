/**
 * Every panel of every dashboard the page lists, drawn in Debian's headless Chromium against
 * ONE live native stack (collector, Prometheus, the dashboards component) while the apps report
 * a seeded workload through every pipeline (as in test/dashboards/panels.e2e.test.ts).
 *
 * How "the value equals Prometheus" is checked, and why this way: the page is opened on an
 * ABSOLUTE time range that ends on a whole minute while (or just after) the apps record, and
 * lies in the past when the page loads. Every sample up to that end is then stored and can no
 * longer change (Prometheus refuses samples older than its head), so a query of the same
 * expression with the same start, end and step sent straight to Prometheus must answer exactly
 * what the page got: no race against a scrape that lands between the page's query and ours, no
 * tolerance. Each query's response is intercepted on its way into the page (playwright's
 * page.on('response'), i.e. after our server's proxy) and compared whole with Prometheus' own
 * answer. Then what the panel SHOWS is tied to that answer: a line chart must hold a point
 * [t, v] of Prometheus' answer in its ECharts data; a stat must display the value of an instant
 * query at the range's end (its `last-number` calculation), within the rounding of the shown
 * digits; the heatmaps and bar/pie charts, which reshape the series (de-cumulated buckets,
 * one bar per series), must show a painted canvas whose data came from that same answer.
 */

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generatePersesDashboards } from '../../src/dashboards/perses/dashboards.js';
import type { PersesDashboard, PersesPanel } from '../../src/dashboards/perses/model.js';
import { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';
import { startTestStack, type TestStack, tearDown } from '../e2e/nativeStack.js';
import { everyPipelineCounts, runEveryPipeline } from '../helpers/appRun.js';
import { launchChromium } from '../helpers/chromium.js';
import type { RunningCli } from '../helpers/cli.js';
import { type DrawnPanel, executedFormOf, openDashboard } from '../helpers/dashboardsPage.js';

const COUNT = 1500;
const SEED = 1;
/**
 * Slow enough that the run lasts 150 s: the page's range ends while the apps still record (or
 * just after), so that every rate() window ending there sees the counters move, and every stat
 * has several points of data in its range (a stat with a single point shows "No data").
 */
const RATE = 10;
/** How long the pipelines hold data before the range may end. */
const DATA_MS = 90_000;
/** The stack's scrape interval is 5 s: two of them, so the range's last scrape is stored. */
const SETTLE_MS = 11_000;
/**
 * Perses aligns a range to its step (15 s to a minute here): a range that ends on a whole
 * minute is not moved by any of them, so every panel's range ends where ours does.
 */
const ALIGN_MS = 60_000;
const RANGE_MS = 5 * 60_000;
/** A first build of the page (npm ci of web/, then Vite) on a cold, busy machine. */
const PAGE_BUILD_TIMEOUT_MS = 900_000;

interface MatrixSeries {
  metric: Record<string, string>;
  values?: [number, string][];
  histograms?: [number, unknown][];
}
interface RangeAnswer {
  status: string;
  data?: { resultType: string; result: MatrixSeries[] };
  error?: string;
}

/** A range query the page sent and the answer it got, as the page received it. */
interface ReceivedQuery {
  readonly query: string;
  readonly start: number;
  readonly end: number;
  readonly step: number;
  readonly answer: RangeAnswer;
}

/** Perses' value formats as the stat shows them: the multiplier of each suffix. */
const SUFFIXES: Readonly<Record<string, number>> = {
  '': 1,
  K: 1e3,
  M: 1e6,
  B: 1e9,
  T: 1e12,
  // bytes: decimal prefixes, as Perses' bytes format writes them
  b: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  // seconds
  s: 1,
  ms: 1e-3,
  μs: 1e-6,
  min: 60,
  // percent-decimal
  '%': 1e-2,
};

/**
 * The number a stat shows, and how far off the value may be for that text: half a unit of the
 * last digit shown, times the suffix's multiplier.
 */
function shownValue(text: string): { value: number; tolerance: number; text: string } | undefined {
  const match = /(-?\d+(?:[.,]\d+)*)\s*(kB|KB|MB|GB|ms|μs|min|K|M|B|T|s|%|b)?/.exec(text);
  if (!match?.[1]) return undefined;
  const digits = match[1].replace(/,/g, '');
  const multiplier = SUFFIXES[match[2] ?? ''] ?? 1;
  const decimals = digits.includes('.') ? (digits.split('.')[1]?.length ?? 0) : 0;
  return { value: Number(digits) * multiplier, tolerance: 0.5 * 10 ** -decimals * multiplier, text: match[0] };
}

describe('every panel of every listed dashboard, drawn in Chromium against a live stack', () => {
  let stack: TestStack;
  let prometheus: PrometheusClient;
  let apps: RunningCli | undefined;
  let observationsDir: string | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let base: string;
  /** The page's time range: absolute, in the past once the page loads (see the file's comment). */
  let rangeStartMs: number;
  let rangeEndMs: number;
  let listed: { name: string; title: string }[] = [];
  const drawn = new Map<string, { panels: DrawnPanel[]; received: ReceivedQuery[] }>();
  const resources = new Map<string, PersesDashboard>();

  beforeAll(async () => {
    stack = await startTestStack([], { dashboards: true });
    if (!stack.dashboardsUrl) throw new Error('no dashboards URL');
    base = stack.dashboardsUrl;
    prometheus = new PrometheusClient(stack.prometheusUrl);
    observationsDir = await mkdtemp(join(tmpdir(), 'histogram-demo-page-'));
    apps = runEveryPipeline(stack, {
      count: COUNT,
      rate: RATE,
      seed: SEED,
      observations: join(observationsDir, 'observations.csv'),
    });
    const counts = everyPipelineCounts();
    // Every pipeline has data (the page's build, if any, goes on meanwhile).
    await vi.waitFor(
      async () => {
        const values = await Promise.all(counts.map(async (expr) => [expr, await prometheus.value(expr)]));
        expect(values.filter(([, value]) => !(Number(value) > 0))).toEqual([]);
      },
      { timeout: 180_000, interval: 500 },
    );
    const dataSince = Date.now();
    await vi.waitFor(
      async () => {
        expect((await fetch(`${base}/-/ready`)).status).toBe(200);
      },
      { timeout: PAGE_BUILD_TIMEOUT_MS, interval: 2000 },
    );
    // The range ends on the first whole minute after DATA_MS of data (and in the past when the page asks).
    rangeEndMs = Math.ceil((Math.max(Date.now(), dataSince + DATA_MS) + 1000) / ALIGN_MS) * ALIGN_MS;
    rangeStartMs = rangeEndMs - RANGE_MS;
    // The scrapes up to the range's end are stored before the page asks.
    await new Promise((resolve) => setTimeout(resolve, rangeEndMs + SETTLE_MS - Date.now()));

    browser = await launchChromium();
    // Tall: Perses draws a panel only once it scrolls into view.
    context = await browser.newContext({ viewport: { width: 1400, height: 6000 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    listed = await page.$$eval('a[data-dashboard]', (links) =>
      links.map((link) => ({ name: link.getAttribute('data-dashboard') ?? '', title: link.textContent ?? '' })),
    );
    for (const { name } of listed) {
      resources.set(name, (await (await fetch(`${base}/api/dashboards/${name}`)).json()) as PersesDashboard);
      const answers: Promise<ReceivedQuery | undefined>[] = [];
      const onResponse = (response: Response) => {
        const url = new URL(response.url());
        if (!url.pathname.endsWith('/api/prometheus/api/v1/query_range')) return;
        const request = response.request();
        const params = new URLSearchParams(request.method() === 'POST' ? (request.postData() ?? '') : url.search);
        answers.push(
          response.json().then(
            (answer: unknown) => ({
              query: params.get('query') ?? '',
              start: Number(params.get('start')),
              end: Number(params.get('end')),
              step: Number(params.get('step')),
              answer: answer as RangeAnswer,
            }),
            () => undefined,
          ),
        );
      };
      page.on('response', onResponse);
      try {
        const { panels } = await openDashboard(page, base, name, {
          query: `start=${rangeStartMs}&end=${rangeEndMs}&refresh=0s`,
          timeoutMs: 120_000,
          statTitles: Object.values(resources.get(name)?.spec.panels ?? {})
            .filter((panel) => panel.spec.plugin.kind === 'StatChart')
            .map((panel) => panel.spec.display.name),
        });
        const received = (await Promise.all(answers)).filter((one): one is ReceivedQuery => one !== undefined);
        drawn.set(name, { panels, received });
      } finally {
        page.off('response', onResponse);
      }
    }
    // The run ends (then the apps stay up for the last scrapes): stopped after that, they exit 0.
    await apps.waitFor('Staying up', 300_000);
  }, PAGE_BUILD_TIMEOUT_MS + 600_000);

  afterAll(async () => {
    try {
      await context?.close();
      await browser?.close();
    } finally {
      const exitCode = await tearDown(apps, stack, observationsDir);
      if (apps) expect(exitCode).toBe(0);
    }
  });

  /** The same range query straight to Prometheus (not through the page's proxy). */
  const direct = async ({ query, start, end, step }: ReceivedQuery): Promise<RangeAnswer> => {
    const body = new URLSearchParams({ query, start: String(start), end: String(end), step: String(step) });
    const response = await fetch(`${stack.prometheusUrl}/api/v1/query_range`, { method: 'POST', body });
    return (await response.json()) as RangeAnswer;
  };
  /** One instant query straight to Prometheus at a time in seconds: its values, for every series. */
  const instant = async (query: string, time: number): Promise<number[]> => {
    const body = new URLSearchParams({ query, time: String(time) });
    const response = await fetch(`${stack.prometheusUrl}/api/v1/query`, { method: 'POST', body });
    const answer = (await response.json()) as { data: { result: { value?: [number, string] }[] } };
    return answer.data.result.flatMap(({ value }) => (value ? [Number(value[1])] : []));
  };

  it('lists every generated dashboard at /', () => {
    expect(listed.map(({ name }) => name).sort()).toEqual(
      generatePersesDashboards()
        .map(({ name }) => name)
        .sort(),
    );
  });

  const generated = generatePersesDashboards();
  describe.each(generated.map(({ name }) => [name] as const))('%s', (name) => {
    const panelsOf = (): { drawnPanel: DrawnPanel; spec: PersesPanel }[] => {
      const seen = drawn.get(name);
      const resource = resources.get(name);
      if (!seen || !resource) throw new Error(`${name} was not opened (listed: ${listed.map((one) => one.name)})`);
      return Object.values(resource.spec.panels).map((spec) => {
        const drawnPanel = seen.panels.find((panel) => panel.title === spec.spec.display.name);
        if (!drawnPanel) throw new Error(`${name}: no panel "${spec.spec.display.name}" on the page`);
        return { drawnPanel, spec };
      });
    };

    it('draws every panel of the dashboard, with no error and no "No data"', () => {
      const resource = resources.get(name);
      expect(drawn.get(name)?.panels.length).toBe(Object.keys(resource?.spec.panels ?? {}).length);
      for (const { drawnPanel, spec } of panelsOf()) {
        const label = `${name}: ${drawnPanel.title}`;
        expect(drawnPanel.errors, label).toEqual([]);
        expect(drawnPanel.noData, label).toBe(false);
        if (spec.spec.plugin.kind === 'StatChart') {
          expect(
            shownValue(drawnPanel.text.replace(drawnPanel.title, '')),
            `${label}: ${drawnPanel.text}`,
          ).toBeDefined();
        } else {
          expect(drawnPanel.nonBlankCanvas, label).toBe(true);
        }
      }
    });

    it('got for every query exactly what Prometheus answers to the same query, range and step', async () => {
      const received = drawn.get(name)?.received ?? [];
      for (const { spec } of panelsOf()) {
        for (const query of spec.spec.queries) {
          const expression = query.spec.plugin.spec.query;
          const label = `${name}: ${spec.spec.display.name}: ${expression}`;
          const executed = executedFormOf(expression, received);
          expect(executed, `${label} was never sent`).toBeDefined();
          if (!executed) continue;
          // Perses aligns the range to the step: the end is ours, rounded down to a step.
          expect(executed.end * 1000, label).toBeLessThanOrEqual(rangeEndMs);
          expect(executed.end * 1000, label).toBeGreaterThan(rangeEndMs - executed.step * 1000);
          expect(executed.answer.status, `${label}: ${executed.answer.error}`).toBe('success');
          expect(executed.answer.data?.result.length, `${label}: empty answer`).toBeGreaterThan(0);
          expect(executed.answer, label).toEqual(await direct(executed));
        }
      }
    });

    it('shows a value of that answer in every panel: a line point, a stat value at the range end, cells and bars from it', async () => {
      const received = drawn.get(name)?.received ?? [];
      for (const { drawnPanel, spec } of panelsOf()) {
        const label = `${name}: ${drawnPanel.title}`;
        const [first] = spec.spec.queries;
        if (!first) throw new Error(`${label} has no query`);
        const executed = executedFormOf(first.spec.plugin.spec.query, received);
        if (!executed) throw new Error(`${label}: its query was never sent`);
        const kind = spec.spec.plugin.kind;
        if (kind === 'StatChart') {
          // last-number of the range = the instant query at the range's end (same evaluation instant).
          const values = await instant(executed.query, executed.end);
          const shown = shownValue(drawnPanel.text.replace(drawnPanel.title, ''));
          if (!shown) throw new Error(`${label} shows no number: ${drawnPanel.text}`);
          const close = values.some(
            (value) => Math.abs(value - shown.value) <= shown.tolerance + 1e-9 * Math.abs(value),
          );
          expect(close, `${label} shows "${shown.text}" (${shown.value}); Prometheus: ${values.join(', ')}`).toBe(true);
        } else if (kind === 'TimeSeriesChart') {
          // The chart's own data (ECharts option) holds a point of Prometheus' answer, at its time.
          const answer = await direct(executed);
          const expected = new Set(
            (answer.data?.result ?? []).flatMap((series) =>
              (series.values ?? []).map(([time, value]) => `${time * 1000} ${Number(value)}`),
            ),
          );
          const points = drawnPanel.charts.flatMap((chart) =>
            chart.series.flatMap((series) =>
              series.data.flatMap((row) => (Array.isArray(row) && row.length >= 2 ? [`${row[0]} ${row[1]}`] : [])),
            ),
          );
          expect(points.length, `${label}: no points drawn`).toBeGreaterThan(0);
          expect(
            points.some((point) => expected.has(point)),
            `${label}: none of ${points.slice(0, 3).join('; ')}... is in Prometheus' answer`,
          ).toBe(true);
        } else {
          // Heatmap, bar and pie charts reshape the series: their data is the answer compared whole above.
          expect(executed.answer.data?.result.length, label).toBeGreaterThan(0);
          expect(drawnPanel.nonBlankCanvas, label).toBe(true);
        }
      }
    });
  });
});
