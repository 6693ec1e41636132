import { access, chmod, cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { PROMETHEUS_MODULE, PROMETHEUS_MODULE_VERSION, PROMETHEUS_VERSION } from '../config/versions.js';
import { StackError } from '../errors/StackError.js';
import { execOrFail } from './exec.js';
import { removeAbandonedBuilds } from './files.js';
import { cacheDir } from './paths.js';
import { withHeartbeat } from './progress.js';

type Log = (line: string) => void;

const COMPONENT = 'prometheus-ui';

/**
 * The pnpm that builds the UI. Upstream's web/ui is a pnpm workspace whose lockfile
 * (lockfileVersion 9) and pnpm-workspace.yaml settings (allowBuilds, ...) this version reads.
 */
const PNPM_VERSION = '12.21.0';

/**
 * Lockfile entries of a Prometheus release that the npm registry no longer serves, mapped to
 * the published version we substitute (as pnpm `overrides`). Keyed by Prometheus version, so a
 * version bump starts from upstream's lockfile as is (and fails loudly if it needs an entry).
 * 3.16.0 locks @mantine/code-highlight@9.7.2, which is absent from the registry (its newest is
 * 9.6.2); 9.6.2 type-checks against @mantine/core 9.7.2 and renders the Configuration page.
 */
const LOCKFILE_OVERRIDES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '3.16.0': { '@mantine/code-highlight': '9.6.2' },
};

/**
 * The UI sources the build needs. react-app, the old UI served only with
 * --enable-feature=old-ui, is not a workspace member and is left out.
 */
const UI_SOURCES = ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'build_ui.sh', 'mantine-ui', 'module'];

/** Usual cold durations in seconds on our 2-core machine while the Go builds run beside. */
const ESTIMATES = { install: 15, bundle: 25 } as const;

async function exists(path: string): Promise<boolean> {
  return await access(path).then(
    () => true,
    () => false,
  );
}

/** Files copied from the (read-only) Go module cache keep their modes; the build writes into them. */
async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, (await stat(dir)).mode | 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makeWritable(path);
    else if (entry.isFile()) await chmod(path, (await stat(path)).mode | 0o600);
  }
}

/**
 * Upstream's pnpm-workspace.yaml with our two changes: overrides for unavailable lockfile
 * entries, and no minimumReleaseAge policy. The policy only guards fresh resolutions (the
 * lockfile already pins every version and its integrity hash), but pnpm checks every lockfile
 * entry against it first, which fails on an unpublished one before overrides can apply.
 */
