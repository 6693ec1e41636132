import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, chmod, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar';
import { parseHttpUrl } from '../config/env.js';
import { PROMETHEUS_VERSION, THANOS_VERSION } from '../config/versions.js';
import { ChecksumMismatchError } from '../errors/ChecksumMismatchError.js';
import { ReleaseUnavailableError } from '../errors/ReleaseUnavailableError.js';
import { cacheDir } from './paths.js';
import { duration } from './progress.js';

type Log = (line: string) => void;

/** Where upstream publishes its release archives; `HISTOGRAM_DEMO_DOWNLOAD_BASE` names a mirror of the same layout. */
export const DEFAULT_DOWNLOAD_BASE = 'https://github.com';

/**
 * The smallest official collector distribution whose manifest (opentelemetry-collector-releases,
 * distributions/otelcol/manifest.yaml at v0.155.0) holds every component of our
 * otelcol-config.yml: the otlp receiver, the batch and memory_limiter processors, the debug and
 * prometheus exporters and the health_check extension. otelcol-otlp lacks the last four;
 * otelcol-k8s and otelcol-contrib are larger supersets.
 */
export const COLLECTOR_DISTRIBUTION = 'otelcol';

/** One upstream release archive and the binaries we take from it. */
export interface Release {
  /** For messages and errors: `prometheus`, `collector`, `thanos`. */
  readonly component: string;
  readonly title: string;
  /** `owner/name` on GitHub (or the mirror). */
  readonly repository: string;
  readonly version: string;
  readonly archive: string;
  /** The release's own checksum file (`sha256sum` format), published beside the archive. */
  readonly checksums: string;
  /** Cached name -> path inside the archive. */
  readonly binaries: Readonly<Record<string, string>>;
}

/** Upstream's names for this machine, or undefined where no tar.gz release is published. */
export function releasePlatform(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): { os: string; arch: string } | undefined {
  const os = ({ linux: 'linux', darwin: 'darwin' } as Partial<Record<NodeJS.Platform, string>>)[platform];
  const goArch = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string | undefined>)[arch];
  return os && goArch ? { os, arch: goArch } : undefined;
}

export type ReleasePlatform = NonNullable<ReturnType<typeof releasePlatform>>;

/** `prometheus-3.16.0.linux-amd64.tar.gz` and `sha256sums.txt` (promu's layout). */
export function prometheusRelease(platform: ReleasePlatform): Release {
  const folder = `prometheus-${PROMETHEUS_VERSION}.${platform.os}-${platform.arch}`;
  return {
    component: 'prometheus',
    title: `Prometheus ${PROMETHEUS_VERSION}`,
    repository: 'prometheus/prometheus',
    version: PROMETHEUS_VERSION,
    archive: `${folder}.tar.gz`,
    checksums: 'sha256sums.txt',
    binaries: { prometheus: `${folder}/prometheus`, promtool: `${folder}/promtool` },
  };
}

/** `otelcol_0.155.0_linux_amd64.tar.gz` and `opentelemetry-collector-releases_otelcol_checksums.txt` (goreleaser's). */
export function collectorRelease(version: string, platform: ReleasePlatform): Release {
  return {
    component: 'collector',
    title: `the OpenTelemetry Collector ${version} (${COLLECTOR_DISTRIBUTION})`,
    repository: 'open-telemetry/opentelemetry-collector-releases',
    version,
    archive: `${COLLECTOR_DISTRIBUTION}_${version}_${platform.os}_${platform.arch}.tar.gz`,
    checksums: `opentelemetry-collector-releases_${COLLECTOR_DISTRIBUTION}_checksums.txt`,
    binaries: { [COLLECTOR_DISTRIBUTION]: COLLECTOR_DISTRIBUTION },
  };
}

/** `thanos-0.42.4.linux-amd64.tar.gz` and `sha256sums.txt` (promu's layout). */
export function thanosRelease(platform: ReleasePlatform): Release {
  const folder = `thanos-${THANOS_VERSION}.${platform.os}-${platform.arch}`;
  return {
    component: 'thanos',
    title: `Thanos ${THANOS_VERSION}`,
    repository: 'thanos-io/thanos',
    version: THANOS_VERSION,
    archive: `${folder}.tar.gz`,
    checksums: 'sha256sums.txt',
    binaries: { thanos: `${folder}/thanos` },
  };
}

/** Where a release's binaries are cached: apart from source builds, which have their own keyed folders. */
export function releaseDir(release: Release, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), `${release.component}-${release.version}-release`);
}

