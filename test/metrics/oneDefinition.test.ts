import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * "Both apps use the one metric definition": names and boundaries are spelled once, in
 * src/metrics/definitions.ts, and every other module reads them from there. Scans the code
 * (comments removed, so prose may still mention a metric).
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'src');
const DEFINITIONS = 'src/metrics/definitions.ts';

/** Spelled out here on purpose, not imported: the test must not trust the module it checks. */
const METRIC_NAMES = ['uploaded_file_bytes', 'http_request_duration_seconds', 'file_uploads'];
const SEED_LAYOUTS: Record<string, readonly number[]> = {
  bytes: [1e5, 5e5, 1e6, 5e6, 1e7, 5e7, 1e8],
  seconds: [0.1, 0.25, 0.5, 1, 2.5, 5, 10],
};

function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1');
}

const NUMBER = String.raw`(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?`;
const TERM = String.raw`${NUMBER}(?:\s*\*\s*(?:KB|MB|${NUMBER}))?`;
const RUN = new RegExp(String.raw`(?<![\w.])${TERM}(?:\s*,\s*${TERM}){2,}`, 'g');
const UNITS: Record<string, number> = { KB: 1e3, MB: 1e6 };

function evaluateTerm(term: string): number {
  return term
    .split('*')
    .map((factor) => factor.trim())
    .reduce((product, factor) => product * (UNITS[factor] ?? Number(factor.replaceAll('_', ''))), 1);
}

/** Comma-separated runs of three or more numbers (`100 * KB` and `1_000` spellings included). */
function numberRuns(code: string): number[][] {
  return [...code.matchAll(RUN)].map((match) => match[0].split(',').map(evaluateTerm));
}

/** Which seed layouts a run repeats, by three consecutive boundaries. */
function layoutsRepeated(run: readonly number[]): string[] {
  const found: string[] = [];
  for (const [name, bounds] of Object.entries(SEED_LAYOUTS)) {
    for (let i = 0; i + 3 <= run.length; i += 1) {
      const window = run.slice(i, i + 3);
      const matches = bounds.some((_, j) => j + 3 <= bounds.length && window.every((v, k) => v === bounds[j + k]));
      if (matches && !found.includes(name)) found.push(name);
    }
  }
  return found;
}

let sources: Map<string, string>;

beforeAll(async () => {
  sources = new Map();
  const entries = await readdir(SRC, { recursive: true });
  for (const entry of entries) {
    if (!entry.endsWith('.ts')) continue;
    const path = join(SRC, entry);
    sources.set(relative(ROOT, path).split('\\').join('/'), stripComments(await readFile(path, 'utf8')));
  }
});

describe('Both apps use the one metric definition (no second copy of names or boundaries)', () => {
  it('scans the apps, the workload and the definitions', () => {
    for (const path of [
      DEFINITIONS,
      'src/apps/logfire/LogfireRecorder.ts',
      'src/apps/prom/DirectRecorder.ts',
      'src/workload/uploads.ts',
    ]) {
      expect([...sources.keys()]).toContain(path);
    }
  });

  it('spells the metric names only in src/metrics/definitions.ts', () => {
    for (const name of METRIC_NAMES) {
      const spelledIn = [...sources].filter(([, code]) => code.includes(name)).map(([path]) => path);
      expect(spelledIn, name).toEqual([DEFINITIONS]);
    }
  });

  it('spells no metric name anywhere under src/apps', () => {
    const apps = [...sources].filter(([path]) => path.startsWith('src/apps/'));
    expect(apps.length).toBeGreaterThanOrEqual(4);
    for (const [path, code] of apps) {
      for (const name of METRIC_NAMES) expect(code.includes(name), `${path} spells ${name}`).toBe(false);
    }
  });

  it('lists the seed boundaries (e.g. "2.5, 5, 10" or "5 * MB, 10 * MB, 50 * MB") only in src/metrics/definitions.ts', () => {
    const repeats = new Map<string, string[]>();
    for (const [path, code] of sources) {
      for (const run of numberRuns(code)) {
        for (const layout of layoutsRepeated(run)) repeats.set(path, [...(repeats.get(path) ?? []), layout]);
      }
    }
    // The detector works: it finds both seed layouts where they are defined...
    expect(repeats.get(DEFINITIONS)?.sort()).toEqual(['bytes', 'seconds']);
    // ...and nowhere else (src/workload/uploads.ts may use `5 * MB` as a size, not as a boundary list).
    expect([...repeats.keys()]).toEqual([DEFINITIONS]);
  });

  it('has both apps take their histograms and counter from the metric definitions module', () => {
    for (const path of ['src/apps/logfire/LogfireRecorder.ts', 'src/apps/prom/DirectRecorder.ts']) {
      const code = sources.get(path) ?? '';
      expect(code).toMatch(/from '\.\.\/\.\.\/metrics\/(definitions|index)\.js'/);
      for (const definition of ['UPLOADED_FILE_BYTES', 'HTTP_REQUEST_DURATION_SECONDS', 'FILE_UPLOADS_TOTAL']) {
        expect(code, `${path} uses ${definition}`).toContain(definition);
      }
    }
  });
});

describe('the source scanner', () => {
  it('reads number runs in every spelling the sources use', () => {
    expect(numberRuns('seed: [100 * KB, 500 * KB, 1 * MB], x = [0.1, .25, 1_000]')).toEqual([
      [1e5, 5e5, 1e6],
      [0.1, 0.25, 1000],
    ]);
    expect(layoutsRepeated([1, 2.5, 5, 10])).toEqual(['seconds']);
    expect(layoutsRepeated([5e6, 1e7, 5e7])).toEqual(['bytes']);
    expect(layoutsRepeated([1, 2, 5])).toEqual([]);
  });

  it('removes comments but keeps URLs in strings', () => {
    expect(stripComments("a // uploaded_file_bytes\n/* file_uploads */ b 'http://x'")).toBe("a \n b 'http://x'");
  });
});
