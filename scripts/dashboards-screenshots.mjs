#!/usr/bin/env node
// Screenshots of every dashboard a running dashboards page serves (`npm start` or
// `histogram-demo dashboards serve`), in Debian's headless Chromium, into docs/.
// Usage: node scripts/dashboards-screenshots.mjs [base-url] [out-dir] [time-range]
//   defaults: http://127.0.0.1:3001 docs 15m
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, listDashboards, openAndWait } from './dashboards-page.mjs';

const [base = 'http://127.0.0.1:3001', outDir = 'docs', range = '15m'] = process.argv.slice(2);
const dashboards = await listDashboards(base);
await mkdir(outDir, { recursive: true });
const browser = await launch();
try {
  for (const { name } of dashboards) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 3000 } });
    await openAndWait(page, base, name, range);
    // Charts paint in the frame after their data arrives.
    await page.waitForTimeout(1000);
    const bottom = await page.evaluate(() =>
      Math.max(
        ...[...document.querySelectorAll('section[data-testid="panel"]')].map((p) => p.getBoundingClientRect().bottom),
      ),
    );
    const path = join(outDir, `dashboards-${name}.png`);
    await page.screenshot({ path, clip: { x: 0, y: 0, width: 1400, height: Math.ceil(bottom) + 16 } });
    console.log(`wrote ${path}`);
    await page.close();
  }
} finally {
  await browser.close();
}