/** The download base: `HISTOGRAM_DEMO_DOWNLOAD_BASE`, else GitHub. */
export function downloadBase(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.HISTOGRAM_DEMO_DOWNLOAD_BASE || DEFAULT_DOWNLOAD_BASE;
  return parseHttpUrl(base, 'HISTOGRAM_DEMO_DOWNLOAD_BASE').href.replace(/\/+$/, '');
}

/** GitHub's layout: `<base>/<owner>/<repo>/releases/download/v<version>/<asset>`. */
export function assetUrl(base: string, release: Release, asset: string): string {
  return `${base}/${release.repository}/releases/download/v${release.version}/${asset}`;
}

async function exists(path: string): Promise<boolean> {
  return await access(path).then(
    () => true,
    () => false,
  );
}

/** The cached binaries of a release, when every one of them is there. */
export async function cachedRelease(
  release: Release,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, string> | undefined> {
  const dir = releaseDir(release, env);
  const paths = Object.fromEntries(Object.keys(release.binaries).map((name) => [name, join(dir, name)]));
  for (const path of Object.values(paths)) if (!(await exists(path))) return undefined;
  return paths;
}

/** `sha256sum` lines: `<64 hex>  <name>` (a `*` before the name marks binary mode). */
export function checksumFor(checksumsText: string, archive: string): string | undefined {
  for (const line of checksumsText.split('\n')) {
    const match = /^([0-9a-fA-F]{64})\s+\*?(.+?)\s*$/.exec(line);
    if (match?.[2] === archive) return match[1]?.toLowerCase();
  }
  return undefined;
}

export interface DownloadOptions {
  /** How long to wait for a server to answer (connect and headers), and at most between two chunks of a body. */
  readonly timeoutMs?: number;
  /** Interval of the progress lines. */
  readonly progressMs?: number;
}

/** A short wait: an unreachable base must fall back to the source build quickly. */
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 10_000;
const PROGRESS_MS = 10_000;

function reasonOf(error: unknown): string {
  // fetch's own message is "fetch failed"; the network's reason is in its cause.
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.message)
    return cause.code && !cause.message.includes(cause.code) ? `${cause.code}: ${cause.message}` : cause.message;
  return (error as Error).message;
}

/**
 * GET with a deadline for the answer and, once the body flows, for each next chunk: a server
 * that never answers or stalls mid-transfer is abandoned after `timeoutMs` without data.
 */
async function get(release: Release, url: string, timeoutMs: number) {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  const stall = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`no data for ${timeoutMs / 1000} s`)), timeoutMs);
  };
  let response: Response;
  try {
    response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
  } catch (error) {
    clearTimeout(timer);
    const reason = controller.signal.aborted ? (controller.signal.reason as Error).message : reasonOf(error);
    throw new ReleaseUnavailableError(release.component, url, reason, { cause: error });
  }
  if (!response.ok || !response.body) {
    clearTimeout(timer);
    await response.body?.cancel();
    throw new ReleaseUnavailableError(release.component, url, `HTTP ${response.status}`);
  }
  stall();
  return { response, body: response.body, stall, done: () => clearTimeout(timer), signal: controller.signal };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** The archive's SHA-256 as the release's checksum file publishes it. */
async function expectedChecksum(release: Release, checksumsUrl: string, timeoutMs: number): Promise<string> {
  const checksums = await get(release, checksumsUrl, timeoutMs);
  let checksumsText: string;
  try {
    checksumsText = await checksums.response.text();
  } catch (error) {
    throw new ReleaseUnavailableError(release.component, checksumsUrl, reasonOf(error), { cause: error });
  } finally {
    checksums.done();
  }
  const expected = checksumFor(checksumsText, release.archive);
  if (!expected) throw new ReleaseUnavailableError(release.component, checksumsUrl, `no line for ${release.archive}`);
  return expected;
}

/**
 * Streams the archive into `archivePath` with a progress line every `progressMs`, and returns
 * its SHA-256, hashed on the way. A broken or short transfer is a ReleaseUnavailableError.
 */
