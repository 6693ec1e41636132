// Fills the generated blocks of README.md and docs/*.md from the project's own commands, so that
// every query and figure there comes from a command in this repo (test/readme.test.ts checks each
// block, wherever it lives: a block may move between the pages without a change here):
//   <!-- queries -->        `histogram-demo dashboards queries`
//   <!-- exit-codes -->     src/cli/exitCodes.ts, the table the bad-input test holds every case against
//   <!-- ports -->          the port table (src/config/ports.ts), as the flags of `stack up` and `start`
//   <!-- verify-output -->  docs/verify-output.txt, written by scripts/readme-figures.sh
//   <!-- verify-excerpt --> the durations' summary and the verdict of docs/verify-output.txt
//   <!-- bench -->          bench/results.json, written by `npm run bench`
//   <!-- first-start -->    bench/first-start.json, written by scripts/time-to-first-data.sh
//   <!-- quick-start -->    the same, as the Quick start's three cases
//   <!-- package-size -->   docs/package-size.json, written by scripts/package-size.mjs
//   <!-- advise-output -->  `histogram-demo advise` on docs/observations-seed42.csv (durations)
//   <!-- advise-holdout --> `node scripts/advise-holdout.mjs`
//   <!-- advise-rerun -->   docs/advise-rerun.txt, written by scripts/advise-figures.sh
//   <!-- advise-bench -->   docs/advise-bench.txt, written by `node scripts/advise-bench.mjs > docs/advise-bench.txt`
//   <!-- thanos-figures --> docs/thanos-figures.txt, written by `node scripts/thanos-bench.mjs`
//   <!-- doctor-* -->       docs/doctor-*.txt, written by scripts/doctor-figures.sh and scripts/bench-doctor.mjs
//   <!-- resilience-figures --> docs/resilience-figures.txt, written by scripts/resilience-figures.sh
//   <!-- dashboards-figures --> docs/dashboards-figures.txt, written by `node scripts/dashboards-figures.mjs`
//   <!-- verify-campaign --> docs/verify-campaign.txt, written by `node scripts/verify-campaign.mjs --runs 50`
//   <!-- python-*, otlp-series --> docs/python-*.txt and docs/otlp-series.txt, written by scripts/python-figures.sh
// (`just-recipes` and `src-layout` are written by hand and checked against the justfile and src/.)
// Usage: npm run build && node scripts/update-readme.mjs
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
/** The pages that hold generated blocks: README.md and every docs/*.md. */
const pagePaths = [
  'README.md',
  ...readdirSync(new URL('docs/', root))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];
const pages = new Map(pagePaths.map((path) => [path, readFileSync(new URL(path, root), 'utf8')]));
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
  if (!pattern.test(text)) throw new Error(`no <!-- ${name} --> block`);
  return text.replace(pattern, (_, open, close) => `${open}${body}${close}`);
}

/** Fills the block `name` in the one page that holds it. */
function fill(name, body) {
  const holders = [...pages].filter(([, text]) => text.includes(`<!-- ${name} -->\n`)).map(([path]) => path);
  if (holders.length !== 1)
    throw new Error(`<!-- ${name} --> must be in exactly one of README.md and docs/*.md, found in ${holders.length}`);
  const path = holders[0];
  pages.set(path, fillBlock(pages.get(path), name, body));
}

/**
 * The README's short verify example: the durations' table over all series and the verdict, lines of
 * the recorded run as they are (test/readme.test.ts finds them in the recording again).
 */
export function verifyExcerpt(recorded) {
  const lines = recorded.split('\n');
  const first = lines.indexOf('http_request_duration_seconds (seconds), all series');
  const exact = lines.findIndex((line, index) => index > first && line.startsWith('exact '));
  const verdict = lines.find((line) => line.startsWith('Verdict: '));
  if (first < 0 || exact < 0 || !verdict) throw new Error('docs/verify-output.txt has no durations table or verdict');
  return [...lines.slice(first, exact + 1), '', verdict].join('\n');
}

const fence = (lang, body) => `\`\`\`${lang}\n${body.trimEnd()}\n\`\`\`\n`;
fill('queries', fence('promql', execFileSync(process.execPath, [cli, 'dashboards', 'queries'], { encoding: 'utf8' })));
const { portFlagsMarkdown } = await import('../dist/cli/stackOptions.js');
fill('ports', portFlagsMarkdown());
const verifyOutput = readFileSync(new URL('../docs/verify-output.txt', import.meta.url), 'utf8');
fill('verify-output', fence('text', verifyOutput));
fill('verify-excerpt', fence('text', verifyExcerpt(verifyOutput)));
const { renderBenchMarkdown, renderFirstStartMarkdown, renderPackageSize, renderQuickStartMarkdown } = await import(
  '../dist/bench/renderMarkdown.js'
);
const json = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
fill('bench', renderBenchMarkdown(json('../bench/results.json')));
const { formatExitCodes } = await import('../dist/cli/exitCodes.js');
fill('exit-codes', `${formatExitCodes()}\n`);
fill('first-start', renderFirstStartMarkdown(json('../bench/first-start.json')));
fill('quick-start', renderQuickStartMarkdown(json('../bench/first-start.json')));
fill('package-size', renderPackageSize(json('../docs/package-size.json')));
const docs = (name) => readFileSync(new URL(`../docs/${name}`, import.meta.url), 'utf8');
const run = (args) => execFileSync(process.execPath, args, { encoding: 'utf8', cwd: root.pathname });
fill('advise-output', fence('text', run([cli, ...ADVISE_README_ARGS])));
fill('advise-holdout', fence('text', run([new URL('advise-holdout.mjs', import.meta.url).pathname])));
fill('advise-rerun', fence('text', docs('advise-rerun.txt')));
fill('advise-bench', fence('text', docs('advise-bench.txt')));
fill('thanos-figures', fence('text', docs('thanos-figures.txt')));
fill('resilience-figures', fence('text', docs('resilience-figures.txt')));
fill('dashboards-figures', fence('text', docs('dashboards-figures.txt')));
fill('verify-campaign', fence('text', docs('verify-campaign.txt')));
// doctor's runs, written by scripts/doctor-figures.sh.
for (const name of ['doctor-demo', 'doctor-broken', 'doctor-prometheus', 'doctor-bench']) {
  fill(name, fence('text', readFileSync(new URL(`../docs/${name}.txt`, import.meta.url), 'utf8')));
}
// The Python apps' runs, written by scripts/python-figures.sh.
for (const name of ['python-doctor-seed', 'python-doctor-ours', 'python-verify', 'otlp-series']) {
  fill(name, fence('text', docs(`${name}.txt`)));
}
for (const [path, text] of pages) writeFileSync(new URL(path, root), text);
console.log(`blocks updated in ${pagePaths.join(', ')}`);
