import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_PORTS, type StackPorts } from '../../src/config/ports.js';
import { CONFIG_FILES } from '../../src/stack/paths.js';
import {
  queryArgs,
  queryEndpoints,
  receiverArgs,
  remoteWriteUrl,
  THANOS_INTERNAL_PORT_COUNT,
  thanosListeners,
} from '../../src/stack/thanos.js';
import { writeNativeHashring, writeNativePrometheusConfig } from '../helpers/derivedConfigs.js';

const ports: StackPorts = { ...DEFAULT_PORTS, thanosQuery: 20902, thanosInternal: 20910 };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'histogram-demo-thanos-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface RemoteWrite {
  name: string;
  url: string;
  send_native_histograms?: boolean;
}

describe('the remote_write block of the shared prometheus.yml', () => {
  it('is pointed at the first receiver natively with --thanos, native histograms included', async () => {
    const derived = await writeNativePrometheusConfig(dir, ports, CONFIG_FILES.prometheus, remoteWriteUrl(ports));
    const config = parse(await readFile(derived, 'utf8')) as { remote_write: RemoteWrite[] };
    // Worked by hand: the first receiver's block starts after the query's gRPC port (20910),
    // gRPC 20911, then remote-write 20912.
    expect(config.remote_write).toEqual([
      { name: 'thanos', url: 'http://127.0.0.1:20912/api/v1/receive', send_native_histograms: true },
    ]);
  });

  it('is removed natively without --thanos, so Prometheus writes nowhere', async () => {
    const derived = await writeNativePrometheusConfig(dir, ports, CONFIG_FILES.prometheus);
    const config = parse(await readFile(derived, 'utf8')) as Record<string, unknown>;
    expect(config).not.toHaveProperty('remote_write');
    expect(config).toHaveProperty('scrape_configs');
  });
});

describe('the Thanos cluster layout', () => {
  it('uses 13 distinct ports from --thanos-internal-ports on, plus the query API port', () => {
    const listened = thanosListeners(ports).map(([, , port]) => port);
    expect(new Set(listened).size).toBe(listened.length);
    expect(THANOS_INTERNAL_PORT_COUNT).toBe(13);
    expect(listened.filter((port) => port !== 20902).sort()).toEqual(
      Array.from({ length: 13 }, (_, index) => 20910 + index),
    );
  });

  it('gives each receiver its own TSDB, replica label and local endpoint', () => {
    const args = receiverArgs(ports, 'thanos-receive-2', dir, 'ring.json');
    expect(args).toEqual(
      expect.arrayContaining([
        'receive',
        `--tsdb.path=${join(dir, 'thanos-receive-2-data')}`,
        '--label=receive_replica="2"',
        // Second block of four: 20915 (gRPC) .. 20918 (Cap'n Proto).
        '--grpc-address=127.0.0.1:20915',
        '--receive.local-endpoint=127.0.0.1:20915',
        '--receive.capnproto-address=127.0.0.1:20918',
        '--receive.replication-factor=3',
      ]),
    );
  });

  it('points the query at the three receivers, deduplicating on the replica label', () => {
    expect(queryEndpoints(ports)).toBe(
      'endpoints:\n  - address: "127.0.0.1:20911"\n  - address: "127.0.0.1:20915"\n  - address: "127.0.0.1:20919"\n',
    );
    expect(queryArgs(ports, '/state/thanos-query-endpoints.yml')).toEqual([
      'query',
      '--http-address=127.0.0.1:20902',
      '--grpc-address=127.0.0.1:20910',
      '--endpoint.sd-config-file=/state/thanos-query-endpoints.yml',
      '--query.replica-label=receive_replica',
      '--deduplication.func=chain',
      '--http-grace-period=2s',
      '--grpc-grace-period=2s',
    ]);
  });
});

describe('the native copy of the hashring', () => {
  it('maps each thanos-receive-N of the shared file to its loopback ports, keeping the rest', async () => {
    const derived = await writeNativeHashring(dir, ports, CONFIG_FILES.thanosHashring);
    const rings = JSON.parse(await readFile(derived, 'utf8')) as Record<string, unknown>[];
    expect(rings).toEqual([
      {
        hashring: 'default',
        algorithm: 'ketama',
        endpoints: [
          { address: '127.0.0.1:20911', capnproto_address: '127.0.0.1:20914' },
          { address: '127.0.0.1:20915', capnproto_address: '127.0.0.1:20918' },
          { address: '127.0.0.1:20919', capnproto_address: '127.0.0.1:20922' },
        ],
      },
    ]);
  });

  async function hashringWith(name: string, content: string): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, content);
    return file;
  }

  it('refuses a node that is not ours and does not answer, naming it', async () => {
    // Port 1 (tcpmux) needs root to listen on: nothing answers there on a test machine.
    const unreachable = '127.0.0.1:1';
    const file = await hashringWith(
      'unreachable.json',
      JSON.stringify([
        { endpoints: ['thanos-receive-1:10901', 'thanos-receive-2:10901', 'thanos-receive-3:10901', unreachable] },
      ]),
    );
    await expect(writeNativeHashring(dir, ports, file)).rejects.toThrow(
      `thanos: hashring file ${file} names ${unreachable}, which is not one of this stack's receivers (thanos-receive-1, thanos-receive-2, thanos-receive-3) and does not answer`,
    );
  });

  it.each([
    ['malformed JSON', '[{"endpoints": [', /^thanos: invalid hashring file .*: /],
    ['an object instead of a list', '{"endpoints": []}', /expected a list of hashrings/],
    [
      'a receiver left out',
      JSON.stringify([{ endpoints: ['thanos-receive-1:10901', 'thanos-receive-3:10901', 'thanos-receive-3:10902'] }]),
      /does not name thanos-receive-2/,
    ],
    [
      'fewer endpoints than the replication factor',
      JSON.stringify([{ endpoints: ['thanos-receive-1:10901', 'thanos-receive-2:10901'] }]),
      /2 endpoints, fewer than the replication factor 3/,
    ],
    [
      'an algorithm Thanos does not know',
      JSON.stringify([
        {
          algorithm: 'bogus',
          endpoints: ['thanos-receive-1:10901', 'thanos-receive-2:10901', 'thanos-receive-3:10901'],
        },
      ]),
      /"algorithm" must be one of hashmod, ketama, got "bogus"$/,
    ],
  ])('refuses %s in one line', async (label, content, message) => {
    const file = await hashringWith(`${label.replaceAll(' ', '-')}.json`, content);
    const error = await writeNativeHashring(dir, ports, file).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
