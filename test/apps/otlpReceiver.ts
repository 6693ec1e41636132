import { createServer, type IncomingMessage, type Server } from 'node:http';
import { vi } from 'vitest';

/**
 * A stand-in for the collector's OTLP/HTTP receiver: records every POST, decoded from the
 * OTLP JSON encoding (what @opentelemetry/exporter-metrics-otlp-http sends).
 */

/** Counts are uint64: the JSON encoding may carry them as numbers or as decimal strings. */
export type OtlpUint64 = number | string;

export interface OtlpAnyValue {
  readonly stringValue?: string;
  readonly intValue?: OtlpUint64;
  readonly doubleValue?: number;
  readonly boolValue?: boolean;
}

export interface OtlpKeyValue {
  readonly key: string;
  readonly value: OtlpAnyValue;
}

export interface OtlpHistogramPoint {
  readonly attributes: readonly OtlpKeyValue[];
  readonly count: OtlpUint64;
  readonly sum?: number;
  readonly min?: number;
  readonly max?: number;
  readonly bucketCounts: readonly OtlpUint64[];
  readonly explicitBounds: readonly number[];
}

export interface OtlpExponentialBuckets {
  readonly offset?: number;
  readonly bucketCounts?: readonly OtlpUint64[];
}

export interface OtlpExponentialHistogramPoint {
  readonly attributes: readonly OtlpKeyValue[];
  readonly count: OtlpUint64;
  readonly sum?: number;
  readonly min?: number;
  readonly max?: number;
  readonly scale: number;
  readonly zeroCount?: OtlpUint64;
  readonly positive?: OtlpExponentialBuckets;
  readonly negative?: OtlpExponentialBuckets;
}

export interface OtlpNumberPoint {
  readonly attributes: readonly OtlpKeyValue[];
  readonly asDouble?: number;
  readonly asInt?: OtlpUint64;
}

export interface OtlpMetric {
  readonly name: string;
  readonly unit?: string;
  readonly histogram?: {
    readonly aggregationTemporality?: number;
    readonly dataPoints: readonly OtlpHistogramPoint[];
  };
  readonly exponentialHistogram?: {
    readonly aggregationTemporality?: number;
    readonly dataPoints: readonly OtlpExponentialHistogramPoint[];
  };
  readonly sum?: {
    readonly aggregationTemporality?: number;
    readonly isMonotonic?: boolean;
    readonly dataPoints: readonly OtlpNumberPoint[];
  };
}

export interface OtlpMetricsRequest {
  readonly resourceMetrics: readonly {
    readonly scopeMetrics: readonly {
      readonly scope?: { readonly name?: string };
      readonly metrics: readonly OtlpMetric[];
    }[];
  }[];
}

export interface ReceivedExport {
  readonly path: string;
  readonly contentType: string;
  readonly body: OtlpMetricsRequest;
}

/** Metric data points carry uint64 values as numbers or strings; both read as a number. */
export function toNumber(value: OtlpUint64 | undefined): number {
  return value === undefined ? 0 : Number(value);
}

export function attribute(point: { readonly attributes: readonly OtlpKeyValue[] }, key: string): string | undefined {
  return point.attributes.find((entry) => entry.key === key)?.value.stringValue;
}

/** The metric of that name in an export (any resource, any scope), or undefined. */
export function findMetric(request: OtlpMetricsRequest, name: string): OtlpMetric | undefined {
  for (const resource of request.resourceMetrics) {
    for (const scope of resource.scopeMetrics) {
      const metric = scope.metrics.find((candidate) => candidate.name === name);
      if (metric) return metric;
    }
  }
  return undefined;
}

/** Sum of a counter's data points, or undefined when the export does not carry the counter. */
export function counterTotal(request: OtlpMetricsRequest, name: string): number | undefined {
  const metric = findMetric(request, name);
  if (!metric?.sum) return undefined;
  return metric.sum.dataPoints.reduce((total, point) => total + (point.asDouble ?? toNumber(point.asInt)), 0);
}

export interface OtlpReceiver {
  readonly port: number;
  /** Base URL, as given to `--otlp-endpoint` / `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  readonly url: string;
  /** Every decoded metrics export, in arrival order. */
  readonly exports: ReceivedExport[];
  /** Requests that could not be decoded (wrong content type, bad JSON): a test should see none. */
  readonly problems: string[];
  /** Resolves with the first export (old or new) that satisfies the predicate. */
  waitFor(predicate: (received: ReceivedExport) => boolean, timeoutMs?: number): Promise<ReceivedExport>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Listens on 127.0.0.1 (a kernel-chosen port unless one is given) and answers 200 to every POST. */
export async function startOtlpReceiver(port = 0): Promise<OtlpReceiver> {
  const exports: ReceivedExport[] = [];
  const problems: string[] = [];
  const server: Server = createServer((request, response) => {
    readBody(request).then(
      (raw) => {
        const path = request.url ?? '';
        const contentType = request.headers['content-type'] ?? '';
        if (request.method !== 'POST') {
          problems.push(`${request.method} ${path}`);
          response.writeHead(405).end();
          return;
        }
        if (!contentType.startsWith('application/json')) {
          // The http exporter is configured for JSON; protobuf here would mean a different exporter.
          problems.push(`${path}: unexpected content-type "${contentType}" (${raw.length} bytes)`);
          response.writeHead(415).end();
          return;
        }
        try {
          const body = JSON.parse(raw.toString('utf8')) as OtlpMetricsRequest;
          if (!Array.isArray(body.resourceMetrics)) throw new Error('no resourceMetrics array');
          exports.push({ path, contentType, body });
          response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
        } catch (error) {
          problems.push(`${path}: undecodable body: ${(error as Error).message}`);
          response.writeHead(400).end();
        }
      },
      () => response.writeHead(400).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    port: boundPort,
    url: `http://127.0.0.1:${boundPort}`,
    exports,
    problems,
    async waitFor(predicate, timeoutMs = 30_000) {
      return await vi.waitFor(
        () => {
          const found = exports.find(predicate);
          if (!found) throw new Error(`no matching OTLP export yet (${exports.length} received)`);
          return found;
        },
        { timeout: timeoutMs, interval: 50 },
      );
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
