import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_HOST } from '../config/defaults.js';
import type { StackPorts } from '../config/ports.js';
import { StackError } from '../errors/StackError.js';

/** The receivers `stack up --thanos` starts, named as the compose services of the `thanos` profile. */
export const THANOS_RECEIVERS = ['thanos-receive-1', 'thanos-receive-2', 'thanos-receive-3'] as const;
export type ThanosReceiver = (typeof THANOS_RECEIVERS)[number];
export const THANOS_COMPONENTS = [...THANOS_RECEIVERS, 'thanos-query'] as const;
export type ThanosComponent = (typeof THANOS_COMPONENTS)[number];

/** Every sample is written to all three receivers: any one can be lost without losing data. */
export const REPLICATION_FACTOR = 3;
/** Each receiver's external label; the query deduplicates on it. */
export const REPLICA_LABEL = 'receive_replica';
/** Prometheus writes to this receiver, which forwards to the others. */
export const ENTRY_RECEIVER: ThanosReceiver = 'thanos-receive-1';
/** How many ports from `thanosInternal` on the cluster uses: the query's gRPC, then four per receiver. */
export const THANOS_INTERNAL_PORT_COUNT = 1 + 4 * THANOS_RECEIVERS.length;

export interface ReceiverPorts {
  readonly grpc: number;
  readonly remoteWrite: number;
  readonly http: number;
  readonly capnproto: number;
}

/**
 * Ports of one receiver: a block of four after the query's gRPC port, so that one flag
 * (`--thanos-internal-ports`) moves the whole cluster.
 */
export function receiverPorts(ports: StackPorts, receiver: ThanosReceiver): ReceiverPorts {
  const first = ports.thanosInternal + 1 + 4 * THANOS_RECEIVERS.indexOf(receiver);
  return { grpc: first, remoteWrite: first + 1, http: first + 2, capnproto: first + 3 };
}

export function queryGrpcPort(ports: StackPorts): number {
  return ports.thanosInternal;
}

const base = (port: number) => `http://${DEFAULT_HOST}:${port}`;

/** Where Prometheus remote-writes natively: the entry receiver's receive endpoint. */
export function remoteWriteUrl(ports: StackPorts): string {
  return `${base(receiverPorts(ports, ENTRY_RECEIVER).remoteWrite)}/api/v1/receive`;
}

export function thanosQueryUrl(ports: StackPorts): string {
  return base(ports.thanosQuery);
}

export function thanosHealthUrl(component: ThanosComponent, ports: StackPorts): string {
  if (component === 'thanos-query') return `${thanosQueryUrl(ports)}/-/ready`;
  return `${base(receiverPorts(ports, component).http)}/-/ready`;
}

/** The listeners of the cluster, for the port check that runs before anything starts. */
export function thanosListeners(ports: StackPorts): [ThanosComponent, string, number][] {
  const listeners: [ThanosComponent, string, number][] = [
    ['thanos-query', 'Thanos query HTTP API', ports.thanosQuery],
    ['thanos-query', 'Thanos query gRPC', queryGrpcPort(ports)],
  ];
  for (const receiver of THANOS_RECEIVERS) {
    const own = receiverPorts(ports, receiver);
    listeners.push(
      [receiver, `Thanos receiver ${receiver} (gRPC)`, own.grpc],
      [receiver, `Thanos receiver ${receiver} (remote write)`, own.remoteWrite],
      [receiver, `Thanos receiver ${receiver} (HTTP)`, own.http],
      [receiver, `Thanos receiver ${receiver} (Cap'n Proto)`, own.capnproto],
    );
  }
  return listeners;
}

interface HashringEndpoint {
  address: string;
  capnproto_address?: string;
  [key: string]: unknown;
}

interface Hashring {
  endpoints: (string | HashringEndpoint)[];
  algorithm?: unknown;
  [key: string]: unknown;
}

/** The algorithms a hashring may name (thanos v0.42.4 pkg/receive/hashring.go); absent means --receive.hashrings-algorithm. */
export const HASHRING_ALGORITHMS = ['hashmod', 'ketama'] as const;

