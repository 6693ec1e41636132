#!/usr/bin/env node
// Renders an HTML file (e.g. the verify report) to PNG in Debian's headless Chromium.
// Usage: node scripts/screenshot.mjs report.html out.png [width]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [html, png, width = '1200'] = process.argv.slice(2);
if (!html || !png) {
  console.error('usage: node scripts/screenshot.mjs <report.html> <out.png> [width]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
  await page.goto(pathToFileURL(resolve(html)).href);
  await page.waitForSelector('body[data-charts-drawn]');
  await page.screenshot({ path: png, fullPage: false });
  console.log(`wrote ${png}`);
} finally {
  await browser.close();
}
