/**
 * Perses' own validator for the generated dashboards: `percli lint` built from the Perses Go
 * module (the version whose npm packages the dashboards page uses), cached beside the stack's
 * binaries, with the CUE schemas of every panel and query plugin the dashboards name.
 *
 * Without `--plugin.path`, `percli lint` only parses the resource; with it, every panel,
 * query and datasource spec is unified with its plugin's schema (closed structs: an unknown
 * field or a wrong unit fails). The upstream schemas are kept in test/dashboards/perses-plugins/
 * (copied from perses/plugins at the tags of the pinned npm versions, Apache-2.0; the Go module
 * proxy serves only some of those modules), ours beside them. Perses evaluates schemas without
 * a CUE registry by vendoring their one dependency, its own `cue` package, under
 * cue.mod/pkg/ (internal/cli/cmd/plugin/build/cue.go): done here from the Perses module.
 */
import { createHash } from 'node:crypto';
import { access, cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execOrFail } from '../../src/stack/exec.js';
import { cacheDir, PACKAGE_ROOT } from '../../src/stack/paths.js';

/** The Perses release whose npm packages (0.52.x) the page bundles. */
export const PERSES_MODULE = 'github.com/perses/perses';
export const PERSES_VERSION = 'v0.52.0';
const BUILD_FLAGS = ['-trimpath', '-ldflags=-s -w'];

export const PLUGIN_SCHEMAS_DIR = join(PACKAGE_ROOT, 'test/dashboards/perses-plugins');

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** The Perses module's folder in the Go module cache (downloaded if missing). */
async function persesModuleDir(): Promise<string> {
  const download = await execOrFail('percli', 'go mod download', 'go', [
    'mod',
    'download',
    '-json',
    `${PERSES_MODULE}@${PERSES_VERSION}`,
  ]);
  const dir = (JSON.parse(download) as { Dir?: string }).Dir;
  if (!dir) throw new Error(`go mod download gave no directory: ${download}`);
  return dir;
}

/** percli, built inside the Perses module on first use and cached by version and flags. */
export async function ensurePercli(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify([PERSES_VERSION, BUILD_FLAGS]))
    .digest('hex')
    .slice(0, 12);
  const dir = join(cacheDir(env), `percli-${PERSES_VERSION}-${key}`);
  const percli = join(dir, 'percli');
  if (await exists(percli)) return percli;
  const moduleDir = await persesModuleDir();
  const work = `${dir}.build-${process.pid}`;
  await mkdir(work, { recursive: true });
  try {
    await execOrFail('percli', 'go build', 'go', ['build', ...BUILD_FLAGS, '-o', `${work}/`, './cmd/percli'], {
      cwd: moduleDir,
      // GOWORK=off: no go.work of the user's; -mod=mod: the module cache is read-only.
      env: { GOWORK: 'off', GOFLAGS: '-mod=mod' },
    });
    await rm(dir, { recursive: true, force: true });
    await rename(work, dir);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return percli;
}

/**
 * A plugin folder as `percli lint --plugin.path` loads it: per plugin its package.json (the
 * `perses` section names the kinds), an mf-manifest.json (the loader reads the module's name and
 * version from it; the page bundles plugins statically, so none is built), the schemas, and a
 * cue.mod whose one dependency is vendored.
 */
export async function assemblePluginFolder(into: string): Promise<void> {
  const persesCue = join(await persesModuleDir(), 'cue');
  for (const plugin of await readdir(PLUGIN_SCHEMAS_DIR)) {
    const target = join(into, plugin);
    await cp(join(PLUGIN_SCHEMAS_DIR, plugin), target, { recursive: true });
    const pkg = JSON.parse(await readFile(join(target, 'package.json'), 'utf8')) as { name: string; version: string };
    await writeFile(
      join(target, 'mf-manifest.json'),
      JSON.stringify({
        id: plugin,
        name: plugin,
        metaData: { name: plugin, buildInfo: { buildVersion: pkg.version } },
      }),
    );
    await mkdir(join(target, 'cue.mod/pkg/github.com/perses/perses'), { recursive: true });
    await writeFile(
      join(target, 'cue.mod/module.cue'),
      `module: "github.com/perses/plugins/${plugin}@v0"\nlanguage: version: "v0.14.0"\n`,
    );
    await cp(persesCue, join(target, 'cue.mod/pkg/github.com/perses/perses/cue'), { recursive: true });
  }
}
