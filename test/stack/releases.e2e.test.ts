import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collectorVersion, ensureBinaries, ensurePromtool, ensureThanos } from '../../src/stack/binaries.js';
import { collectorRelease, prometheusRelease, releasePlatform, thanosRelease } from '../../src/stack/releases.js';
import { startTestStack, THANOS_HOOK_TIMEOUT_MS, testStackArgs } from '../e2e/nativeStack.js';
import { runCli } from '../helpers/cli.js';
import { type ReleaseMirror, serveMirror, writeMirror } from '../helpers/releaseMirror.js';

/**
 * The official-release path against a local mirror in GitHub's layout, whose archives are made
 * from the binaries this machine already built (~/.cache/histogram-demo: no rebuild). Every
 * `stack up` runs with an empty cache folder of its own and no Go on PATH: what it runs came
 * from the mirror, and a failure can only fall back to a build that cannot happen here.
 */

const platform = releasePlatform();
if (!platform) throw new Error(`no release platform for ${process.platform}/${process.arch}: run on linux or macOS`);

/** PATH without the folders that hold a `go` command. */
const PATH_WITHOUT_GO = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((dir) => dir !== '' && !existsSync(join(dir, 'go')))
  .join(delimiter);

const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

/** Everything in a cache folder, or nothing when it was never made. */
const listing = async (dir: string) => await readdir(dir).catch(() => [] as string[]);

let mirrorRoot: string;
let mirror: ReleaseMirror;
let built: { prometheus: string; promtool: string; otelcol: string };
const prometheus = prometheusRelease(platform);
let collector: ReturnType<typeof collectorRelease>;

beforeAll(async () => {
  const log = () => {};
  // The machine's own builds (built here on a fresh machine, as every e2e file needs them).
  const binaries = await ensureBinaries(log, process.env, { fromSource: true });
  built = {
    prometheus: binaries.prometheus,
    promtool: await ensurePromtool(log, process.env, { fromSource: true }),
    otelcol: binaries.otelcol,
  };
  collector = collectorRelease(await collectorVersion(), platform);
  mirrorRoot = await mkdtemp(join(tmpdir(), 'histogram-demo-mirror-'));
  await writeMirror(mirrorRoot, [
    { release: prometheus, from: { prometheus: built.prometheus, promtool: built.promtool } },
    { release: collector, from: { otelcol: built.otelcol } },
  ]);
  mirror = await serveMirror(mirrorRoot);
});

afterAll(async () => {
  await mirror?.close();
  if (mirrorRoot) await rm(mirrorRoot, { recursive: true, force: true });
});

