import { createHash } from 'node:crypto';
import { access, cp, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { StackError } from '../errors/StackError.js';
import { execOrFail } from '../stack/exec.js';
import { removeAbandonedBuilds } from '../stack/files.js';
import { cacheDir, PACKAGE_ROOT } from '../stack/paths.js';
import { isAlive } from '../stack/processes.js';
import { withHeartbeat } from '../stack/progress.js';

type Log = (line: string) => void;

const COMPONENT = 'dashboards-page';

/** The web app's sources: its own package (web/package.json and lock), never the CLI's. */
export const WEB_DIR = join(PACKAGE_ROOT, 'web');

/** What the build reads from web/: everything but what a build or an install leaves there. */
const LEFT_OUT = new Set(['node_modules', 'dist']);

/** Usual cold durations in seconds on our 2-core machine while the stack's builds run beside. */
const ESTIMATES = { install: 90, bundle: 90 } as const;

async function exists(path: string): Promise<boolean> {
  return await access(path).then(
    () => true,
    () => false,
  );
}

async function sourceFiles(dir: string, root = dir): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (dir === root && LEFT_OUT.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(path, root)));
    else if (entry.isFile()) files.push(relative(root, path));
  }
  return files.sort();
}

/**
 * Waits for the go-ahead of the stack that started this page: the file it writes once its Go
 * builds are done (promtool's, built after Prometheus on a first start from source), or that
 * process ending without writing it (stopped mid-build). On a 2-core machine an npm ci and a
 * Vite build beside a Go build slow it by about a fifth, and first data waits for the Go
 * builds, never for the page. Resolves at once when the file is there; rejects on abort.
 */
export async function waitForGoAhead(
  log: Log,
  goAhead: { readonly file: string; readonly pid: number },
  signal?: AbortSignal,
): Promise<void> {
  if (await exists(goAhead.file)) return;
  log(
    `The page build waits for the stack's Go builds to finish (pid ${goAhead.pid}), so that first data is not slowed`,
  );
  const started = Date.now();
  while (!(await exists(goAhead.file)) && isAlive(goAhead.pid)) {
    signal?.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  signal?.throwIfAborted();
  const seconds = Math.round((Date.now() - started) / 1000);
  log(
    (await exists(goAhead.file))
      ? `The stack's Go builds are done (waited ${seconds} s): building the page now`
      : `The stack (pid ${goAhead.pid}) ended before its Go builds were done (waited ${seconds} s): building the page now`,
  );
}

/** A hash of every source file's path and content: a change to the page rebuilds it. */
export async function bundleKey(webDir: string = WEB_DIR): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await sourceFiles(webDir)) {
    hash
      .update(file)
      .update('\0')
      .update(await readFile(join(webDir, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Where the bundle of these sources is (or will be) cached. */
export async function bundleDirFor(env: NodeJS.ProcessEnv = process.env, webDir: string = WEB_DIR): Promise<string> {
  return join(cacheDir(env), `dashboards-page-${await bundleKey(webDir)}`);
}

/**
 * The Perses dashboards page, bundled by Vite from web/ with its own lockfile, cached as
 * `<cache>/dashboards-page-<key>/` (index.html and assets/), keyed by a hash of web/'s sources.
 * Built on first use, in a work folder beside the cache that is removed after: `npm ci` there
 * (about 510 MB of node_modules, through the user's npm cache like any npm install), then
 * `vite build`. Only the bundle (about 3 MB) is kept. Two builds at once each finish; the
 * first to rename its result wins and the other's is dropped.
 */
export async function ensureDashboardsBundle(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
  signal?: AbortSignal,
): Promise<string> {
  const root = await bundleDirFor(env);
  if (await exists(join(root, 'index.html'))) return root;
  await removeAbandonedBuilds(root);

  log('Building the dashboards page (Perses, Vite), first run only...');
  const work = `${root}.build-${process.pid}`;
  const src = join(work, 'web');
  const buildEnv: NodeJS.ProcessEnv = { npm_config_update_notifier: 'false', npm_config_fund: 'false', CI: 'true' };
  await rm(work, { recursive: true, force: true });
  await mkdir(src, { recursive: true });
  try {
    await cp(WEB_DIR, src, {
      recursive: true,
      filter: (path) => !LEFT_OUT.has(relative(WEB_DIR, path).split(/[\\/]/)[0] ?? ''),
    });
    await withHeartbeat(
      log,
      'installing the dashboards page dependencies (npm ci, web/package-lock.json)',
      execOrFail(COMPONENT, 'npm ci', 'npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: src,
        env: buildEnv,
        signal,
        // npm ci runs install scripts in children of its own: a stop must end them too.
        processGroup: true,
      }),
      ESTIMATES.install,
    );
    const out = join(work, 'out');
    // Stopped between the two steps: no Vite run to start and end again.
    signal?.throwIfAborted();
    await withHeartbeat(
      log,
      'bundling the dashboards page (vite build)',
      execOrFail(
        COMPONENT,
        'vite build',
        process.execPath,
        [join(src, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', out],
        { cwd: src, env: buildEnv, signal, processGroup: true },
      ),
      ESTIMATES.bundle,
    );
    if (!(await exists(join(out, 'index.html')))) {
      throw new StackError(COMPONENT, `the build produced no ${join(out, 'index.html')}`);
    }
    if (!(await exists(join(root, 'index.html')))) {
      await rm(root, { recursive: true, force: true });
      await rename(out, root);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  log(`  dashboards page cached at ${root}`);
  return root;
}
