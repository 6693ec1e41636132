import { Command } from 'commander';
import { DEFAULT_INSTANCE_ID, runApps, SDKS, type Sdk } from '../../apps/runApps.js';
import { DEFAULT_HOST } from '../../config/defaults.js';
import { DEFAULT_PORTS, type StackPorts } from '../../config/ports.js';
import { pollUntil } from '../../net/poll.js';
import { startQueries } from '../../promql/start.js';
import { stackUrls } from '../../stack/NativeStack.js';
import { httpOk } from '../../stack/processes.js';
import { MAX_SEED } from '../../workload/SeededRandom.js';
import { nonNegativeInteger, oneOf } from '../parsers.js';
import { addStackOptions, explicitSettings, type StackPortOptions, stackUpFromFlags } from '../stackOptions.js';

const log = (line: string) => console.log(line);

/** The dashboards page: served and built, served while its first build runs, or not served by this stack. */
export type PageState = 'ready' | 'building' | 'none';

/** How long `start` keeps watching a first build (the dashboards page, Prometheus' web UI) to print its URL. */
const BUILD_WATCH_MS = 15 * 60_000;

/** The line that names the dashboards page, by its state. */
export function dashboardsLine(ports: StackPorts, page: PageState): string {
  const { dashboards } = stackUrls(ports);
  if (page === 'ready') return `Dashboards: ${dashboards} (Perses: a dashboard per pipeline and their comparison)`;
  if (page === 'building') {
    return `Dashboards: the page is being built beside the stack (first run only); its URL is printed here once it serves`;
  }
  return (
    'Dashboards: not served by this stack. Serve them with `histogram-demo dashboards serve` ' +
    `(Perses page on ${DEFAULT_HOST}:${DEFAULT_PORTS.dashboards})`
  );
}

/** Prometheus' web UI: served, or (a first start from source) built after Prometheus started. */
export type PrometheusUiState = 'ready' | 'building';

/** The line that names Prometheus' Graph tab, by the state of its web UI. */
export function graphTabLine(ports: StackPorts, ui: PrometheusUiState): string {
  const { prometheus } = stackUrls(ports);
  if (ui === 'ready') return `  Graph tab: ${prometheus}/query`;
  return `  Graph tab: ${prometheus}/query once its web UI is built (first run only, about a minute; the API answers now)`;
}

/** What `start` prints once the stack is up: where to look, the dashboards page and Grafana included when they run. */
export function whereToLook(
  ports: StackPorts,
  grafana: boolean,
  page: PageState = 'none',
  prometheusUi: PrometheusUiState = 'ready',
): string[] {
  const { prometheus, grafana: grafanaUrl } = stackUrls(ports);
  // Both modes serve the web UI: the native build gets its assets from stack/prometheusUi.ts.
  return [
    '',
    `Prometheus: ${prometheus}`,
    graphTabLine(ports, prometheusUi),
    '  Ready-made queries (open in a browser or curl):',
    ...startQueries().map((query) => `  ${prometheus}/api/v1/query?query=${encodeURIComponent(query)}`),
    dashboardsLine(ports, page),
    grafana
      ? `Grafana: ${grafanaUrl} (dashboards provisioned from configs/grafana and dashboards/)`
      : 'Grafana: not started (no Grafana binary on PATH). With Docker: `docker compose up -d grafana`; ' +
        'or import the dashboards into your Grafana: `histogram-demo dashboards import --grafana-url URL`',
    'Compare the pipelines: `histogram-demo verify` in another terminal',
    '',
  ];
}

/** Prints `served` once `ready` holds, or `notYet` after BUILD_WATCH_MS. */
function watchBuild(ready: () => Promise<boolean>, served: string, notYet: string): void {
  void pollUntil(ready, { timeoutMs: BUILD_WATCH_MS, intervalMs: 2000 }).then((done) => log(done ? served : notYet));
}

export function startCommand(): Command {
  return addStackOptions(
    new Command('start').description(
      'bring the stack up (Docker if available, else native) and run both apps in real time',
    ),
  )
    .option('--seed <n>', 'workload seed', nonNegativeInteger('--seed', MAX_SEED), 42)
    .option('--sdk <sdk>', `which SDKs record: ${SDKS.join(', ')}`, oneOf('--sdk', SDKS), 'node')
    .action(async (options: StackPortOptions & { seed: number; sdk: Sdk }, command: Command) => {
      const { mode, ports, grafana, dashboards } = await stackUpFromFlags(
        { ...options, mode: 'auto' },
        log,
        explicitSettings(command),
      );
      const ready = () => httpOk(stackUrls(ports).dashboardsReady);
      const page: PageState = !dashboards ? 'none' : (await ready()) ? 'ready' : 'building';
      const uiReady = () => httpOk(`${stackUrls(ports).prometheus}/query`);
      const prometheusUi: PrometheusUiState = (await uiReady()) ? 'ready' : 'building';
      for (const line of whereToLook(ports, grafana, page, prometheusUi)) log(line);
      // First data never waits for the page or the UI: the apps start now, their URLs follow once they serve.
      if (page === 'building') {
        watchBuild(
          ready,
          dashboardsLine(ports, 'ready'),
          'Dashboards: the page is still not built; see `histogram-demo stack logs dashboards`',
        );
      }
      if (prometheusUi === 'building') {
        watchBuild(
          uiReady,
          `Prometheus web UI: ${graphTabLine(ports, 'ready').trim()}`,
          'Prometheus web UI: still not built; the API works',
        );
      }
      await runApps('both', {
        seed: options.seed,
        stay: false,
        port: ports.directApp,
        // In Docker mode Prometheus reaches the app through host.docker.internal, not loopback.
        host: mode === 'docker' ? '0.0.0.0' : '127.0.0.1',
        otlpEndpoint: stackUrls(ports).otlpHttp,
        otlpExponentialEndpoint: stackUrls(ports).otlpExponentialHttp,
        // The collector-free pipeline: the same exponential histograms straight into Prometheus' OTLP receiver.
        prometheusOtlpEndpoint: `${stackUrls(ports).prometheus}/api/v1/otlp`,
        sdk: options.sdk,
        instanceId: DEFAULT_INSTANCE_ID,
        buckets: 'seed',
        // Every pipeline from the same uploads: classic via the collector, native via its second receiver
        // and via Prometheus' own OTLP receiver.
        aggregation: 'both',
        portFlag: '--app-port',
      });
    });
}
