import type { Page, Request } from 'playwright-core';

/** What one ECharts chart of a panel drew: each series' type, name and data rows as numbers. */
export interface DrawnChart {
  readonly series: ReadonlyArray<{ type: string; name: string; data: Array<number[] | number | null> }>;
}

/** One panel of a dashboard as the browser shows it. */
export interface DrawnPanel {
  readonly title: string;
  /** Text of the panel's error alerts (a failed query, a plugin that threw). */
  readonly errors: readonly string[];
  readonly noData: boolean;
  /** At least one canvas of the panel has a painted pixel. */
  readonly nonBlankCanvas: boolean;
  /** The panel's visible text (a stat's value, a legend, axis labels drawn as DOM). */
  readonly text: string;
  readonly charts: readonly DrawnChart[];
}

/** A range query the page sent through the proxy: the PromQL as executed (variables replaced). */
export interface ExecutedQuery {
  readonly query: string;
  readonly start: number;
  readonly end: number;
  readonly step: number;
}

/**
 * Runs in the page (plain JS: the test project has no DOM types). PANELS reads every panel;
 * SETTLED is true once every panel drew, or shows an error or "No data".
 */
const IN_PAGE = `
const sections = () => [...document.querySelectorAll('section[data-testid="panel"]')];
const rowOf = (item) => {
  const raw = item !== null && typeof item === 'object' && !Array.isArray(item) && 'value' in item ? item.value : item;
  if (Array.isArray(raw)) return raw.map(Number);
  return raw === null || raw === undefined ? null : Number(raw);
};
const painted = (canvas) => {
  if (canvas.width === 0 || canvas.height === 0) return false;
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) return true;
  return false;
};
const hasNoData = (section) => /\\bNo data\\b/i.test(section.innerText);
`;

const PANELS = `(() => {${IN_PAGE}
  const echarts = window.histogramDemoEcharts;
  return sections().map((section) => {
    const titleId = section.getAttribute('aria-labelledby');
    const title = (titleId && document.getElementById(titleId)?.textContent) || '';
    const charts = [...section.querySelectorAll('[_echarts_instance_]')].map((element) => {
      const option = echarts?.getInstanceByDom(element)?.getOption() ?? {};
      const datasets = option.dataset ?? [];
      // TimeSeriesChart keeps its points in datasets ([time, value] rows), one per series.
      const rowsOf = (one, index) => Array.isArray(one.data) && one.data.length > 0 ? one.data
        : (datasets[one.datasetIndex ?? index]?.source ?? []);
      return { series: (option.series ?? []).map((one, index) => ({ type: String(one.type), name: String(one.name ?? ''),
        data: rowsOf(one, index).map(rowOf) })) };
    });
    return {
      title: title.trim(),
      errors: [...section.querySelectorAll('[role="alert"]')].map((alert) => (alert.textContent ?? '').trim()),
      noData: hasNoData(section),
      nonBlankCanvas: [...section.querySelectorAll('canvas')].some(painted),
      text: section.innerText,
      charts,
    };
  });
})()`;

const SETTLED = `(() => {${IN_PAGE}
  const echarts = window.histogramDemoEcharts;
  const hasData = (element) => {
    const option = echarts?.getInstanceByDom(element)?.getOption();
    if (!option) return false;
    return (option.series ?? []).some((one) => Array.isArray(one.data) && one.data.length > 0) ||
      (option.dataset ?? []).some((one) => Array.isArray(one.source) && one.source.length > 0);
  };
  const all = sections();
  return all.length > 0 && all.every((section) => {
    if (section.querySelector('[aria-label="Loading..."], .MuiSkeleton-root, [role="progressbar"]')) return false;
    if (section.querySelector('[role="alert"]') || hasNoData(section)) return true;
    const titleId = section.getAttribute('aria-labelledby');
    const title = (titleId && document.getElementById(titleId)?.textContent) || '';
    const charts = [...section.querySelectorAll('[_echarts_instance_]')];
    // A stat's value is text besides the title (its sparkline, if any, may be a flat line on
    // the canvas' edge): drawn once that text shows and any sparkline has its data.
    const stat = (window.histogramDemoStatTitles ?? []).includes(title.trim());
    if (charts.length === 0 || stat) return section.innerText.replace(title, '').trim() !== '' && charts.every(hasData);
    return charts.every(hasData) && [...section.querySelectorAll('canvas')].some(painted);
  });
})()`;

/**
 * Opens one dashboard of a running dashboards server and waits until every panel settled;
 * returns the panels as drawn and the range queries the page sent. The viewport must be tall
 * enough for every panel: Perses renders panels only once they scroll into view.
 */
export async function openDashboard(
  page: Page,
  baseUrl: string,
  name: string,
  options: { query?: string; timeoutMs?: number; statTitles?: readonly string[] } = {},
): Promise<{ panels: DrawnPanel[]; queries: ExecutedQuery[]; loadMs: number }> {
  const queries: ExecutedQuery[] = [];
  const onRequest = (request: Request) => {
    const url = new URL(request.url());
    if (!url.pathname.endsWith('/api/prometheus/api/v1/query_range')) return;
    const params = new URLSearchParams(request.method() === 'POST' ? (request.postData() ?? '') : url.search);
    queries.push({
      query: params.get('query') ?? '',
      start: Number(params.get('start')),
      end: Number(params.get('end')),
      step: Number(params.get('step')),
    });
  };
  page.on('request', onRequest);
  try {
    if (options.statTitles) {
      const titles = [...options.statTitles];
      await page.addInitScript((stats) => {
        (globalThis as unknown as { histogramDemoStatTitles: string[] }).histogramDemoStatTitles = stats;
      }, titles);
    }
    const started = Date.now();
    await page.goto(`${baseUrl}/dashboards/${encodeURIComponent(name)}${options.query ? `?${options.query}` : ''}`);
    try {
      await page.waitForFunction(SETTLED, undefined, { timeout: options.timeoutMs ?? 60_000, polling: 250 });
    } catch (error) {
      // Say which panels never drew, not only that the wait timed out.
      let unreadable = '';
      const panels = (await page.evaluate(PANELS).catch((why: unknown) => {
        unreadable = `(the panels could not be read: ${String(why)})`;
        return [];
      })) as DrawnPanel[];
      const states = panels.map(
        (panel) =>
          `${panel.title}: ${panel.errors.length ? `errors ${panel.errors.join('; ')}` : ''}${panel.noData ? 'No data ' : ''}canvas ${panel.nonBlankCanvas ? 'painted' : 'blank'}, text ${JSON.stringify(panel.text.slice(0, 60))}`,
      );
      throw new Error(`${name}: not every panel drew in time:${unreadable}\n${states.join('\n')}`, { cause: error });
    }
    // Charts draw in the frame after their option is set: let them paint.
    await page.waitForTimeout(500);
    const loadMs = Date.now() - started;
    return { panels: (await page.evaluate(PANELS)) as DrawnPanel[], queries, loadMs };
  } finally {
    page.off('request', onRequest);
  }
}

/**
 * The executed form of a dashboard's PromQL: Perses replaces `$__rate_interval`, the other
 * built-in variables and the dashboard's own before sending, so they match as wildcards.
 */
export function executedFormOf<T extends ExecutedQuery>(expression: string, queries: readonly T[]): T | undefined {
  const pattern = expression
    .split(/\$\w+|\$\{\w+(?::\w+)?\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+?');
  const matcher = new RegExp(`^${pattern}$`);
  return queries.filter((query) => matcher.test(query.query)).at(-1);
}
