import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatExitCodes } from '../src/cli/exitCodes.js';
import { buildProgram } from '../src/cli/program.js';
import { portFlagsMarkdown } from '../src/cli/stackOptions.js';
import { dashboardPipelines } from '../src/dashboards/pipelines.js';
import { formatReadmeQueries, readmeQueries } from '../src/dashboards/readmeQueries.js';
import { blockNames, pages, readme, readmeBlock } from './helpers/readme.js';

describe('README.md and docs/*.md', () => {
  it('shows exactly the queries that `dashboards queries` prints (the ones the tests run)', () => {
    expect(readmeBlock('exit-codes').trimEnd()).toBe(formatExitCodes());
    expect(readmeBlock('queries').trimEnd()).toBe(formatReadmeQueries(readmeQueries(dashboardPipelines())).trimEnd());
  });

  it('shows the port flags of the port table, with their defaults', () => {
    expect(readmeBlock('ports')).toBe(portFlagsMarkdown());
  });

  it('shows the verify table that scripts/readme-figures.sh recorded', async () => {
    const recorded = await readFile(new URL('../docs/verify-output.txt', import.meta.url), 'utf8');
    expect(readmeBlock('verify-output').trimEnd()).toBe(recorded.trimEnd());
    expect(recorded).toContain('Verdict: the pipelines agree');
  });

  it("shows, as the README's short verify example, the durations' summary and the verdict of that run", async () => {
    const recorded = await readFile(new URL('../docs/verify-output.txt', import.meta.url), 'utf8');
    const table = /^http_request_duration_seconds \(seconds\), all series\n(?:.*\n)*?exact .*$/m.exec(recorded)?.[0];
    const verdict = /^Verdict: .*$/m.exec(recorded)?.[0];
    expect(table?.split('\n')).toHaveLength(7);
    expect(readmeBlock('verify-excerpt').trimEnd()).toBe(`${table}\n\n${verdict}`);
    expect(readme).toContain('<!-- verify-excerpt -->');
  });

  it.each(['doctor-demo', 'doctor-broken', 'doctor-prometheus', 'doctor-bench'])(
    'shows the doctor run that docs/%s.txt recorded',
    async (name) => {
      const recorded = await readFile(new URL(`../docs/${name}.txt`, import.meta.url), 'utf8');
      expect(readmeBlock(name).trimEnd()).toBe(recorded.trimEnd());
    },
  );

  it("shows the seed's text scrape reduced to +Inf, ours native and verify agreeing on the Python apps", () => {
    expect(readmeBlock('python-doctor-seed')).toContain('[inf-only]');
    expect(readmeBlock('python-doctor-ours')).toMatch(/^0 error, /m);
    expect(readmeBlock('python-verify')).toContain('Verdict: the pipelines agree');
    expect(readmeBlock('otlp-series')).toContain('job="histogram-demo"');
  });

  it('shows doctor finding no error on the demo, and the OpenTelemetry defaults on the broken layout', () => {
    expect(readmeBlock('doctor-demo')).toMatch(/^0 error, /m);
    expect(readmeBlock('doctor-broken')).toContain('[otel-default-buckets]');
    expect(readmeBlock('doctor-bench')).toMatch(/doctor over 1000 histogram families/);
  });

  it('shows the benchmark tables generated from bench/results.json and bench/first-start.json', async () => {
    const { renderBenchMarkdown, renderFirstStartMarkdown, renderPackageSize, renderQuickStartMarkdown } = await import(
      '../src/bench/renderMarkdown.js'
    );
    const json = async (path: string) => JSON.parse(await readFile(new URL(path, import.meta.url), 'utf8'));
    expect(readmeBlock('bench')).toBe(renderBenchMarkdown(await json('../bench/results.json')));
    expect(readmeBlock('first-start')).toBe(renderFirstStartMarkdown(await json('../bench/first-start.json')));
    expect(readmeBlock('quick-start')).toBe(renderQuickStartMarkdown(await json('../bench/first-start.json')));
    expect(readmeBlock('package-size')).toBe(renderPackageSize(await json('../docs/package-size.json')));
  });

  it.each([
    ['advise-rerun', 'advise-rerun.txt'],
    ['advise-bench', 'advise-bench.txt'],
    ['thanos-figures', 'thanos-figures.txt'],
    ['resilience-figures', 'resilience-figures.txt'],
    ['dashboards-figures', 'dashboards-figures.txt'],
    ['verify-campaign', 'verify-campaign.txt'],
    ['python-doctor-seed', 'python-doctor-seed.txt'],
    ['python-doctor-ours', 'python-doctor-ours.txt'],
    ['python-verify', 'python-verify.txt'],
    ['otlp-series', 'otlp-series.txt'],
  ])('shows the %s figures recorded in docs/%s', async (name, file) => {
    const recorded = await readFile(new URL(`../docs/${file}`, import.meta.url), 'utf8');
    expect(readmeBlock(name).trimEnd()).toBe(recorded.trimEnd());
  });

  it('lists every recipe of the justfile in the just-recipes table, and nothing else', async () => {
    const justfile = await readFile(new URL('../justfile', import.meta.url), 'utf8');
    const recipes = [...justfile.matchAll(/^([a-z][\w-]*)(?: [^:=]*)?:(?!=)/gm)]
      .map((match) => match[1] as string)
      .filter((name) => name !== 'default');
    const listed = [...readmeBlock('just-recipes').matchAll(/^\| (`[^|]+`(?: \/ `[^|]+`)*) \|/gm)].flatMap((row) =>
      [...(row[1] as string).matchAll(/`([^`]+)`/g)].map((name) => name[1] as string),
    );
    expect(listed.filter((name) => name !== 'just').sort()).toEqual([...new Set(recipes)].sort());
  });

  it("lists every folder of src/ in the README's layout table, and nothing else", async () => {
    const folders = (await readdir(new URL('../src/', import.meta.url), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => `src/${entry.name}`);
    const listed = [...readmeBlock('src-layout').matchAll(/^\| `(src\/[^`]+)` \| \S/gm)].map((row) => row[1]);
    expect(listed).toEqual([...folders].sort());
    expect(readme).toContain('<!-- src-layout -->');
  });

  it('checks every generated block of README.md and docs/*.md (here or in readmeAdvise.e2e.test.ts), each held once', () => {
    const checked = [
      'just-recipes',
      'src-layout',
      'ports',
      'verify-excerpt',
      'exit-codes',
      'queries',
      'verify-output',
      'doctor-demo',
      'doctor-broken',
      'doctor-prometheus',
      'doctor-bench',
      'bench',
      'first-start',
      'quick-start',
      'package-size',
      'advise-rerun',
      'advise-bench',
      'thanos-figures',
      'resilience-figures',
      'dashboards-figures',
      'verify-campaign',
      'python-doctor-seed',
      'python-doctor-ours',
      'python-verify',
      'otlp-series',
      // test/readmeAdvise.e2e.test.ts runs advise to check these two.
      'advise-output',
      'advise-holdout',
    ];
    const blocks = [...pages.values()].flatMap(blockNames);
    expect(blocks.filter((name) => !checked.includes(name))).toEqual([]);
    expect(blocks.filter((name, index) => blocks.indexOf(name) !== index)).toEqual([]);
    expect([...pages.keys()]).toContain('docs/verify.md');
  });

  it('links only to files that exist and to headings that exist, in README.md and docs/*.md', async () => {
    const broken: string[] = [];
    for (const [page, text] of pages) {
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target as string)) continue;
        const [file, anchor] = (target as string).split('#') as [string, string | undefined];
        const path = file === '' ? page : normalize(join(dirname(page), file));
        const linked =
          pages.get(path) ?? (await readFile(new URL(`../${path}`, import.meta.url), 'utf8').catch(() => undefined));
        if (linked === undefined) broken.push(`${page}: ${target} (no file ${path})`);
        else if (anchor !== undefined && !headingAnchors(linked).includes(anchor))
          broken.push(`${page}: ${target} (no heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('documents every command and every flag of the CLI', () => {
    const missing: string[] = [];
    const visit = (command: ReturnType<typeof buildProgram>, path: string[]) => {
      for (const sub of command.commands) {
        const name = [...path, sub.name()].join(' ');
        if (!readme.includes(`\`${name}`) && !readme.includes(`| \`${sub.name()}`)) missing.push(name);
        for (const option of sub.options) {
          if (option.long && option.long !== '--help' && !readme.includes(option.long))
            missing.push(`${name} ${option.long}`);
        }
        visit(sub, [...path, sub.name()]);
      }
    };
    visit(buildProgram(), []);
    expect(missing).toEqual([]);
  });
});

/** The anchors GitHub gives a Markdown page's headings (outside code fences), duplicates numbered. */
function headingAnchors(markdown: string): string[] {
  const anchors: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = fenced ? undefined : /^#{1,6} (.*)$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const seen = anchors.filter((anchor) => anchor === slug || anchor.startsWith(`${slug}-`)).length;
    anchors.push(seen === 0 ? slug : `${slug}-${seen}`);
  }
  return anchors;
}
