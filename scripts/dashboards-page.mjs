// Shared by scripts/dashboards-screenshots.mjs and scripts/dashboards-bench.mjs: Debian's
// headless Chromium, the list of dashboards a running page serves, and "every panel drawn".
import { chromium } from 'playwright-core';

export async function listDashboards(base) {
  const response = await fetch(`${base}/api/dashboards`).catch((error) => {
    console.error(`no dashboards page at ${base} (${error.cause?.message ?? error.message}); start it with npm start`);
    process.exit(1);
  });
  return await response.json();
}

export async function launch() {
  return await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
}

/**
 * Opens a dashboard and resolves once every panel has drawn (a painted canvas, or text such as
 * a stat's value) and none is loading; returns the milliseconds from navigation to then.
 * The viewport must be tall enough for every panel: Perses draws a panel only once in view.
 */
export async function openAndWait(page, base, name, range) {
  // A stat's value is text; its sparkline may be a flat line on the canvas' edge (no pixel).
  const resource = await (await fetch(`${base}/api/dashboards/${name}`)).json();
  const statTitles = Object.values(resource.spec?.panels ?? {})
    .filter((panel) => panel.spec.plugin.kind === 'StatChart')
    .map((panel) => panel.spec.display.name);
  const started = Date.now();
  // No auto-refresh: a refresh restarts the queries before a loaded machine finishes them.
  await page.goto(`${base}/dashboards/${name}?start=${range}&refresh=0s`);
  await page.waitForFunction(
    (stats) => {
      const painted = (canvas) => {
        if (canvas.width === 0 || canvas.height === 0) return false;
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) return true;
        return false;
      };
      const echarts = window.histogramDemoEcharts;
      const hasData = (element) => {
        const option = echarts?.getInstanceByDom(element)?.getOption();
        return (
          (option?.series ?? []).some((one) => Array.isArray(one.data) && one.data.length > 0) ||
          (option?.dataset ?? []).some((one) => Array.isArray(one.source) && one.source.length > 0)
        );
      };
      const panels = [...document.querySelectorAll('section[data-testid="panel"]')];
      return (
        panels.length > 0 &&
        panels.every((panel) => {
          if (panel.querySelector('[aria-label="Loading..."], .MuiSkeleton-root')) return false;
          const title = document.getElementById(panel.getAttribute('aria-labelledby'))?.textContent ?? '';
          const charts = [...panel.querySelectorAll('[_echarts_instance_]')];
          // A stat's value is text besides the title (a stat without sparkline has no chart).
          if (charts.length === 0 || stats.includes(title.trim())) {
            return panel.innerText.replace(title, '').trim() !== '' && charts.every(hasData);
          }
          return charts.every(hasData) && [...panel.querySelectorAll('canvas')].some(painted);
        })
      );
    },
    statTitles,
    { timeout: 180_000, polling: 100 },
  );
  return Date.now() - started;
}
