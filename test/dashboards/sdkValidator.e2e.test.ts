import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { cacheDir } from '../../src/stack/paths.js';

const run = promisify(execFile);
const TOOL = fileURLToPath(new URL('../../tools/dashboard-validator/', import.meta.url));
const DASHBOARDS = fileURLToPath(new URL('../../dashboards/', import.meta.url));

/**
 * The Grafana foundation SDK's own model, from its Go module (strict unmarshal + Validate()):
 * built once per version of the tool into the binary cache, like the stack's binaries.
 */
async function validator(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go']) hash.update(await readFile(join(TOOL, file)));
  const binary = join(cacheDir(), `dashboard-validator-${hash.digest('hex').slice(0, 12)}`);
  const built = await access(binary).then(
    () => true,
    () => false,
  );
  if (!built) await run('go', ['build', '-o', binary, '.'], { cwd: TOOL, env: { ...process.env, GOWORK: 'off' } });
  return binary;
}

async function validate(binary: string, files: readonly string[]) {
  return await run(binary, [...files]).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('the generated dashboards, checked by the Grafana foundation SDK model', () => {
  let binary: string;
  let files: string[];

  beforeAll(async () => {
    binary = await validator();
    files = (await readdir(DASHBOARDS)).filter((name) => name.endsWith('.json')).map((name) => join(DASHBOARDS, name));
  }, 600_000);

  it('accepts every committed dashboard', async () => {
    // One per pipeline of the demo preset (logfire, direct, native, otlp) and the comparison.
    expect(files).toHaveLength(5);
    const result = await validate(binary, files);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(files.length);
  });

  it('rejects an unknown panel field and a wrongly typed unit, naming where', async () => {
    const dashboard = JSON.parse(await readFile(files[0] as string, 'utf8')) as {
      panels: { bogusField?: number; fieldConfig?: { defaults: { unit?: unknown } } }[];
    };
    const [first, second] = dashboard.panels;
    if (!first || !second?.fieldConfig) throw new Error('expected panels with a fieldConfig');
    first.bogusField = 1;
    second.fieldConfig.defaults.unit = 5;
    const dir = await mkdtemp(join(tmpdir(), 'histogram-demo-dashboard-'));
    const broken = join(dir, 'broken.json');
    await writeFile(broken, JSON.stringify(dashboard));
    const result = await validate(binary, [broken]).finally(() => rm(dir, { recursive: true, force: true }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unexpected field 'bogusField'");
    expect(result.stderr).toContain('defaults.unit');
  });
});
