import { createServer, type Server } from 'node:http';
import { Counter, Histogram, Registry } from 'prom-client';
import { DemoError } from '../../errors/DemoError.js';
import { PortInUseError } from '../../errors/PortInUseError.js';
import {
  type BucketChoice,
  boundariesFor,
  FILE_UPLOADS_TOTAL,
  type HistogramDefinition,
  HTTP_REQUEST_DURATION_SECONDS,
  UPLOADED_FILE_BYTES,
} from '../../metrics/definitions.js';
import { describePortHolder } from '../../net/ports.js';
import type { Upload } from '../../workload/uploads.js';
import type { UploadRecorder } from '../UploadRecorder.js';

export interface DirectRecorderOptions {
  readonly host: string;
  readonly port: number;
  /** `otel-default` concerns the Logfire app only; the direct app then keeps the seed layout. */
  readonly layout: BucketChoice;
}

/** The seed's `main-prometheus.py`: prom-client histograms served on `/metrics`. */
export class DirectRecorder implements UploadRecorder {
  readonly name = 'direct';
  private readonly bytes: Histogram<string>;
  private readonly seconds: Histogram<string>;
  private readonly uploads: Counter<string>;
  private closed = false;

  private constructor(
    readonly registry: Registry,
    private readonly server: Server,
    readonly url: string,
    layout: BucketChoice,
  ) {
    const histogram = (metric: HistogramDefinition) =>
      new Histogram({
        name: metric.name,
        help: metric.description,
        labelNames: metric.labelNames,
        buckets: [...(boundariesFor(metric, layout) ?? metric.boundaries.seed)],
        registers: [registry],
      });
    this.bytes = histogram(UPLOADED_FILE_BYTES);
    this.seconds = histogram(HTTP_REQUEST_DURATION_SECONDS);
    this.uploads = new Counter({
      name: FILE_UPLOADS_TOTAL.name,
      help: FILE_UPLOADS_TOTAL.description,
      labelNames: FILE_UPLOADS_TOTAL.labelNames,
      registers: [registry],
    });
  }

  get destination(): string {
    return `Direct app: Prometheus metrics at ${this.url}`;
  }

  /** Binds the port first, so a taken port fails before anything is recorded. */
  static async start(options: DirectRecorderOptions): Promise<DirectRecorder> {
    const registry = new Registry();
    const server = createServer((request, response) => {
      if (request.method === 'GET' && request.url?.split('?')[0] === '/metrics') {
        registry.metrics().then(
          (body) => response.writeHead(200, { 'Content-Type': registry.contentType }).end(body),
          (error: unknown) => response.writeHead(500).end(String(error)),
        );
      } else {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found: metrics are at /metrics\n');
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: options.host, port: options.port }, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        const holder = await describePortHolder(options.port);
        throw new PortInUseError(options.host, options.port, holder, 'choose another port or stop that process', {
          cause: error,
        });
      }
      throw new DemoError(`direct app cannot listen on ${options.host}:${options.port}: ${error.message}`, {
        cause: error,
      });
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    return new DirectRecorder(registry, server, `http://${host}:${port}/metrics`, options.layout);
  }

  record(upload: Upload): void {
    const labels = { file_type: upload.fileType };
    this.bytes.observe(labels, upload.bytes);
    this.seconds.observe(labels, upload.seconds);
    this.uploads.inc(labels);
  }

  async flush(): Promise<void> {
    // Scraped, not pushed: what is recorded is already visible at /metrics.
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
