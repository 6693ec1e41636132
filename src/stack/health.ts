import { DEFAULT_HOST } from '../config/defaults.js';
import type { StackPorts } from '../config/ports.js';
import { HISTOGRAMS } from '../metrics/definitions.js';
import { demoPipeline, seriesSelector } from '../pipelines/registry.js';
import { stackUrls } from './NativeStack.js';
import {
  connectedReceivers,
  REMOTE_WRITE_LAG_QUERY,
  remoteWriteUrl,
  THANOS_RECEIVERS,
  thanosHealthUrl,
} from './thanos.js';

export interface HealthLine {
  readonly name: string;
  readonly ok: boolean;
  /** Not up yet and not failed either: a target Prometheus has not scraped yet. */
  readonly pending?: boolean;
  readonly detail: string;
}

interface Target {
  labels: Record<string, string>;
  health: string;
  lastError: string;
  scrapeUrl: string;
}

async function get(url: string): Promise<{ status: number; body: string } | { error: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    const cause = (error as Error).cause as { code?: string } | undefined;
    return { error: cause?.code ?? (error as Error).message };
  }
}

/** The active targets of a /api/v1/targets answer; undefined when it is not one (a proxy's page, a cut body). */
function activeTargets(body: string): Target[] | undefined {
  try {
    const targets = (JSON.parse(body) as { data?: { activeTargets?: unknown } }).data?.activeTargets;
    return Array.isArray(targets) ? (targets as Target[]) : undefined;
  } catch {
    return undefined;
  }
}

function describe(result: Awaited<ReturnType<typeof get>>): string {
  return 'error' in result ? result.error : `HTTP ${result.status}`;
}

type StackUrls = ReturnType<typeof stackUrls>;

/** The collector's own health endpoint. */
async function checkCollector(urls: StackUrls): Promise<HealthLine> {
  const collector = await get(urls.collectorHealth);
  return {
    name: 'collector',
    ok: 'status' in collector && collector.status === 200,
    detail: `${urls.collectorHealth} ${describe(collector)}`,
  };
}

/** Prometheus' readiness, then (once ready) one line per scrape target. */
async function checkPrometheus(urls: StackUrls): Promise<HealthLine[]> {
  const ready = await get(urls.prometheusReady);
  const prometheusOk = 'status' in ready && ready.status === 200;
  const lines: HealthLine[] = [
    { name: 'prometheus', ok: prometheusOk, detail: `${urls.prometheusReady} ${describe(ready)}` },
  ];
  if (prometheusOk) lines.push(...(await checkScrapeTargets(urls)));
  return lines;
}

/** Each active scrape target: up, down with Prometheus' error, or pending before its first scrape. */
async function checkScrapeTargets(urls: StackUrls): Promise<HealthLine[]> {
  const lines: HealthLine[] = [];
  const targetsUrl = `${urls.prometheus}/api/v1/targets?state=active`;
  const targets = await get(targetsUrl);
  const active = 'body' in targets && targets.status === 200 ? activeTargets(targets.body) : undefined;
  if (!active) {
    lines.push({ name: '  scrape targets', ok: false, detail: `${targetsUrl} ${describe(targets)}: no target list` });
  }
  if (active?.length === 0) {
    // Right after a start, Prometheus answers before it has loaded its config's targets.
    lines.push({ name: '  scrape targets', ok: false, pending: true, detail: 'none discovered yet' });
  }
  for (const target of active ?? []) {
    // "unknown" is Prometheus' word for a target it has not scraped yet: pending, not down.
    const pending = target.health === 'unknown';
    lines.push({
      name: `  scrape ${target.labels.job ?? '?'}`,
      ok: target.health === 'up',
      pending,
      detail: pending
        ? `${target.scrapeUrl} not scraped yet`
        : `${target.scrapeUrl} ${target.health}${target.lastError ? `: ${target.lastError}` : ''}`,
    });
  }
  return lines;
}

/** The direct app's /metrics. */
async function checkDirectApp(ports: StackPorts): Promise<HealthLine> {
  const direct = await get(`http://${DEFAULT_HOST}:${ports.directApp}/metrics`);
  return {
    name: 'direct app',
    ok: 'status' in direct && direct.status === 200,
    detail: `http://${DEFAULT_HOST}:${ports.directApp}/metrics ${describe(direct)}`,
  };
}

