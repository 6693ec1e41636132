import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_PORTS, type StackPorts } from '../../src/config/ports.js';
import { collectorEnv } from '../../src/stack/configs.js';
import { CONFIG_FILES } from '../../src/stack/paths.js';
import { writeNativePrometheusConfig } from '../helpers/derivedConfigs.js';

interface ScrapeConfig {
  job_name: string;
  static_configs: { targets: string[] }[];
  [setting: string]: unknown;
}

const ports: StackPorts = { ...DEFAULT_PORTS, prometheus: 19090, collectorPrometheus: 18889, directApp: 18001 };

describe('the native copy of prometheus.yml', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('differs from the shared file only in the targets, which point at loopback ports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'histogram-demo-cfg-'));
    dirs.push(dir);
    const derived = await writeNativePrometheusConfig(dir, ports);
    const original = parse(await readFile(CONFIG_FILES.prometheus, 'utf8')) as { scrape_configs: ScrapeConfig[] };
    const copy = parse(await readFile(derived, 'utf8')) as { scrape_configs: ScrapeConfig[] };
    const targets = Object.fromEntries(
      copy.scrape_configs.map((job) => [job.job_name, job.static_configs[0]?.targets]),
    );
    expect(targets).toEqual({
      'otel-collector': ['127.0.0.1:18889'],
      'otel-collector-native': [`127.0.0.1:${ports.collectorNativePrometheus}`],
      'direct-app': ['127.0.0.1:18001'],
      prometheus: ['127.0.0.1:19090'],
    });
    const withoutTargets = (config: { scrape_configs: ScrapeConfig[] }) =>
      config.scrape_configs.map(({ static_configs: _targets, ...rest }) => rest);
    expect(withoutTargets(copy)).toEqual(withoutTargets(original));
  });
});

describe('the collector environment', () => {
  it('binds every endpoint of the shared collector config to loopback', async () => {
    const env = collectorEnv(ports);
    const config = await readFile(CONFIG_FILES.collector, 'utf8');
    for (const [name, value] of Object.entries(env)) {
      expect(config, `${name} is not used by the collector config`).toContain(`\${env:${name}:-`);
      expect(value).toMatch(/^127\.0\.0\.1:\d+$/);
    }
  });
});
