import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROMETHEUS_MODULE_VERSION, PROMETHEUS_VERSION } from '../../src/config/versions.js';
import { collectorVersion } from '../../src/stack/binaries.js';
import { CONFIG_FILES } from '../../src/stack/paths.js';

describe('pinned versions', () => {
  it('maps Prometheus 3.MM.P to Go module version v0.3MM.P', () => {
    expect(PROMETHEUS_VERSION).toMatch(/^3\.\d+\.\d+$/);
    const [, minor, patch] = PROMETHEUS_VERSION.split('.');
    expect(PROMETHEUS_MODULE_VERSION).toBe(`v0.3${minor?.padStart(2, '0')}.${patch}`);
  });

  it('builds every collector component at the builder version (ocb refuses mixed cores)', async () => {
    const version = await collectorVersion();
    const manifest = parse(await readFile(CONFIG_FILES.collectorManifest, 'utf8')) as Record<
      string,
      { gomod: string }[] | unknown
    >;
    const modules = ['receivers', 'processors', 'exporters', 'extensions'].flatMap(
      (kind) => (manifest[kind] as { gomod: string }[] | undefined) ?? [],
    );
    expect(modules.length).toBeGreaterThanOrEqual(6);
    for (const { gomod } of modules) expect(gomod.split(' ')[1], gomod).toBe(`v${version}`);
  });
});
