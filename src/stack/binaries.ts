import { createHash } from 'node:crypto';
import { access, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  COLLECTOR_BUILDER_MODULE,
  PROMETHEUS_MODULE,
  PROMETHEUS_MODULE_VERSION,
  PROMETHEUS_VERSION,
  THANOS_MODULE,
  THANOS_VERSION,
} from '../config/versions.js';
import { StackError } from '../errors/StackError.js';
import { execOrFail } from './exec.js';
import { CONFIG_FILES, cacheDir } from './paths.js';
import { withHeartbeat } from './progress.js';

export interface Binaries {
  readonly otelcol: string;
  readonly prometheus: string;
  readonly promtool: string;
}

type Log = (line: string) => void;

async function exists(path: string): Promise<boolean> {
  return await access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Usual cold durations in seconds on our idle 2-core machine (empty Go caches, steps run
 * concurrently; bench/first-start.json), printed as the estimate beside each step's progress.
 */
const ESTIMATES = { collectorBuilder: 45, collector: 130, prometheus: 210 } as const;

/** The collector version: the manifest's `dist.version`, which the builder must equal. */
export async function collectorVersion(manifestPath = CONFIG_FILES.collectorManifest): Promise<string> {
  const manifest = parse(await readFile(manifestPath, 'utf8')) as { dist?: { version?: string } };
  const version = manifest.dist?.version;
  if (!version) throw new StackError('collector', `${manifestPath} has no dist.version`);
  return version;
}

/**
 * The collector built by the official builder (ocb) from the pinned manifest. Cached under
 * a key of version + manifest hash: editing the manifest builds a new binary.
 */
export async function ensureCollector(log: Log, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const manifestText = await readFile(CONFIG_FILES.collectorManifest, 'utf8');
  const version = await collectorVersion();
  const key = createHash('sha256').update(manifestText).digest('hex').slice(0, 12);
  const dir = join(cacheDir(env), `otelcol-${version}-${key}`);
  const binary = join(dir, 'otelcol-histogram-demo');
  if (await exists(binary)) return binary;

  log(`Building the OpenTelemetry Collector ${version} with ocb, first run only...`);
  const toolsDir = join(cacheDir(env), `builder-${version}`);
  const builder = join(toolsDir, 'builder');
  if (!(await exists(builder))) {
    await withHeartbeat(
      log,
      `installing the collector builder (ocb ${version})`,
      execOrFail(
        'collector',
        `go install ${COLLECTOR_BUILDER_MODULE}@v${version}`,
        'go',
        ['install', `${COLLECTOR_BUILDER_MODULE}@v${version}`],
        { env: { GOBIN: toolsDir } },
      ),
      ESTIMATES.collectorBuilder,
    );
  }
  await mkdir(cacheDir(env), { recursive: true });
  const work = await mkdtemp(join(cacheDir(env), 'otelcol-build-'));
  const tmp = join(work, 'tmp');
  try {
    await mkdir(tmp);
    await withHeartbeat(
      log,
      'building the collector (modules, then compile)',
      execOrFail(
        'collector',
        'ocb build',
        builder,
        ['--config', CONFIG_FILES.collectorManifest, '--output-path', work],
        // ocb makes a temp folder for its default output path before reading --output-path, and
        // leaves it behind empty: under `work`, removed below, it goes with the rest. Not `work`
        // itself: Go ignores a go.mod at the root of the temp folder.
        { env: { TMPDIR: tmp } },
      ),
      ESTIMATES.collector,
    );
    await mkdir(dir, { recursive: true });
    await rename(join(work, 'otelcol-histogram-demo'), binary);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  log(`  collector cached at ${binary}`);
  return binary;
}

/**
 * How Prometheus is built. `remove_all_sd` is upstream's supported way to leave out the
 * optional service discoveries (its README, "Service discovery plugins"; the build constraints
 * of plugins/plugin_*.go): our configs use static_configs only, and file_sd and http_sd stay
 * (plugins/minimum.go). Stripped and -trimpath like upstream's release builds. Part of the
 * cache key, so changing a flag builds a new binary instead of reusing an old one.
 */
export const PROMETHEUS_BUILD_FLAGS: readonly string[] = ['-trimpath', '-ldflags=-s -w', '-tags=remove_all_sd'];

/** The cache folder's key: what was built, and how. */
function prometheusBuildKey(): string {
  const recipe = JSON.stringify([PROMETHEUS_MODULE, PROMETHEUS_MODULE_VERSION, PROMETHEUS_BUILD_FLAGS]);
  return createHash('sha256').update(recipe).digest('hex').slice(0, 12);
}

/**
 * Prometheus and promtool from the Go module proxy. `go install module@version` refuses
 * this module (its go.mod has replace/exclude directives), so we download the module and
 * build inside it. Such a build has no web UI assets (they come from an npm build that the
 * release process embeds); the API, which our commands and Grafana use, is complete.
 */
export async function ensurePrometheus(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ prometheus: string; promtool: string }> {
  const dir = join(cacheDir(env), `prometheus-${PROMETHEUS_VERSION}-${prometheusBuildKey()}`);
  const prometheus = join(dir, 'prometheus');
  const promtool = join(dir, 'promtool');
  if ((await exists(prometheus)) && (await exists(promtool))) return { prometheus, promtool };

  log(`Building Prometheus ${PROMETHEUS_VERSION} from the Go module proxy, first run only...`);
  const download = await execOrFail('prometheus', 'go mod download', 'go', [
    'mod',
    'download',
    '-json',
    `${PROMETHEUS_MODULE}@${PROMETHEUS_MODULE_VERSION}`,
  ]);
  const moduleDir = (JSON.parse(download) as { Dir?: string }).Dir;
  if (!moduleDir) throw new StackError('prometheus', `go mod download gave no directory: ${download}`);
  const work = `${dir}.build-${process.pid}`;
  await mkdir(work, { recursive: true });
  try {
    await withHeartbeat(
      log,
      'building Prometheus (modules, then compile)',
      execOrFail(
        'prometheus',
        'go build',
        'go',
        ['build', ...PROMETHEUS_BUILD_FLAGS, '-o', `${work}/`, './cmd/prometheus', './cmd/promtool'],
        {
          cwd: moduleDir,
          // GOWORK=off: a go.work of the user's must not leak in; -mod=mod: the module cache is read-only.
          env: { GOWORK: 'off', GOFLAGS: '-mod=mod' },
        },
      ),
      ESTIMATES.prometheus,
    );
    await rm(dir, { recursive: true, force: true });
    await rename(work, dir);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  log(`  Prometheus cached at ${dir}`);
  return { prometheus, promtool };
}

/**
 * Runs independent first-run steps at once and waits for all of them, so a failed step never
 * leaves another still building behind the error. Go builds alternate between downloading
 * (network) and compiling (CPU): run together, one's downloads overlap the other's compile.
 */
export async function allSettledOrFail<T extends readonly unknown[]>(
  steps: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const results = await Promise.allSettled(steps);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Builds what is missing, concurrently; returns immediately when both are cached. */
export async function ensureBinaries(log: Log, env: NodeJS.ProcessEnv = process.env): Promise<Binaries> {
  const [otelcol, { prometheus, promtool }] = await allSettledOrFail([
    ensureCollector(log, env),
    ensurePrometheus(log, env),
  ]);
  return { otelcol, prometheus, promtool };
}

/**
 * How Thanos is built: with the `slicelabels` tag of its release builds (.promu.yml). Without
 * it, Prometheus' default label layout meets Thanos' unsafe casts of label slices and the first
 * gRPC call between query and receiver panics (`makeslice: len out of range` in extgrpc's
 * codec). The version is stamped as the release does. Part of the cache folder's name, so a
 * binary built otherwise is never reused.
 */
export const THANOS_BUILD_FLAGS: readonly string[] = [
  '-tags=slicelabels',
  `-ldflags=-X github.com/prometheus/common/version.Version=${THANOS_VERSION}`,
];

/**
 * Thanos from the Go module proxy, built inside its module like Prometheus (its go.mod has
 * replace directives too). Built only for `stack up --thanos`: the default stack never waits for it.
 */
export async function ensureThanos(log: Log, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify(THANOS_BUILD_FLAGS)).digest('hex').slice(0, 12);
  const dir = join(cacheDir(env), `thanos-${THANOS_VERSION}-${key}`);
  const thanos = join(dir, 'thanos');
  if (await exists(thanos)) return thanos;

  log(
    `Building Thanos ${THANOS_VERSION} from the Go module proxy, first run only (about 30 minutes on 2 busy cores)...`,
  );
  const download = await execOrFail('thanos', 'go mod download', 'go', [
    'mod',
    'download',
    '-json',
    `${THANOS_MODULE}@v${THANOS_VERSION}`,
  ]);
  const moduleDir = (JSON.parse(download) as { Dir?: string }).Dir;
  if (!moduleDir) throw new StackError('thanos', `go mod download gave no directory: ${download}`);
  const work = `${dir}.build-${process.pid}`;
  await mkdir(work, { recursive: true });
  try {
    await withHeartbeat(
      log,
      'building Thanos',
      execOrFail('thanos', 'go build', 'go', ['build', ...THANOS_BUILD_FLAGS, '-o', `${work}/`, './cmd/thanos'], {
        cwd: moduleDir,
        env: { GOWORK: 'off', GOFLAGS: '-mod=mod' },
      }),
    );
    await rm(dir, { recursive: true, force: true });
    await rename(work, dir);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  log(`  Thanos cached at ${thanos}`);
  return thanos;
}