/** The Logfire pipeline's series of the demo's histograms, as the collector exports them. */
async function checkLogfireApp(urls: StackUrls): Promise<HealthLine> {
  const logfireNames = HISTOGRAMS.map((metric) => seriesSelector(demoPipeline('logfire'), metric.name).name);
  const exported = await get(urls.collectorMetrics);
  const logfireSeries =
    'body' in exported
      ? exported.body.split('\n').filter((line) => logfireNames.some((name) => line.startsWith(`${name}_`))).length
      : 0;
  const looked = logfireNames.map((name) => `${name}_*`).join(', ');
  return {
    name: 'logfire app',
    ok: logfireSeries > 0,
    detail:
      logfireSeries > 0
        ? `${logfireSeries} series of ${looked} at ${urls.collectorMetrics}`
        : `no ${looked} series at ${urls.collectorMetrics}: is the Logfire app running?`,
  };
}

/** Up as soon as the server listens; the page itself is ready once its first build is done. */
async function checkDashboards(urls: StackUrls): Promise<HealthLine> {
  const [healthy, ready] = [await get(urls.dashboardsHealth), await get(urls.dashboardsReady)];
  const up = 'status' in healthy && healthy.status === 200;
  return {
    name: 'dashboards',
    ok: up,
    detail: !up
      ? `${urls.dashboardsHealth} ${describe(healthy)}`
      : 'status' in ready && ready.status === 200
        ? `${urls.dashboards} serves the dashboards page`
        : `${urls.dashboards} is building the page (first run only): ${urls.dashboardsReady} ${describe(ready)}`,
  };
}

/** Grafana's /api/health. */
async function checkGrafana(grafanaUrl: string): Promise<HealthLine> {
  const grafana = await get(new URL('/api/health', grafanaUrl).href);
  return {
    name: 'grafana',
    ok: 'status' in grafana && grafana.status === 200,
    detail: `${grafanaUrl}/api/health ${describe(grafana)}`,
  };
}

/**
 * One line per component: collector, Prometheus and each of its scrape targets, the apps,
 * the dashboards page and Grafana when they run. Every check is a real request; nothing is assumed.
 */
export async function checkHealth(
  ports: StackPorts,
  grafanaUrl?: string,
  thanos = false,
  dashboards = false,
): Promise<HealthLine[]> {
  const urls = stackUrls(ports);
  const lines: HealthLine[] = [
    await checkCollector(urls),
    ...(await checkPrometheus(urls)),
    await checkDirectApp(ports),
    await checkLogfireApp(urls),
  ];
  if (thanos) lines.push(...(await checkThanos(ports)));
  if (dashboards) lines.push(await checkDashboards(urls));
  if (grafanaUrl) lines.push(await checkGrafana(grafanaUrl));
  return lines;
}

/** Seconds a remote write may lag before `health` calls it down: a few failed batches, retried. */
const REMOTE_WRITE_LAG_LIMIT_S = 30;

/** Each receiver, the query and how many receivers it reaches, and how far Prometheus' remote write lags. */
async function checkThanos(ports: StackPorts): Promise<HealthLine[]> {
  const lines: HealthLine[] = [];
  for (const component of THANOS_RECEIVERS) {
    const url = thanosHealthUrl(component, ports);
    const ready = await get(url);
    lines.push({ name: component, ok: 'status' in ready && ready.status === 200, detail: `${url} ${describe(ready)}` });
  }
  const queryUrl = thanosHealthUrl('thanos-query', ports);
  const query = await get(queryUrl);
  const connected = await connectedReceivers(ports);
  lines.push({
    name: 'thanos-query',
    ok: 'status' in query && query.status === 200 && connected === THANOS_RECEIVERS.length,
    detail: `${queryUrl} ${describe(query)}, reaches ${connected} of ${THANOS_RECEIVERS.length} receivers`,
  });
  const lag = await get(
    `${stackUrls(ports).prometheus}/api/v1/query?query=${encodeURIComponent(REMOTE_WRITE_LAG_QUERY)}`,
  );
  const seconds =
    'body' in lag && lag.status === 200
      ? Number((JSON.parse(lag.body) as { data: { result: { value: [number, string] }[] } }).data.result[0]?.value[1])
      : Number.NaN;
  lines.push({
    name: '  remote write',
    ok: Number.isFinite(seconds) && seconds <= REMOTE_WRITE_LAG_LIMIT_S,
    detail: Number.isFinite(seconds)
      ? `Prometheus -> ${remoteWriteUrl(ports)}: ${seconds.toFixed(1)} s behind what it scraped`
      : `Prometheus -> ${remoteWriteUrl(ports)}: no remote-write metrics (${describe(lag)})`,
  });
  return lines;
}
