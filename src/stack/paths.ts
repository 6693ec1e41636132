import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: configs/ and dashboards/ ship beside dist/. */
export const PACKAGE_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export const CONFIG_FILES = {
  collector: join(PACKAGE_ROOT, 'configs/otel-collector/otelcol-config.yml'),
  collectorManifest: join(PACKAGE_ROOT, 'configs/otel-collector/builder-config.yaml'),
  prometheus: join(PACKAGE_ROOT, 'configs/prometheus/prometheus.yml'),
  thanosHashring: join(PACKAGE_ROOT, 'configs/thanos/hashring.json'),
  compose: join(PACKAGE_ROOT, 'docker-compose.yml'),
} as const;

/** Our own CLI, which the stack runs for its `dashboards` component. */
export const CLI_SCRIPT = join(PACKAGE_ROOT, 'bin/histogram-demo.js');

/**
 * Built binaries live outside the repo, keyed by version, so a fresh clone or `clean`
 * never forces a rebuild: `HISTOGRAM_DEMO_CACHE`, else `$XDG_CACHE_HOME/histogram-demo`,
 * else `~/.cache/histogram-demo`.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HISTOGRAM_DEMO_CACHE) return resolve(env.HISTOGRAM_DEMO_CACHE);
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'histogram-demo');
}

/**
 * True when this copy runs from an installed package (inside a node_modules folder, local or
 * global), not from a clone of the repo: nothing may then be written beside the code, which the
 * next `npm ci` or upgrade replaces.
 */
export const INSTALLED_AS_PACKAGE = PACKAGE_ROOT.split(sep).includes('node_modules');

/**
 * Pids, logs, derived configs and the Prometheus TSDB of one stack: `HISTOGRAM_DEMO_STATE`,
 * else `.histogram-demo` in the repo, else (installed as a package) the user's state folder,
 * `$XDG_STATE_HOME/histogram-demo` or `~/.local/state/histogram-demo`.
 */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, installed = INSTALLED_AS_PACKAGE): string {
  if (env.HISTOGRAM_DEMO_STATE) return resolve(env.HISTOGRAM_DEMO_STATE);
  if (!installed) return join(PACKAGE_ROOT, '.histogram-demo');
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'histogram-demo');
}

/** The package's own version (package.json), for `--version`. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
