import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_FILES } from '../../src/stack/paths.js';
import { COLLECTOR_DISTRIBUTION } from '../../src/stack/releases.js';

const KINDS = ['receivers', 'processors', 'exporters', 'extensions'] as const;
type Kind = (typeof KINDS)[number];

/** `receivers` -> `receiver`: the suffix of a component module's name (otlpreceiver, batchprocessor). */
const singular = (kind: Kind) => kind.slice(0, -1);

async function collectorConfigs(): Promise<string[]> {
  const folder = dirname(CONFIG_FILES.collectorManifest);
  return (await readdir(folder))
    .filter((name) => /\.ya?ml$/.test(name) && name !== basename(CONFIG_FILES.collectorManifest))
    .map((name) => join(folder, name));
}

/** Component types a config defines, by kind: `prometheus/native` is of type `prometheus`. */
async function typesUsed(): Promise<Record<Kind, Set<string>>> {
  const used = Object.fromEntries(KINDS.map((kind) => [kind, new Set<string>()])) as Record<Kind, Set<string>>;
  for (const file of await collectorConfigs()) {
    const config = parse(await readFile(file, 'utf8')) as Partial<Record<Kind, Record<string, unknown>>>;
    for (const kind of KINDS) {
      for (const id of Object.keys(config[kind] ?? {})) used[kind].add(id.split('/')[0] ?? id);
    }
  }
  return used;
}

/** Component types the builder manifest compiles in, read from the module path's last segment. */
async function typesBuilt(): Promise<Record<Kind, Set<string>>> {
  const manifest = parse(await readFile(CONFIG_FILES.collectorManifest, 'utf8')) as Partial<
    Record<Kind, { gomod: string }[]>
  >;
  const built = Object.fromEntries(KINDS.map((kind) => [kind, new Set<string>()])) as Record<Kind, Set<string>>;
  for (const kind of KINDS) {
    for (const { gomod } of manifest[kind] ?? []) {
      const module = gomod.split(' ')[0] ?? '';
      const name = module.slice(module.lastIndexOf('/') + 1);
      expect(name.endsWith(singular(kind)), `${module} listed under ${kind}`).toBe(true);
      built[kind].add(name.slice(0, -singular(kind).length));
    }
  }
  return built;
}

describe('the collector builder manifest', () => {
  it('compiles in exactly the components that the collector configs use, no more', async () => {
    const [used, built] = await Promise.all([typesUsed(), typesBuilt()]);
    // Worked by hand from otelcol-config.yml: otlp and otlp/exponential, memory_limiter and batch,
    // prometheus, prometheus/native and debug, health_check.
    expect(used.receivers).toContain('otlp');
    expect(used.exporters).toContain('prometheus');
    for (const kind of KINDS) {
      const normalise = (types: Set<string>) => [...types].map((type) => type.replaceAll('_', '')).sort();
      expect(normalise(built[kind]), kind).toEqual(normalise(used[kind]));
    }
  });
});

describe('the official collector distribution the native stack downloads', () => {
  it(`is ${COLLECTOR_DISTRIBUTION}, whose manifest holds each of our components at the same version`, async () => {
    // Upstream's manifest of the release we download, copied from opentelemetry-collector-releases
    // at tag v0.155.0 (distributions/otelcol/manifest.yaml).
    const upstream = parse(
      await readFile(new URL(`fixtures/${COLLECTOR_DISTRIBUTION}-0.155.0-manifest.yaml`, import.meta.url), 'utf8'),
    ) as Partial<Record<Kind, { gomod: string }[]>> & { dist: { version: string } };
    const ours = parse(await readFile(CONFIG_FILES.collectorManifest, 'utf8')) as Partial<
      Record<Kind, { gomod: string }[]>
    > & { dist: { version: string } };
    expect(upstream.dist.version).toBe(ours.dist.version);
    for (const kind of KINDS) {
      const offered = new Set((upstream[kind] ?? []).map(({ gomod }) => gomod));
      for (const { gomod } of ours[kind] ?? [])
        expect(offered, `${gomod} in ${COLLECTOR_DISTRIBUTION}`).toContain(gomod);
    }
  });
});
