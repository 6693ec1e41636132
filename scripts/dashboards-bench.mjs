#!/usr/bin/env node
// Page load to every panel drawn, per dashboard of a running dashboards page: a fresh browser
// context each time (cold HTTP cache), N loads, median and max in ms.
// Usage: node scripts/dashboards-bench.mjs [base-url] [loads] [time-range]
//   defaults: http://127.0.0.1:3001 5 1h
import { launch, listDashboards, openAndWait } from './dashboards-page.mjs';

const [base = 'http://127.0.0.1:3001', loads = '5', range = '1h'] = process.argv.slice(2);
const dashboards = await listDashboards(base);
const browser = await launch();
try {
  console.log(`dashboard                          panels  median ms  max ms   (${loads} cold loads, range ${range})`);
  for (const { name } of dashboards) {
    const times = [];
    let panels = 0;
    for (let i = 0; i < Number(loads); i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 3000 } });
      const page = await context.newPage();
      times.push(await openAndWait(page, base, name, range));
      panels = await page.locator('section[data-testid="panel"]').count();
      await context.close();
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(
      `${name.padEnd(35)}${String(panels).padStart(6)}${String(median).padStart(11)}${String(times.at(-1)).padStart(8)}`,
    );
  }
} finally {
  await browser.close();
}
