import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/program.js';
import { dashboardPipelines } from '../src/dashboards/pipelines.js';
import { formatReadmeQueries, readmeQueries } from '../src/promql/dashboards.js';

const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');

function block(name: string): string {
  const match = new RegExp(`<!-- ${name} -->\\n([\\s\\S]*?)<!-- /${name} -->`).exec(readme);
  if (!match?.[1]) throw new Error(`README.md has no filled <!-- ${name} --> block`);
  return match[1].replace(/^```\w*\n/, '').replace(/```\n$/, '');
}

describe('README.md', () => {
  it('shows exactly the queries that `dashboards queries` prints (the ones the tests run)', () => {
    expect(block('queries').trimEnd()).toBe(formatReadmeQueries(readmeQueries(dashboardPipelines())).trimEnd());
  });

  it('shows the verify table that scripts/readme-figures.sh recorded', async () => {
    const recorded = await readFile(new URL('../docs/verify-output.txt', import.meta.url), 'utf8');
    expect(block('verify-output').trimEnd()).toBe(recorded.trimEnd());
    expect(recorded).toContain('Verdict: the pipelines agree');
  });

  it('shows the Thanos figures that scripts/thanos-bench.mjs measured', async () => {
    const recorded = await readFile(new URL('../docs/thanos-figures.txt', import.meta.url), 'utf8');
    expect(block('thanos-figures').trimEnd()).toBe(recorded.trimEnd());
    expect(recorded).toMatch(/remote-write lag, scrape -> visible in Thanos query: median [\d.]+ s, p95 [\d.]+ s/);
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