function parseHashrings(text: string, source: string): Hashring[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StackError('thanos', `invalid hashring file ${source}: ${(error as Error).message}`);
  }
  const valid =
    Array.isArray(parsed) &&
    parsed.length > 0 &&
    parsed.every(
      (ring) =>
        typeof ring === 'object' &&
        ring !== null &&
        Array.isArray((ring as Hashring).endpoints) &&
        (ring as Hashring).endpoints.every(
          (endpoint) =>
            typeof endpoint === 'string' ||
            (typeof endpoint === 'object' && endpoint !== null && typeof endpoint.address === 'string'),
        ),
    );
  if (!valid) {
    throw new StackError(
      'thanos',
      `invalid hashring file ${source}: expected a list of hashrings, each with "endpoints" (addresses or {"address": ...})`,
    );
  }
  for (const ring of parsed as Hashring[]) {
    if (ring.algorithm !== undefined && !(HASHRING_ALGORITHMS as readonly unknown[]).includes(ring.algorithm)) {
      throw new StackError(
        'thanos',
        `invalid hashring file ${source}: "algorithm" must be one of ${HASHRING_ALGORITHMS.join(', ')}, got ${JSON.stringify(ring.algorithm)}`,
      );
    }
  }
  return parsed as Hashring[];
}

function hostOf(address: string): string {
  return address.slice(0, address.lastIndexOf(':'));
}

/** True when a TCP connection to host:port opens within the timeout. */
async function answers(address: string, timeoutMs = 2000): Promise<boolean> {
  const separator = address.lastIndexOf(':');
  const host = address.slice(0, separator);
  const port = Number(address.slice(separator + 1));
  if (separator < 1 || !Number.isInteger(port) || port < 1 || port > 65535) return false;
  return await new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/** Reads and checks a hashring file's shape (what Thanos would refuse), without asking any node. */
export async function readHashringFile(source: string): Promise<Hashring[]> {
  const text = await readFile(source, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new StackError('thanos', `cannot read hashring file ${source}: ${error.code ?? error.message}`);
  });
  return parseHashrings(text, source);
}

/**
 * Reads the shared hashring (configs/thanos/hashring.json) and replaces the address of each of
 * our receivers by the loopback ports it will listen on. Refuses, before anything starts, a hashring that leaves out one of our
 * receivers, has fewer endpoints than the replication factor, or names a node that does
 * not answer: with replication factor 3, writes to it would fail or lose a replica.
 */
export async function nativeHashring(ports: StackPorts, source: string): Promise<string> {
  const hashrings = await readHashringFile(source);
  const seen = new Set<ThanosReceiver>();
  const foreign: string[] = [];
  for (const ring of hashrings) {
    ring.endpoints = ring.endpoints.map((entry) => {
      const endpoint: HashringEndpoint = typeof entry === 'string' ? { address: entry } : { ...entry };
      const receiver = THANOS_RECEIVERS.find((name) => name === hostOf(endpoint.address));
      if (receiver === undefined) {
        foreign.push(endpoint.address);
        return endpoint;
      }
      seen.add(receiver);
      const own = receiverPorts(ports, receiver);
      return {
        ...endpoint,
        address: `${DEFAULT_HOST}:${own.grpc}`,
        capnproto_address: `${DEFAULT_HOST}:${own.capnproto}`,
      };
    });
    if (ring.endpoints.length < REPLICATION_FACTOR) {
      throw new StackError(
        'thanos',
        `hashring file ${source}: a hashring has ${ring.endpoints.length} endpoints, fewer than the replication factor ${REPLICATION_FACTOR}`,
      );
    }
  }
  const missing = THANOS_RECEIVERS.filter((receiver) => !seen.has(receiver));
  if (missing.length > 0) {
    throw new StackError('thanos', `hashring file ${source} does not name ${missing.join(', ')} (host:port endpoints)`);
  }
  for (const address of foreign) {
    if (!(await answers(address))) {
      throw new StackError(
        'thanos',
        `hashring file ${source} names ${address}, which is not one of this stack's receivers (${THANOS_RECEIVERS.join(', ')}) and does not answer`,
      );
    }
  }
  return `${JSON.stringify(hashrings, null, 2)}\n`;
}

/** Where a receiver keeps its TSDB: in the state folder, so its command line names that folder. */
export function receiverDataDir(stateDir: string, receiver: ThanosReceiver): string {
  return join(stateDir, `${receiver}-data`);
}

