import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
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

/** Pids, logs, derived configs and the Prometheus TSDB of one stack. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.HISTOGRAM_DEMO_STATE || join(PACKAGE_ROOT, '.histogram-demo'));
}
