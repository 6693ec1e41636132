#!/usr/bin/env node
// Fills the generated blocks of README.md from the project's own commands, so that every
// query and figure there comes from a command in this repo (test/readme.test.ts checks it):
//   <!-- queries -->        `histogram-demo dashboards queries`
//   <!-- verify-output -->  docs/verify-output.txt, written by scripts/readme-figures.sh
//   <!-- bench -->          bench/results.json, written by `npm run bench`
//   <!-- first-start -->    bench/first-start.json, written by scripts/time-to-first-data.sh
//   <!-- advise-output -->  `histogram-demo advise` on docs/observations-seed42.csv (durations)
//   <!-- advise-holdout --> `node scripts/advise-holdout.mjs`
//   <!-- advise-rerun -->   docs/advise-rerun.txt, written by scripts/advise-figures.sh
//   <!-- advise-bench -->   docs/advise-bench.txt, written by `node scripts/advise-bench.mjs > docs/advise-bench.txt`
//   <!-- thanos-figures --> docs/thanos-figures.txt, written by `node scripts/thanos-bench.mjs`
//   <!-- doctor-* -->       docs/doctor-*.txt, written by scripts/doctor-figures.sh and scripts/bench-doctor.mjs
//   <!-- resilience-figures --> docs/resilience-figures.txt, written by scripts/resilience-figures.sh
// Usage: npm run build && node scripts/update-readme.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const readme = new URL('../README.md', import.meta.url);
const cli = new URL('../bin/histogram-demo.js', import.meta.url).pathname;

/** The advise run the README shows (test/readme.test.ts runs it again), from the repository's root. */
const ADVISE_README_ARGS = [
  'advise',
  '--truth',
  'docs/observations-seed42.csv',
  '--metric',
  'http_request_duration_seconds=seconds',
];

export function fillBlock(text, name, body) {
  const pattern = new RegExp(`(<!-- ${name} -->\\n)[\\s\\S]*?(<!-- /${name} -->)`);
  if (!pattern.test(text)) throw new Error(`README.md has no <!-- ${name} --> block`);
  return text.replace(pattern, (_, open, close) => `${open}${body}${close}`);
}

const fence = (lang, body) => `\`\`\`${lang}\n${body.trimEnd()}\n\`\`\`\n`;
let text = readFileSync(readme, 'utf8');
text = fillBlock(
  text,
  'queries',
  fence('promql', execFileSync(process.execPath, [cli, 'dashboards', 'queries'], { encoding: 'utf8' })),
);
text = fillBlock(
  text,
  'verify-output',
  fence('text', readFileSync(new URL('../docs/verify-output.txt', import.meta.url), 'utf8')),
);
const { renderBenchMarkdown, renderFirstStartMarkdown } = await import('../dist/bench/renderMarkdown.js');
const json = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
text = fillBlock(text, 'bench', renderBenchMarkdown(json('../bench/results.json')));
text = fillBlock(text, 'first-start', renderFirstStartMarkdown(json('../bench/first-start.json')));
const docs = (name) => readFileSync(new URL(`../docs/${name}`, import.meta.url), 'utf8');
const root = new URL('..', import.meta.url).pathname;
const run = (args) => execFileSync(process.execPath, args, { encoding: 'utf8', cwd: root });
text = fillBlock(text, 'advise-output', fence('text', run([cli, ...ADVISE_README_ARGS])));
text = fillBlock(text, 'advise-holdout', fence('text', run([new URL('advise-holdout.mjs', import.meta.url).pathname])));
text = fillBlock(text, 'advise-rerun', fence('text', docs('advise-rerun.txt')));
text = fillBlock(text, 'advise-bench', fence('text', docs('advise-bench.txt')));
text = fillBlock(text, 'thanos-figures', fence('text', docs('thanos-figures.txt')));
text = fillBlock(text, 'resilience-figures', fence('text', docs('resilience-figures.txt')));
// doctor's runs, written by scripts/doctor-figures.sh.
for (const name of ['doctor-demo', 'doctor-broken', 'doctor-prometheus', 'doctor-bench']) {
  text = fillBlock(text, name, fence('text', readFileSync(new URL(`../docs/${name}.txt`, import.meta.url), 'utf8')));
}
writeFileSync(readme, text);
console.log('README.md blocks updated');