/**
 * Thanos waits 2 minutes by default for open connections after SIGTERM (for load balancers to
 * notice). On loopback nobody needs that, and `stack stop` would SIGKILL it after 10 s instead,
 * before the receiver has closed its TSDB cleanly.
 */
const SHUTDOWN_GRACE = ['--http-grace-period=2s', '--grpc-grace-period=2s'];

/** `thanos receive` flags of one node (thanos receive --help, v0.42.4). */
export function receiverArgs(
  ports: StackPorts,
  receiver: ThanosReceiver,
  stateDir: string,
  hashring: string,
): string[] {
  const own = receiverPorts(ports, receiver);
  const replica = receiver.slice(receiver.lastIndexOf('-') + 1);
  return [
    'receive',
    `--http-address=${DEFAULT_HOST}:${own.http}`,
    `--grpc-address=${DEFAULT_HOST}:${own.grpc}`,
    `--remote-write.address=${DEFAULT_HOST}:${own.remoteWrite}`,
    // Listens even with protobuf replication; its default 0.0.0.0:19391 would clash between nodes.
    `--receive.capnproto-address=${DEFAULT_HOST}:${own.capnproto}`,
    // Its own TSDB in the state folder: a restarted receiver keeps what it had.
    `--tsdb.path=${receiverDataDir(stateDir, receiver)}`,
    `--label=${REPLICA_LABEL}="${replica}"`,
    // Must equal this node's address in the hashring, or the node only routes and stores nothing.
    `--receive.local-endpoint=${DEFAULT_HOST}:${own.grpc}`,
    `--receive.hashrings-file=${hashring}`,
    `--receive.replication-factor=${REPLICATION_FACTOR}`,
    ...SHUTDOWN_GRACE,
  ];
}

/** The query's endpoints: the three receivers (the content of `--endpoint.sd-config-file`). */
export function queryEndpoints(ports: StackPorts): string {
  const endpoints = THANOS_RECEIVERS.map(
    (receiver) => `  - address: "${DEFAULT_HOST}:${receiverPorts(ports, receiver).grpc}"`,
  );
  return `endpoints:\n${endpoints.join('\n')}\n`;
}

/**
 * `thanos query` flags: the receivers as endpoints, deduplicated on the replica label.
 * @param endpointsFile queryEndpoints written into the state folder: as a file rather than
 *   inline YAML, the command line names the state folder it belongs to.
 */
export function queryArgs(ports: StackPorts, endpointsFile: string): string[] {
  return [
    'query',
    `--http-address=${DEFAULT_HOST}:${ports.thanosQuery}`,
    `--grpc-address=${DEFAULT_HOST}:${queryGrpcPort(ports)}`,
    // The non-deprecated form of --endpoint (query --help, v0.42.4).
    `--endpoint.sd-config-file=${endpointsFile}`,
    `--query.replica-label=${REPLICA_LABEL}`,
    // 1:1 merge of the replicas, which receivers fill with the same samples. The default
    // (penalty, made for HA Prometheus pairs) skipped samples after a receiver's gap even
    // though the other two replicas held them: measured 22 of 24 `up` samples for 24 stored.
    '--deduplication.func=chain',
    ...SHUTDOWN_GRACE,
  ];
}

/**
 * Seconds between the newest sample Prometheus appended and the newest it has sent to the
 * receivers: what a Thanos query is missing right now.
 */
export const REMOTE_WRITE_LAG_QUERY =
  'max(prometheus_remote_storage_highest_timestamp_in_seconds) - ignoring(remote_name, url) max(prometheus_remote_storage_queue_highest_sent_timestamp_seconds{remote_name="thanos"})';

/** How many receivers the query currently reaches (GET /api/v1/stores). */
export async function connectedReceivers(ports: StackPorts): Promise<number> {
  try {
    const response = await fetch(`${thanosQueryUrl(ports)}/api/v1/stores`, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return 0;
    const body = (await response.json()) as { data?: Record<string, { lastError?: string | null }[]> };
    return (body.data?.receive ?? []).filter((store) => !store.lastError).length;
  } catch {
    return 0;
  }
}