async function rewriteWorkspaceConfig(path: string, overrides: Readonly<Record<string, string>>): Promise<void> {
  const parsed: unknown = parse(await readFile(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new StackError(COMPONENT, `${path} is not a YAML mapping`);
  }
  const config: Record<string, unknown> = { ...(parsed as Record<string, unknown>) };
  for (const key of Object.keys(config)) {
    if (key.startsWith('minimumReleaseAge')) delete config[key];
  }
  config.minimumReleaseAge = 0;
  if (Object.keys(overrides).length > 0) {
    const existing = config.overrides;
    config.overrides = {
      ...(typeof existing === 'object' && existing !== null ? (existing as Record<string, unknown>) : {}),
      ...overrides,
    };
  }
  await writeFile(path, stringify(config));
}

/** The Prometheus Go module's source folder, downloaded into the module cache when missing. */
async function prometheusModuleDir(): Promise<string> {
  const download = await execOrFail(COMPONENT, 'go mod download', 'go', [
    'mod',
    'download',
    '-json',
    `${PROMETHEUS_MODULE}@${PROMETHEUS_MODULE_VERSION}`,
  ]);
  const moduleDir = (JSON.parse(download) as { Dir?: string }).Dir;
  if (!moduleDir) throw new StackError(COMPONENT, `go mod download gave no directory: ${download}`);
  return moduleDir;
}

/**
 * The build's environment: everything it downloads (npm cache, pnpm store and metadata cache,
 * ~0.6 GB) stays in `work`, deleted after, never in ~/.npm, ~/.cache/pnpm or ~/.local/share/pnpm.
 */
function isolatedBuildEnv(work: string, tools: string): NodeJS.ProcessEnv {
  return {
    PATH: `${join(tools, 'node_modules/.bin')}${delimiter}${process.env.PATH ?? ''}`,
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_update_notifier: 'false',
    PNPM_HOME: join(work, 'pnpm-home'),
    XDG_CACHE_HOME: join(work, 'xdg-cache'),
    XDG_DATA_HOME: join(work, 'xdg-data'),
    XDG_STATE_HOME: join(work, 'xdg-state'),
    CI: 'true',
  };
}

/** pnpm itself, the UI's dependencies from upstream's lockfile, then upstream's build script. */
async function buildWithPnpm(
  log: Log,
  src: string,
  tools: string,
  work: string,
  buildEnv: NodeJS.ProcessEnv,
  overridden: boolean,
): Promise<void> {
  await execOrFail(
    COMPONENT,
    `npm install pnpm@${PNPM_VERSION}`,
    'npm',
    ['install', '--prefix', tools, '--no-audit', '--no-fund', '--no-save', `pnpm@${PNPM_VERSION}`],
    { env: buildEnv, processGroup: true },
  );
  const pnpm = join(tools, 'node_modules/.bin/pnpm');
  // Overrides change the lockfile, so only then may pnpm update it (for the overridden entries).
  const lockfileFlag = overridden ? '--no-frozen-lockfile' : '--frozen-lockfile';
  await withHeartbeat(
    log,
    'installing the Prometheus UI dependencies (pnpm lockfile)',
    execOrFail(
      COMPONENT,
      'pnpm install',
      pnpm,
      ['install', lockfileFlag, '--store-dir', join(work, 'pnpm-store'), '--reporter', 'append-only'],
      { cwd: src, env: buildEnv, processGroup: true },
    ),
    ESTIMATES.install,
  );
  // Upstream's script: builds the workspace modules, then mantine-ui into ./static/mantine-ui.
  await withHeartbeat(
    log,
    'bundling the Prometheus UI (lezer-promql, codemirror-promql, mantine-ui)',
    execOrFail(COMPONENT, 'build_ui.sh --mantine-ui', 'bash', ['build_ui.sh', '--mantine-ui'], {
      cwd: src,
      env: buildEnv,
      processGroup: true,
    }),
    ESTIMATES.bundle,
  );
}

/**
 * Where a source-built Prometheus is started: without the `builtinassets` tag it reads its web
 * UI from ./web/ui/static when its working directory is named "prometheus", at each request.
 * Made at once (empty until ensurePrometheusUi fills it), so Prometheus can start before its
 * UI is built and serve it from the moment the build lands in the folder.
 */
export async function prometheusUiWorkingDir(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const workingDir = join(cacheDir(env), `prometheus-ui-${PROMETHEUS_VERSION}`, 'prometheus');
  await mkdir(join(workingDir, 'web/ui/static'), { recursive: true });
  return workingDir;
}

/**
 * The Prometheus web UI (mantine-ui) for our native build, which has no embedded assets: built
 * once from the Go module's web/ui sources with upstream's pnpm lockfile into
 * prometheusUiWorkingDir's web/ui/static/mantine-ui, moved there in one rename once complete
 * (a Prometheus already running in that folder serves it from then on). Cold build: ~35 s on
 * 2 cores, ~0.65 GB of transient disk at peak (pnpm store, caches, node_modules; deleted
 * after), 2.4 MB kept. Returns the working directory.
 */
export async function ensurePrometheusUi(log: Log, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const workingDir = await prometheusUiWorkingDir(env);
  const installed = join(workingDir, 'web/ui/static/mantine-ui');
  if (await exists(join(installed, 'index.html'))) return workingDir;

  log(`Building the Prometheus ${PROMETHEUS_VERSION} web UI with pnpm, first run only...`);
  const moduleDir = await prometheusModuleDir();

  await removeAbandonedBuilds(join(workingDir, '..'));
  const work = `${join(workingDir, '..')}.build-${process.pid}`;
  const src = join(work, 'ui');
  const tools = join(work, 'tools');
  const buildEnv = isolatedBuildEnv(work, tools);
  await rm(work, { recursive: true, force: true });
  await mkdir(src, { recursive: true });
  try {
    for (const name of UI_SOURCES) {
      await cp(join(moduleDir, 'web/ui', name), join(src, name), { recursive: true });
    }
    await makeWritable(src);
    const overrides = LOCKFILE_OVERRIDES[PROMETHEUS_VERSION] ?? {};
    await rewriteWorkspaceConfig(join(src, 'pnpm-workspace.yaml'), overrides);

    await buildWithPnpm(log, src, tools, work, buildEnv, Object.keys(overrides).length > 0);
    const built = join(src, 'static/mantine-ui');
    if (!(await exists(join(built, 'index.html')))) {
      throw new StackError(COMPONENT, `the build produced no ${join(built, 'index.html')}`);
    }
    // An earlier build stopped between these two lines leaves a folder without index.html.
    await rm(installed, { recursive: true, force: true });
    await rename(built, installed);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  log(`  Prometheus UI cached at ${installed}`);
  return workingDir;
}