async function downloadArchive(
  release: Release,
  archiveUrl: string,
  archivePath: string,
  base: string,
  log: Log,
  options: DownloadOptions & { readonly timeoutMs: number },
): Promise<{ readonly sha256: string; readonly started: number }> {
  const download = await get(release, archiveUrl, options.timeoutMs);
  const total = Number(download.response.headers.get('content-length')) || undefined;
  log(`Downloading ${release.title}, the official release archive, first run only...`);
  log(`  downloading ${release.archive}${total ? ` (${megabytes(total)})` : ''} from ${base}...`);
  const started = Date.now();
  let received = 0;
  const hash = createHash('sha256');
  const progress = setInterval(
    () =>
      log(
        `  ... downloading ${release.archive}: ${megabytes(received)}${total ? ` of ${megabytes(total)}` : ''} in ${duration(Date.now() - started)}`,
      ),
    options.progressMs ?? PROGRESS_MS,
  );
  try {
    await pipeline(
      Readable.fromWeb(download.body as import('node:stream/web').ReadableStream<Uint8Array>),
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          download.stall();
          received += chunk.length;
          hash.update(chunk);
          callback(null, chunk);
        },
      }),
      createWriteStream(archivePath),
    );
  } catch (error) {
    const reason = download.signal.aborted ? (download.signal.reason as Error).message : reasonOf(error);
    throw new ReleaseUnavailableError(
      release.component,
      archiveUrl,
      `transfer broke off after ${megabytes(received)}: ${reason}`,
      { cause: error },
    );
  } finally {
    clearInterval(progress);
    download.done();
  }
  if (total !== undefined && received !== total) {
    throw new ReleaseUnavailableError(
      release.component,
      archiveUrl,
      `transfer broke off: ${received} of ${total} bytes`,
    );
  }
  return { sha256: hash.digest('hex'), started };
}

/**
 * Unpacks the release's binaries from the archive in `work` and renames them, made executable,
 * into `dir` in one step.
 */
async function installBinaries(release: Release, archivePath: string, archiveUrl: string, work: string, dir: string) {
  const unpacked = join(work, 'unpacked');
  await extract({ file: archivePath, cwd: unpacked, strict: true, filter: (path) => isWanted(release, path) });
  const staged = join(work, 'binaries');
  await mkdir(staged);
  for (const [name, inside] of Object.entries(release.binaries)) {
    const from = join(unpacked, inside);
    if (!(await exists(from))) {
      throw new ReleaseUnavailableError(release.component, archiveUrl, `the archive holds no ${inside}`);
    }
    await chmod(from, 0o755);
    await rename(from, join(staged, name));
  }
  await rm(dir, { recursive: true, force: true });
  await rename(staged, dir);
}

/**
 * Downloads a release archive, checks its SHA-256 against the release's checksum file, unpacks
 * the binaries into the cache and returns their paths. Everything happens in a temp folder
 * inside the cache that is renamed into place only once complete: a failure at any step
 * (unreachable, HTTP error, broken transfer, wrong checksum, bad archive) leaves nothing cached.
 * @throws ReleaseUnavailableError when the archive cannot be fetched (the caller builds instead)
 * @throws ChecksumMismatchError when it was fetched but is not what upstream published
 */
export async function downloadRelease(
  release: Release,
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
  options: DownloadOptions = {},
): Promise<Record<string, string>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS;
  const base = downloadBase(env);
  const checksumsUrl = assetUrl(base, release, release.checksums);
  const archiveUrl = assetUrl(base, release, release.archive);
  const expected = await expectedChecksum(release, checksumsUrl, timeoutMs);

  const dir = releaseDir(release, env);
  const work = `${dir}.download-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  await mkdir(join(work, 'unpacked'), { recursive: true });
  try {
    const archivePath = join(work, release.archive);
    const { sha256, started } = await downloadArchive(release, archiveUrl, archivePath, base, log, {
      ...options,
      timeoutMs,
    });
    if (sha256 !== expected) {
      throw new ChecksumMismatchError(release.component, release.archive, expected, sha256, checksumsUrl);
    }
    log(`  downloading ${release.archive}: done in ${duration(Date.now() - started)} (SHA-256 verified)`);
    await installBinaries(release, archivePath, archiveUrl, work, dir);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  log(`  ${release.title} cached at ${dir}`);
  const paths = await cachedRelease(release, env);
  if (!paths) throw new ReleaseUnavailableError(release.component, archiveUrl, `nothing usable in ${dir}`);
  return paths;
}

/** Only the binaries we use are unpacked (upstream's archives also hold licenses and sample configs). */
function isWanted(release: Release, path: string): boolean {
  const normalised = path.replace(/^\.\//, '');
  return Object.values(release.binaries).includes(normalised);
}
