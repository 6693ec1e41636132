import { Command } from 'commander';
import { DEFAULT_INSTANCE_ID } from '../../apps/runApps.js';
import type { StackPorts } from '../../config/ports.js';
import { startQueries } from '../../promql/start.js';
import { stackUrls } from '../../stack/NativeStack.js';
import { MAX_SEED } from '../../workload/SeededRandom.js';
import { nonNegativeInteger } from '../parsers.js';
import { runAppsOnPort } from '../runAppsOnPort.js';
import { addStackOptions, type StackPortOptions, stackUpFromFlags } from '../stackOptions.js';

const log = (line: string) => console.log(line);

/** What `start` prints once the stack is up: where to look, Grafana included when one runs. */
export function whereToLook(ports: StackPorts, grafana: boolean): string[] {
  const { prometheus, grafana: grafanaUrl } = stackUrls(ports);
  // Both modes serve the web UI: the native build gets its assets from stack/prometheusUi.ts.
  return [
    '',
    `Prometheus: ${prometheus}`,
    `  Graph tab: ${prometheus}/query`,
    '  Ready-made queries (open in a browser or curl):',
    ...startQueries().map((query) => `  ${prometheus}/api/v1/query?query=${encodeURIComponent(query)}`),
    grafana
      ? `Grafana: ${grafanaUrl} (dashboards provisioned from configs/grafana and dashboards/)`
      : 'Grafana: not started (no Grafana binary on PATH). With Docker: `docker compose up -d grafana`; ' +
        'or import the dashboards into your Grafana: `histogram-demo dashboards import --grafana-url URL`',
    'Compare the pipelines: `histogram-demo verify` in another terminal',
    '',
  ];
}

export function startCommand(): Command {
  return addStackOptions(
    new Command('start').description(
      'bring the stack up (Docker if available, else native) and run both apps in real time',
    ),
  )
    .option('--seed <n>', 'workload seed', nonNegativeInteger('--seed', MAX_SEED), 42)
    .action(async (options: StackPortOptions & { seed: number }) => {
      const { mode, ports, grafana } = await stackUpFromFlags({ ...options, mode: 'auto' }, log);
      for (const line of whereToLook(ports, grafana)) log(line);
      await runAppsOnPort('--app-port', 'both', {
        seed: options.seed,
        stay: false,
        port: ports.directApp,
        // In Docker mode Prometheus reaches the app through host.docker.internal, not loopback.
        host: mode === 'docker' ? '0.0.0.0' : '127.0.0.1',
        otlpEndpoint: stackUrls(ports).otlpHttp,
        otlpExponentialEndpoint: stackUrls(ports).otlpExponentialHttp,
        instanceId: DEFAULT_INSTANCE_ID,
        buckets: 'seed',
        // All three pipelines from the same uploads: classic via the collector, native via its second receiver.
        aggregation: 'both',
      });
    });
}
