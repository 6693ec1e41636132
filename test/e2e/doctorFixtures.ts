/**
 * Small apps with the histogram mistakes doctor exists to find, each a real /metrics endpoint that
 * the real Prometheus scrapes: two instances of one app with different layouts, a seconds metric
 * recorded in milliseconds, millisecond buckets under a seconds name, a duplicated unit suffix, a
 * family of many series, and a hand-written exposition with no # TYPE line (so Prometheus 3 keeps
 * its `le` spellings) whose buckets are not cumulative, with no _sum, and a family without `+Inf`.
 */

import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { Histogram, Registry } from 'prom-client';
import { parse, stringify } from 'yaml';
import { CONFIG_FILES } from '../../src/stack/paths.js';

export interface FixtureServer {
  readonly port: number;
  close(): Promise<void>;
}

async function serve(
  port: number,
  body: () => Promise<string> | string,
  contentType = 'text/plain; version=0.0.4',
): Promise<FixtureServer> {
  const server: Server = createServer((_request, response) => {
    Promise.resolve(body()).then(
      (text) => response.writeHead(200, { 'content-type': contentType }).end(text),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Version 1 of the checkout app: the seed's seconds layout, and every other mistake. */
async function appVersion1(port: number): Promise<FixtureServer> {
  const registry = new Registry();
  const checkout = new Histogram({
    name: 'checkout_duration_seconds',
    help: 'Checkout duration',
    labelNames: ['route'],
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // prom-client's default buckets (0.005 to 10 s), given milliseconds: every value lands in +Inf.
  const job = new Histogram({ name: 'job_duration_seconds', help: 'Job duration', registers: [registry] });
  const render = new Histogram({
    name: 'render_seconds',
    help: 'Render time',
    buckets: [1, 5, 10, 50, 100, 500, 1000, 5000],
    registers: [registry],
  });
  const payload = new Histogram({
    name: 'payload_bytes_bytes',
    help: 'Payload size',
    buckets: [1e3, 1e4, 1e5, 1e6],
    registers: [registry],
  });
  const perTenant = new Histogram({
    name: 'tenant_request_seconds',
    help: 'Request duration per tenant',
    labelNames: ['tenant'],
    buckets: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
    registers: [registry],
  });
  for (let i = 1; i <= 200; i += 1) {
    checkout.observe({ route: i % 2 === 0 ? 'cart' : 'pay' }, 0.05 * i);
    job.observe(100 + 4 * i);
    render.observe(2 + 10 * (i % 40));
    payload.observe(500 * i);
  }
  for (let tenant = 0; tenant < 100; tenant += 1) perTenant.observe({ tenant: `t${tenant}` }, 0.03);
  return serve(port, () => registry.metrics());
}

/** Version 2 of the checkout app: a finer layout under the same name. */
async function appVersion2(port: number): Promise<FixtureServer> {
  const registry = new Registry();
  const checkout = new Histogram({
    name: 'checkout_duration_seconds',
    help: 'Checkout duration',
    labelNames: ['route'],
    buckets: [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
    registers: [registry],
  });
  for (let i = 1; i <= 200; i += 1) checkout.observe({ route: 'cart' }, 0.05 * i);
  return serve(port, () => registry.metrics());
}

/** A hand-written exporter: counts grow with each scrape, the le="1" bucket by less than le="0.5". */
async function handWritten(port: number): Promise<FixtureServer> {
  let scrapes = 0;
  return serve(port, () => {
    scrapes += 1;
    const k = scrapes;
    return [
      `legacy_latency_seconds_bucket{shard="a",le="0.5"} ${6 * k}`,
      `legacy_latency_seconds_bucket{shard="a",le="1"} ${2 * k}`,
      `legacy_latency_seconds_bucket{shard="a",le="+Inf"} ${8 * k}`,
      `legacy_latency_seconds_count{shard="a"} ${8 * k}`,
      `legacy_latency_seconds_bucket{shard="b",le="0.5"} ${k}`,
      `legacy_latency_seconds_bucket{shard="b",le="1.0"} ${2 * k}`,
      `legacy_latency_seconds_bucket{shard="b",le="+Inf"} ${3 * k}`,
      `legacy_latency_seconds_count{shard="b"} ${3 * k}`,
      `legacy_latency_seconds_bucket{shard="c",le="0.5"} ${k}`,
      `legacy_latency_seconds_bucket{shard="c",le="1.0"} ${2 * k}`,
      `legacy_latency_seconds_bucket{shard="c",le="+Inf"} ${3 * k}`,
      `legacy_latency_seconds_count{shard="c"} ${3 * k}`,
      `orphan_seconds_bucket{le="1"} ${k}`,
      `orphan_seconds_bucket{le="2"} ${2 * k}`,
      `orphan_seconds_count ${2 * k}`,
      `orphan_seconds_sum ${3 * k}`,
      '',
    ].join('\n');
  });
}

/**
 * Names Prometheus 3 accepts and the legacy character set does not, each a classic histogram with
 * 2 observations at or below 0.5 and 3 below 1 of 4, plus an ordinary one beside them: a dotted
 * OpenTelemetry name (with a dotted label), a name with `(` and `)`, one with quotes, one beyond
 * ASCII, and one holding a bidi override (U+202E) that a terminal must never receive raw.
 */
export const UTF8_FAMILIES = [
  'http.server.request.duration_seconds',
  'latência_do_pedido_seconds',
  'ordinary_request_seconds',
  'queue(wait)_seconds',
  'reversed\u202e_seconds',
  'say"hi"_seconds',
] as const;

/** The UTF-8 exposition (text format 1.0.0, `escaping=allow-utf-8`): every name quoted inside the braces. */
export async function startUtf8Exporter(port: number): Promise<FixtureServer> {
  const quoted = (name: string) => JSON.stringify(name);
  const lines = UTF8_FAMILIES.flatMap((family) => {
    const labels = family.startsWith('http.') ? ',"http.request.method"="GET"' : '';
    return [
      `{${quoted(`${family}_bucket`)}${labels},le="0.5"} 2`,
      `{${quoted(`${family}_bucket`)}${labels},le="1.0"} 3`,
      `{${quoted(`${family}_bucket`)}${labels},le="+Inf"} 4`,
      `{${quoted(`${family}_count`)}${labels}} 4`,
      `{${quoted(`${family}_sum`)}${labels}} 2.5`,
    ];
  });
  return serve(port, () => `${lines.join('\n')}\n`, 'text/plain; version=1.0.0; charset=utf-8; escaping=allow-utf-8');
}

export interface Fixtures {
  readonly servers: readonly FixtureServer[];
  close(): Promise<void>;
}

export async function startFixtures(ports: readonly [number, number, number]): Promise<Fixtures> {
  const servers = [await appVersion1(ports[0]), await appVersion2(ports[1]), await handWritten(ports[2])];
  return { servers, close: async () => void (await Promise.all(servers.map((server) => server.close()))) };
}

/**
 * A copy of the demo's Prometheus config, edited by `edit` (the demo's jobs keep their settings
 * unless `edit` changes them), written to `file`.
 */
export async function writePrometheusConfig(
  file: string,
  edit: (jobs: Record<string, unknown>[]) => Record<string, unknown>[],
): Promise<void> {
  const config = parse(await readFile(CONFIG_FILES.prometheus, 'utf8')) as {
    scrape_configs: Record<string, unknown>[];
  };
  config.scrape_configs = edit(config.scrape_configs);
  await writeFile(file, stringify(config));
}
