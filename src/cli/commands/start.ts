import { Command } from 'commander';
import { DEFAULT_PORTS } from '../../config/defaults.js';
import { startQueries } from '../../promql/start.js';
import { stackUrls } from '../../stack/NativeStack.js';
import { MAX_SEED } from '../../workload/SeededRandom.js';
import { nonNegativeInteger } from '../parsers.js';
import { DEFAULT_INSTANCE_ID, runApps } from './run.js';
import { addStackOptions, type StackPortOptions, stackUp } from './stack.js';

const log = (line: string) => console.log(line);

export function printWhereToLook(prometheusUrl: string, mode: 'docker' | 'native'): void {
  // Both modes serve the web UI: the native build gets its assets from stack/prometheusUi.ts.
  log('');
  log(`Prometheus: ${prometheusUrl}`);
  log(`  Graph tab: ${prometheusUrl}/query`);
  log('  Ready-made queries (open in a browser or curl):');
  for (const query of startQueries()) {
    log(`  ${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  }
  if (mode === 'docker') {
    log(
      `Grafana: http://127.0.0.1:${DEFAULT_PORTS.grafana} (dashboards provisioned from configs/grafana and dashboards/)`,
    );
  } else {
    log(
      'Grafana: not started natively. With Docker: `docker compose up -d grafana`, then http://127.0.0.1:3000; ' +
        'or import the dashboards into your Grafana: `histogram-demo dashboards import --grafana-url URL`',
    );
  }
  log('Compare the pipelines: `histogram-demo verify` in another terminal');
  log('');
}

export function startCommand(): Command {
  return addStackOptions(
    new Command('start').description(
      'bring the stack up (Docker if available, else native) and run both apps in real time',
    ),
  )
    .option('--seed <n>', 'workload seed', nonNegativeInteger('--seed', MAX_SEED), 42)
    .action(async (options: StackPortOptions & { seed: number }) => {
      const { mode, ports } = await stackUp({ ...options, mode: 'auto' });
      printWhereToLook(stackUrls(ports).prometheus, mode);
      await runApps('both', {
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