async function withCache<T>(run: (cache: string) => Promise<T>): Promise<T> {
  const cache = await mkdtemp(join(tmpdir(), 'histogram-demo-cache-'));
  try {
    return await run(cache);
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
}

describe('stack up from official release archives', () => {
  test('a cold stack up downloads both archives, checks them and runs them with no Go on PATH', async () => {
    await withCache(async (cache) => {
      const env = {
        HISTOGRAM_DEMO_CACHE: cache,
        HISTOGRAM_DEMO_DOWNLOAD_BASE: mirror.base('good'),
        PATH: PATH_WITHOUT_GO,
      };
      const stack = await startTestStack([], { env });
      try {
        expect(stack.upOutput).toContain(`downloading ${prometheus.archive}`);
        expect(stack.upOutput).toContain(`downloading ${collector.archive}`);
        expect(stack.upOutput.match(/: done in .* \(SHA-256 verified\)/g)).toHaveLength(2);
        expect(stack.upOutput).not.toMatch(/Building|go build|ocb/);
        // What runs is what the mirror served, byte for byte.
        expect(await sha256(join(cache, 'prometheus-3.16.0-release/prometheus'))).toBe(await sha256(built.prometheus));
        expect(await sha256(join(cache, 'prometheus-3.16.0-release/promtool'))).toBe(await sha256(built.promtool));
        expect(await sha256(join(cache, `collector-${collector.version}-release/otelcol`))).toBe(
          await sha256(built.otelcol),
        );
        const status = await runCli(['stack', 'status', '--state-dir', stack.stateDir], { env });
        expect(status.stdout).toMatch(/^collector\s+healthy/m);
        expect(status.stdout).toMatch(/^prometheus\s+healthy/m);
        // A second start finds the cache and fetches nothing.
        const requestsBefore = mirror.requests.length;
        const again = await runCli(['stack', 'up', '--native', ...stack.upArgs], { env });
        expect(again.code).toBe(0);
        expect(mirror.requests.length).toBe(requestsBefore);
      } finally {
        await stack.down();
      }
      expect((await listing(cache)).sort()).toEqual(['collector-0.155.0-release', 'prometheus-3.16.0-release']);
    });
  }, 300_000);

  test('a tampered archive is refused in one line naming the checksum, and nothing is cached', async () => {
    await withCache(async (cache) => {
      const { stateDir, upArgs } = await testStackArgs();
      try {
        const env = {
          HISTOGRAM_DEMO_CACHE: cache,
          HISTOGRAM_DEMO_DOWNLOAD_BASE: mirror.base('tampered'),
          PATH: PATH_WITHOUT_GO,
        };
        const up = await runCli(['stack', 'up', '--native', ...upArgs], { env, timeoutMs: 120_000 });
        expect(up.code).not.toBe(0);
        const lines = up.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        const checksums = await readFile(
          join(mirrorRoot, prometheus.repository, 'releases/download', `v${prometheus.version}`, prometheus.checksums),
          'utf8',
        );
        const collectorChecksums = await readFile(
          join(mirrorRoot, collector.repository, 'releases/download', `v${collector.version}`, collector.checksums),
          'utf8',
        );
        const expected = [checksums, collectorChecksums].map((text) => text.trim().split('\n').at(-1)?.split(' ')[0]);
        // Whichever archive was refused first: its name, its published checksum and "refused".
        expect(lines[0]).toMatch(
          /refused: its SHA-256 is [0-9a-f]{64}, the release's checksum file .* says [0-9a-f]{64}/,
        );
        expect(expected.some((sha) => sha && lines[0]?.includes(sha))).toBe(true);
        expect(up.stdout).not.toContain('from source instead');
        expect(await listing(cache)).toEqual([]);
      } finally {
        await rm(stateDir, { recursive: true, force: true });
      }
    });
  }, 180_000);

  test.each([
    ['missing', 'HTTP 404'],
    ['partial', 'transfer broke off'],
    ['silent', 'no answer within 10 s'],
  ] as const)(
    'a mirror that answers %s falls back to the source build with one line, caching nothing',
    async (behaviour, reason) => {
      await withCache(async (cache) => {
        const { stateDir, upArgs } = await testStackArgs();
        try {
          const env = {
            HISTOGRAM_DEMO_CACHE: cache,
            HISTOGRAM_DEMO_DOWNLOAD_BASE: mirror.base(behaviour),
            PATH: PATH_WITHOUT_GO,
          };
          const up = await runCli(['stack', 'up', '--native', ...upArgs], { env, timeoutMs: 120_000 });
          const fallbacks = up.stdout.split('\n').filter((line) => line.includes('from source instead'));
          expect(fallbacks).toHaveLength(2);
          for (const [line, what] of [
            [fallbacks.find((found) => found.startsWith('prometheus:')), 'Prometheus'],
            [fallbacks.find((found) => found.startsWith('collector:')), 'the collector'],
          ] as const) {
            expect(line).toContain(reason);
            expect(line).toContain(`building ${what} from source instead`);
          }
          // The fallback is real: it tries to build, and this PATH has no Go.
          expect(up.code).not.toBe(0);
          expect(up.stderr).toContain('"go" not found on PATH');
          expect(await listing(cache)).toEqual([]);
        } finally {
          await rm(stateDir, { recursive: true, force: true });
        }
      });
    },
    120_000,
  );
});

describe('Thanos from its official release archive', () => {
  test(
    'is downloaded, checked, unpacked and runs, for stack up --thanos',
    async () => {
      // The machine's own Thanos build (the Thanos e2e files need it too; built here on a fresh machine).
      const built = await ensureThanos(() => {}, process.env, { fromSource: true });
      const release = thanosRelease(platform);
      const root = await mkdtemp(join(tmpdir(), 'histogram-demo-mirror-thanos-'));
      const served = await serveMirror(root);
      try {
        await writeMirror(root, [{ release, from: { thanos: built } }]);
        await withCache(async (cache) => {
          const lines: string[] = [];
          const env = { HISTOGRAM_DEMO_CACHE: cache, HISTOGRAM_DEMO_DOWNLOAD_BASE: served.base('good') };
          const thanos = await ensureThanos((line) => lines.push(line), env);
          expect(thanos).toBe(join(cache, 'thanos-0.42.4-release/thanos'));
          expect(lines.join('\n')).toContain(`downloading ${release.archive}`);
          expect(await sha256(thanos)).toBe(await sha256(built));
          const version = await execa(thanos, ['--version'], {
            reject: false,
            all: true,
            env: { PATH: PATH_WITHOUT_GO },
          });
          expect(version.all).toContain('version 0.42.4');
          expect(await listing(cache)).toEqual(['thanos-0.42.4-release']);
        });
      } finally {
        await served.close();
        await rm(root, { recursive: true, force: true });
      }
    },
    THANOS_HOOK_TIMEOUT_MS,
  );
});
