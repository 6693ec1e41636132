#!/usr/bin/env node
/**
 * `npm run bench [-- --quick]`: the benchmarks, a script rather than a CLI command. Prints
 * progress and figures, writes bench/results.json; `node scripts/update-readme.mjs` then fills
 * the README's table from it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { renderBenchMarkdown } from '../bench/renderMarkdown.js';
import { runBench } from '../bench/runBench.js';
import { PACKAGE_ROOT } from '../stack/paths.js';

const program = new Command('bench')
  .description('measure record cost, freshness, series and storage, accuracy, scale and memory')
  .option('--quick', 'the same sections with fewer rounds, trials and uploads (under 3 minutes)', false)
  .option('--out <file>', 'where to write the results', join(PACKAGE_ROOT, 'bench/results.json'));
program.parse();
const options = program.opts<{ quick: boolean; out: string }>();

const started = Date.now();
const log = (line: string) => console.log(`[${Math.round((Date.now() - started) / 1000)} s] ${line}`);
try {
  const results = await runBench(options.quick ? 'quick' : 'full', log);
  await mkdir(join(options.out, '..'), { recursive: true });
  await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${renderBenchMarkdown(results)}`);
  console.log(
    `Results written to ${options.out} in ${results.durationS} s; run "node scripts/update-readme.mjs" for the README.`,
  );
  process.exit(0);
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exit(1);
}
