import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROMETHEUS_MODULE_VERSION, PROMETHEUS_VERSION } from '../../src/config/versions.js';
import { collectorVersion } from '../../src/stack/binaries.js';
import { CONFIG_FILES } from '../../src/stack/paths.js';

describe('pinned versions', () => {
  it('maps Prometheus 3.MM.P to the Go module version that upstream tags for it', () => {
    // Upstream's tags, checked by hand (`go list -m github.com/prometheus/prometheus@v0.316.0`
    // answers with the 3.16.0 release date): a second source, not versions.ts's formula again.
    const upstreamModuleTags: Record<string, string> = {
      '3.0.0': 'v0.300.0',
      '3.5.0': 'v0.305.0',
      '3.16.0': 'v0.316.0',
    };
    expect(upstreamModuleTags[PROMETHEUS_VERSION], `add ${PROMETHEUS_VERSION}'s module tag to this table`).toBe(
      PROMETHEUS_MODULE_VERSION,
    );
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
