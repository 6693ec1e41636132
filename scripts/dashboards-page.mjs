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
  const started = Date.now();
  // No auto-refresh: a refresh restarts the queries before a loaded machine finishes them.
  await page.goto(`${base}/dashboards/${name}?start=${range}&refresh=0s`);
  await page.waitForFunction(
    () => {
      const painted = (canvas) => {
        if (canvas.width === 0 || canvas.height === 0) return false;
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) return true;
        return false;
      };
      const panels = [...document.querySelectorAll('section[data-testid="panel"]')];
      return (
        panels.length > 0 &&
        panels.every(
          (panel) =>
            !panel.querySelector('[aria-label="Loading..."]') &&
            ([...panel.querySelectorAll('canvas')].some(painted) || /\d/.test(panel.innerText)),
        )
      );
    },
    undefined,
    { timeout: 180_000, polling: 100 },
  );
  return Date.now() - started;
}
