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
import { ReleaseUnavailableError } from '../errors/ReleaseUnavailableError.js';
import { StackError } from '../errors/StackError.js';
import { execOrFail } from './exec.js';
import { CONFIG_FILES, cacheDir } from './paths.js';
import { withHeartbeat } from './progress.js';
import { prometheusUiWorkingDir } from './prometheusUi.js';
import {
  COLLECTOR_DISTRIBUTION,
  cachedRelease,
  collectorRelease,
  type DownloadOptions,
  downloadRelease,
  prometheusRelease,
  type Release,
  releasePlatform,
  thanosRelease,
} from './releases.js';

export interface Binaries {
  readonly otelcol: string;
  readonly prometheus: string;
  /**
   * Undefined until built: a source build compiles promtool after Prometheus, off the first
   * start's critical path (Prometheus checks its own config as it starts); see ensurePromtool.
   */
  readonly promtool: string | undefined;
  /**
   * Where to start Prometheus: a source build has no embedded web UI and reads it from
   * ./web/ui/static there (stack/prometheusUi.ts); a release embeds it (undefined).
   */
  readonly prometheusCwd: string | undefined;
}

/** How `stack up` gets its binaries. */
export interface BinaryOptions {
  /** Build from the Go module proxy even where a release archive could be downloaded (`--build-from-source`). */
  readonly fromSource?: boolean;
  readonly download?: DownloadOptions;
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
const ESTIMATES = { collectorBuilder: 40, collector: 165, prometheus: 200, promtool: 120 } as const;

/**
 * The environment of every Go build here, on top of the user's. CGO_ENABLED=0 as upstream's
 * release builds (promu's default for Prometheus and Thanos; ocb's for the collector): static
 * binaries, and no C compiler runs. GOGC=off with GOMEMLIMIT=1GiB: the compiler and linker
 * collect garbage only once a process nears 1 GiB (its peak stays about there, so two builds at
 * once stay within a few GiB), instead of every time its heap doubles. Neither changes what our
 * stack sees of a binary, so neither is part of a cache key (binaries built before stay).
 * `go build ./cmd/prometheus` on an idle 2-core machine, modules downloaded, empty build cache,
 * user CPU: 205 s with cgo, 196 s without; then, on the same machine an hour later (its speed
 * varies with its host's load), 228 s with GOGC=400 and 205 s with GOGC=off GOMEMLIMIT=1GiB.
 */
const GO_BUILD_ENV = { CGO_ENABLED: '0', GOGC: 'off', GOMEMLIMIT: '1GiB' } as const;

/** The collector version: the manifest's `dist.version`, which the builder must equal. */
export async function collectorVersion(manifestPath = CONFIG_FILES.collectorManifest): Promise<string> {
  const manifest = parse(await readFile(manifestPath, 'utf8')) as { dist?: { version?: string } };
  const version = manifest.dist?.version;
  if (!version) throw new StackError('collector', `${manifestPath} has no dist.version`);
  return version;
}

/**
 * Official release first, source build second: a cached release, else a cached source build,
 * else a download (checked against the release's checksums), else a build. A release that
 * cannot be fetched (no answer, HTTP error, broken transfer) falls back to the build with one
 * line saying why; a checksum mismatch refuses (ChecksumMismatchError), never falls back.
 */
async function releaseOrBuild<T>(
  what: string,
  release: Release | undefined,
  log: Log,
  env: NodeJS.ProcessEnv,
  options: BinaryOptions,
  steps: {
    fromRelease: (paths: Record<string, string>) => T | Promise<T>;
    cachedBuild: () => Promise<T | undefined>;
    build: () => Promise<T>;
  },
): Promise<T> {
  if (!options.fromSource && release) {
    const cached = await cachedRelease(release, env);
    if (cached) return await steps.fromRelease(cached);
  }
  const built = await steps.cachedBuild();
  if (built !== undefined) return built;
  if (!options.fromSource) {
    if (!release) {
      log(`No official ${what} archive for ${process.platform}/${process.arch}: building it from source`);
    } else {
      try {
        return await steps.fromRelease(await downloadRelease(release, log, env, options.download));
      } catch (error) {
        if (!(error instanceof ReleaseUnavailableError)) throw error;
        log(`${error.message}: building ${what} from source instead (--build-from-source skips the download)`);
      }
    }
  }
  return await steps.build();
}

/**
 * The collector: the official `otelcol` distribution's release archive (it holds every
 * component our config uses), else built by the official builder (ocb) from the pinned
 * manifest, cached under a key of version + manifest hash (editing the manifest builds a new
 * binary; run with `--build-from-source` to use it where a release is cached).
 */
export async function ensureCollector(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
  options: BinaryOptions = {},
): Promise<string> {
  const version = await collectorVersion();
  const platform = releasePlatform();
  return await releaseOrBuild('the collector', platform && collectorRelease(version, platform), log, env, options, {
    fromRelease: (paths) => paths[COLLECTOR_DISTRIBUTION] as string,
    cachedBuild: async () => {
      const binary = await collectorBuildPath(version, env);
      return (await exists(binary)) ? binary : undefined;
    },
    build: async () => await buildCollector(version, log, env),
  });
}

async function collectorBuildPath(version: string, env: NodeJS.ProcessEnv): Promise<string> {
  const manifestText = await readFile(CONFIG_FILES.collectorManifest, 'utf8');
  const key = createHash('sha256').update(manifestText).digest('hex').slice(0, 12);
  return join(cacheDir(env), `otelcol-${version}-${key}`, 'otelcol-histogram-demo');
}

async function buildCollector(version: string, log: Log, env: NodeJS.ProcessEnv): Promise<string> {
  const binary = await collectorBuildPath(version, env);
  const dir = join(binary, '..');
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
        // -trimpath as ocb's own build of the collector, which then reuses the packages both import.
        ['install', '-trimpath', `${COLLECTOR_BUILDER_MODULE}@v${version}`],
        { env: { ...GO_BUILD_ENV, GOBIN: toolsDir } },
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
        { env: { ...GO_BUILD_ENV, TMPDIR: tmp } },
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

function prometheusBuildDir(env: NodeJS.ProcessEnv): string {
  return join(cacheDir(env), `prometheus-${PROMETHEUS_VERSION}-${prometheusBuildKey()}`);
}

/**
 * Prometheus (and promtool) from the official release archive, else Prometheus built from the
 * Go module proxy; promtool then comes later (ensurePromtool), and so does its web UI
 * (ensurePrometheusUi, into the folder it is started in), both off the first start's critical path.
 */
export async function ensurePrometheus(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
  options: BinaryOptions = {},
): Promise<Pick<Binaries, 'prometheus' | 'promtool' | 'prometheusCwd'>> {
  const platform = releasePlatform();
  const dir = prometheusBuildDir(env);
  const fromBuild = async (prometheus: string) => {
    const promtool = join(dir, 'promtool');
    return {
      prometheus,
      promtool: (await exists(promtool)) ? promtool : undefined,
      prometheusCwd: await prometheusUiWorkingDir(env),
    };
  };
  type Found = Pick<Binaries, 'prometheus' | 'promtool' | 'prometheusCwd'>;
  return await releaseOrBuild<Found>('Prometheus', platform && prometheusRelease(platform), log, env, options, {
    fromRelease: (paths) => ({
      prometheus: paths.prometheus as string,
      promtool: paths.promtool,
      prometheusCwd: undefined,
    }),
    cachedBuild: async () => {
      const prometheus = join(dir, 'prometheus');
      return (await exists(prometheus)) ? await fromBuild(prometheus) : undefined;
    },
    build: async () => await fromBuild(await buildPrometheusCommand('prometheus', log, env)),
  });
}

/**
 * promtool: the release's, else built from the Go module proxy beside the source-built
 * Prometheus. Not needed for a first start: Prometheus refuses a broken config itself.
 */
export async function ensurePromtool(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
  options: BinaryOptions = {},
): Promise<string> {
  const platform = releasePlatform();
  if (!options.fromSource && platform) {
    const cached = await cachedRelease(prometheusRelease(platform), env);
    if (cached?.promtool) return cached.promtool;
  }
  const promtool = join(prometheusBuildDir(env), 'promtool');
  if (await exists(promtool)) return promtool;
  return await buildPrometheusCommand('promtool', log, env);
}

/**
 * One command of Prometheus from the Go module proxy. `go install module@version` refuses
 * this module (its go.mod has replace/exclude directives), so we download the module and
 * build inside it. Such a build has no web UI assets (they come from an npm build that the
 * release process embeds); the API, which our commands and Grafana use, is complete. Built in
 * a temp folder and moved into the cache folder once complete.
 */
async function buildPrometheusCommand(
  command: 'prometheus' | 'promtool',
  log: Log,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const dir = prometheusBuildDir(env);
  const binary = join(dir, command);
  log(`Building ${command} ${PROMETHEUS_VERSION} from the Go module proxy, first run only...`);
  const download = await execOrFail('prometheus', 'go mod download', 'go', [
    'mod',
    'download',
    '-json',
    `${PROMETHEUS_MODULE}@${PROMETHEUS_MODULE_VERSION}`,
  ]);
  const moduleDir = (JSON.parse(download) as { Dir?: string }).Dir;
  if (!moduleDir) throw new StackError('prometheus', `go mod download gave no directory: ${download}`);
  const work = `${dir}.build-${command}-${process.pid}`;
  await mkdir(work, { recursive: true });
  try {
    await withHeartbeat(
      log,
      `building ${command} (modules, then compile)`,
      execOrFail(
        'prometheus',
        `go build ./cmd/${command}`,
        'go',
        ['build', ...PROMETHEUS_BUILD_FLAGS, '-o', `${work}/`, `./cmd/${command}`],
        {
          cwd: moduleDir,
          // GOWORK=off: a go.work of the user's must not leak in; -mod=mod: the module cache is read-only.
          env: { ...GO_BUILD_ENV, GOWORK: 'off', GOFLAGS: '-mod=mod' },
        },
      ),
      ESTIMATES[command],
    );
    await mkdir(dir, { recursive: true });
    await rename(join(work, command), binary);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  log(`  ${command} cached at ${binary}`);
  return binary;
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

/** Downloads or builds what is missing, concurrently; returns immediately when both are cached. */
export async function ensureBinaries(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
  options: BinaryOptions = {},
): Promise<Binaries> {
  const [otelcol, prometheus] = await allSettledOrFail([
    ensureCollector(log, env, options),
    ensurePrometheus(log, env, options),
  ]);
  return { otelcol, ...prometheus };
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
 * Thanos: the official release archive, else built from the Go module proxy inside its module
 * like Prometheus (its go.mod has replace directives too). Only for `stack up --thanos`: the
 * default stack never waits for it.
 */
export async function ensureThanos(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
  options: BinaryOptions = {},
): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify(THANOS_BUILD_FLAGS)).digest('hex').slice(0, 12);
  const thanos = join(cacheDir(env), `thanos-${THANOS_VERSION}-${key}`, 'thanos');
  const platform = releasePlatform();
  return await releaseOrBuild('Thanos', platform && thanosRelease(platform), log, env, options, {
    fromRelease: (paths) => paths.thanos as string,
    cachedBuild: async () => ((await exists(thanos)) ? thanos : undefined),
    build: async () => await buildThanos(thanos, log),
  });
}

async function buildThanos(thanos: string, log: Log): Promise<string> {
  const dir = join(thanos, '..');
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
        env: { ...GO_BUILD_ENV, GOWORK: 'off', GOFLAGS: '-mod=mod' },
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
