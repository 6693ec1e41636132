import { DEFAULT_HOST } from '../config/defaults.js';
import { HISTOGRAMS } from '../metrics/definitions.js';
import { demoPipeline, seriesSelector } from '../pipelines/registry.js';
import { stackUrls } from './NativeStack.js';
import type { StackPorts } from './ports.js';

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

/**
 * One line per component: collector, Prometheus and each of its scrape targets, the apps,
 * Grafana when one is configured. Every check is a real request; nothing is assumed.
 */
export async function checkHealth(ports: StackPorts, grafanaUrl?: string): Promise<HealthLine[]> {
  const urls = stackUrls(ports);
  const lines: HealthLine[] = [];

  const collector = await get(urls.collectorHealth);
  lines.push({
    name: 'collector',
    ok: 'status' in collector && collector.status === 200,
    detail: `${urls.collectorHealth} ${describe(collector)}`,
  });

  const ready = await get(urls.prometheusReady);
  const prometheusOk = 'status' in ready && ready.status === 200;
  lines.push({ name: 'prometheus', ok: prometheusOk, detail: `${urls.prometheusReady} ${describe(ready)}` });
  if (prometheusOk) {
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
  }

  const direct = await get(`http://${DEFAULT_HOST}:${ports.directApp}/metrics`);
  lines.push({
    name: 'direct app',
    ok: 'status' in direct && direct.status === 200,
    detail: `http://${DEFAULT_HOST}:${ports.directApp}/metrics ${describe(direct)}`,
  });

  // The Logfire pipeline's series of the demo's histograms, as the collector exports them.
  const logfireNames = HISTOGRAMS.map((metric) => seriesSelector(demoPipeline('logfire'), metric.name).name);
  const exported = await get(urls.collectorMetrics);
  const logfireSeries =
    'body' in exported
      ? exported.body.split('\n').filter((line) => logfireNames.some((name) => line.startsWith(`${name}_`))).length
      : 0;
  const looked = logfireNames.map((name) => `${name}_*`).join(', ');
  lines.push({
    name: 'logfire app',
    ok: logfireSeries > 0,
    detail:
      logfireSeries > 0
        ? `${logfireSeries} series of ${looked} at ${urls.collectorMetrics}`
        : `no ${looked} series at ${urls.collectorMetrics}: is the Logfire app running?`,
  });

  if (grafanaUrl) {
    const grafana = await get(new URL('/api/health', grafanaUrl).href);
    lines.push({
      name: 'grafana',
      ok: 'status' in grafana && grafana.status === 200,
      detail: `${grafanaUrl}/api/health ${describe(grafana)}`,
    });
  }
  return lines;
}
