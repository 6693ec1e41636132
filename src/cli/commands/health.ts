import { Command } from 'commander';
import { DEFAULT_PORTS } from '../../config/ports.js';
import { pollUntil } from '../../net/poll.js';
import { checkHealth } from '../../stack/health.js';
import { NativeStack, stackUrls } from '../../stack/NativeStack.js';
import { defaultStateDir } from '../../stack/paths.js';
import { nonNegativeInteger } from '../parsers.js';

const log = (line: string) => console.log(line);

export function healthCommand(): Command {
  return new Command('health')
    .description(
      'one line per component (collector, Prometheus and its targets, apps, Thanos, dashboards page, Grafana); exit 0 only if all are up',
    )
    .option('--state-dir <dir>', 'state folder of the native stack (for its ports)', defaultStateDir())
    .option('--grafana-url <url>', 'also check this Grafana (default $GRAFANA_URL, or the native one if started)')
    .option(
      '--wait <seconds>',
      'wait up to this long for targets Prometheus has not scraped yet (pending) before answering',
      nonNegativeInteger('--wait', 3600),
      0,
    )
    .action(async (options: { stateDir: string; grafanaUrl?: string; wait: number }) => {
      const state = await new NativeStack(options.stateDir, log).readState();
      const ports = state?.ports ?? DEFAULT_PORTS;
      const grafanaUrl =
        options.grafanaUrl ??
        process.env.GRAFANA_URL ??
        (state?.processes.grafana ? stackUrls(ports).grafana : undefined);
      const dashboards = state?.processes.dashboards !== undefined;
      let lines = await checkHealth(ports, grafanaUrl, state?.thanos === true, dashboards);
      if (options.wait > 0 && lines.some((line) => line.pending)) {
        await pollUntil(
          async () => {
            lines = await checkHealth(ports, grafanaUrl, state?.thanos === true, dashboards);
            return !lines.some((line) => line.pending);
          },
          { timeoutMs: options.wait * 1000, intervalMs: 1000 },
        );
      }
      const width = Math.max(...lines.map((line) => line.name.length));
      for (const line of lines) {
        log(`${line.ok ? 'ok  ' : line.pending ? 'wait' : 'DOWN'} ${line.name.padEnd(width)}  ${line.detail}`);
      }
      if (lines.some((line) => line.pending)) {
        log(
          options.wait > 0
            ? `Still pending after ${options.wait} s: is Prometheus' scrape interval longer, or the target slow to answer?`
            : 'Pending: Prometheus has not scraped every target yet; `health --wait 30` waits for it',
        );
      }
      if (!lines.every((line) => line.ok)) process.exitCode = 1;
    });
}
