import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { DEFAULT_PORTS } from '../../config/defaults.js';
import { RunningStackDiffersError } from '../../errors/RunningStackDiffersError.js';
import { StackStateError } from '../../errors/StackStateError.js';
import { UsageError } from '../../errors/UsageError.js';
import { composeEnvironment } from '../../stack/compose.js';
import { dockerEngineAvailable } from '../../stack/docker.js';
import { execOrFail } from '../../stack/exec.js';
import {
  COMPONENTS,
  type Component,
  NativeStack,
  type StackConfigs,
  stackUrls,
  type UpRequest,
} from '../../stack/NativeStack.js';
import { CONFIG_FILES, defaultStateDir } from '../../stack/paths.js';
import { DEFAULT_STACK_PORTS, type StackPorts } from '../../stack/ports.js';
import { readHashringFile, THANOS_INTERNAL_PORT_COUNT } from '../../stack/thanos.js';
import { oneOf, port } from '../parsers.js';
import { checkInputFile, prepareOutputFolder } from '../pathFlags.js';

const log = (line: string) => console.log(line);

export interface StackPortOptions {
  otlpGrpcPort: number;
  otlpHttpPort: number;
  otlpExponentialPort: number;
  collectorPort: number;
  collectorNativePort: number;
  healthPort: number;
  prometheusPort: number;
  grafanaPort: number;
  dashboardsPort: number;
  /** False with --no-dashboards. */
  dashboards: boolean;
  appPort: number;
  stateDir: string;
  collectorConfig: string;
  prometheusConfig: string;
  thanos?: boolean;
  thanosQueryPort: number;
  thanosInternalPorts: number;
  thanosHashring: string;
  buildFromSource?: boolean;
}

/** The port flags shared by `stack up` and `start`. */
export function addStackOptions(command: Command): Command {
  return command
    .option('--state-dir <dir>', 'pids, logs, derived configs and the Prometheus TSDB', defaultStateDir())
    .option('--otlp-grpc-port <n>', 'collector OTLP gRPC port', port('--otlp-grpc-port'), DEFAULT_STACK_PORTS.otlpGrpc)
    .option('--otlp-http-port <n>', 'collector OTLP HTTP port', port('--otlp-http-port'), DEFAULT_STACK_PORTS.otlpHttp)
    .option(
      '--otlp-exponential-port <n>',
      'collector OTLP HTTP port of the exponential pipeline',
      port('--otlp-exponential-port'),
      DEFAULT_STACK_PORTS.otlpExponentialHttp,
    )
    .option(
      '--collector-native-port <n>',
      "collector's native-histogram exporter port",
      port('--collector-native-port'),
      DEFAULT_STACK_PORTS.collectorNativePrometheus,
    )
    .option(
      '--collector-port <n>',
      "collector's Prometheus exporter port",
      port('--collector-port'),
      DEFAULT_STACK_PORTS.collectorPrometheus,
    )
    .option(
      '--health-port <n>',
      'collector health check port',
      port('--health-port'),
      DEFAULT_STACK_PORTS.collectorHealth,
    )
    .option('--prometheus-port <n>', 'Prometheus port', port('--prometheus-port'), DEFAULT_STACK_PORTS.prometheus)
    .option(
      '--grafana-port <n>',
      'Grafana port (started natively when a Grafana binary is installed)',
      port('--grafana-port'),
      DEFAULT_STACK_PORTS.grafana,
    )
    .option(
      '--dashboards-port <n>',
      'port of the dashboards page (Perses, served natively)',
      port('--dashboards-port'),
      DEFAULT_STACK_PORTS.dashboards,
    )
    .option('--no-dashboards', 'do not serve the dashboards page (natively)')
    .option('--collector-config <file>', "collector config to run instead of the repo's", CONFIG_FILES.collector)
    .option('--prometheus-config <file>', "Prometheus config to run instead of the repo's", CONFIG_FILES.prometheus)
    .option(
      '--app-port <n>',
      'port of the direct app that Prometheus scrapes',
      port('--app-port'),
      DEFAULT_STACK_PORTS.directApp,
    )
    .option('--thanos', 'also run a Thanos cluster (3 receivers, 1 query) that Prometheus remote-writes to')
    .option(
      '--thanos-query-port <n>',
      "Thanos query's HTTP API port (Prometheus-compatible: verify --prometheus-url)",
      port('--thanos-query-port'),
      DEFAULT_STACK_PORTS.thanosQuery,
    )
    .option(
      '--thanos-internal-ports <n>',
      `first of ${THANOS_INTERNAL_PORT_COUNT} consecutive ports of the Thanos query's gRPC and the receivers`,
      port('--thanos-internal-ports'),
      DEFAULT_STACK_PORTS.thanosInternal,
    )
    .option('--thanos-hashring <file>', "Thanos hashring to run instead of the repo's", CONFIG_FILES.thanosHashring)
    .option(
      '--build-from-source',
      'build the collector, Prometheus and Thanos from the Go module proxy instead of downloading the official release archives',
    );
}

export function portsFrom(options: StackPortOptions): StackPorts {
  return {
    otlpGrpc: options.otlpGrpcPort,
    otlpHttp: options.otlpHttpPort,
    otlpExponentialHttp: options.otlpExponentialPort,
    collectorPrometheus: options.collectorPort,
    collectorNativePrometheus: options.collectorNativePort,
    collectorHealth: options.healthPort,
    prometheus: options.prometheusPort,
    grafana: options.grafanaPort,
    dashboards: options.dashboardsPort,
    directApp: options.appPort,
    thanosQuery: options.thanosQueryPort,
    thanosInternal: options.thanosInternalPorts,
  };
}

/** The flag of each port and config, to tell what the user chose from the defaults and to name it. */
const SETTING_FLAGS: { ports: Record<keyof StackPorts, string>; configs: Record<keyof StackConfigs, string> } = {
  ports: {
    otlpGrpc: '--otlp-grpc-port',
    otlpHttp: '--otlp-http-port',
    otlpExponentialHttp: '--otlp-exponential-port',
    collectorPrometheus: '--collector-port',
    collectorNativePrometheus: '--collector-native-port',
    collectorHealth: '--health-port',
    prometheus: '--prometheus-port',
    grafana: '--grafana-port',
    directApp: '--app-port',
    thanosQuery: '--thanos-query-port',
    thanosInternal: '--thanos-internal-ports',
    dashboards: '--dashboards-port',
  },
  configs: { collector: '--collector-config', prometheus: '--prometheus-config', hashring: '--thanos-hashring' },
};

/** The ports and configs given on the command line (not left at their defaults). */
export function explicitSettings(command: Command): NonNullable<UpRequest['explicit']> {
  const given = (flag: string) => {
    const option = command.options.find((candidate) => candidate.long === flag);
    return option !== undefined && command.getOptionValueSource(option.attributeName()) === 'cli';
  };
  const chosen = <K extends string>(flags: Record<K, string>) =>
    new Set((Object.keys(flags) as K[]).filter((key) => given(flags[key])));
  return { ports: chosen(SETTING_FLAGS.ports), configs: chosen(SETTING_FLAGS.configs) };
}

type Mode = 'auto' | 'docker' | 'native';

/** What `stackUp` started: the mode, the ports it serves on, and whether a Grafana and the dashboards page run. */
export interface StackUpResult {
  readonly mode: 'docker' | 'native';
  readonly ports: StackPorts;
  readonly grafana: boolean;
  readonly dashboards: boolean;
  /**
   * Settles once promtool has checked the Prometheus config, when a first start from source
   * built promtool after Prometheus (off the critical path); never rejects.
   */
  readonly configCheck: Promise<void>;
}

/**
 * Refuses what Docker mode cannot honour: the containerised Prometheus scrapes the direct app at
 * host.docker.internal on the port written in configs/prometheus/prometheus.yml.
 */
export function checkDockerOptions(options: StackPortOptions): void {
  if (options.appPort !== DEFAULT_PORTS.directApp) {
    throw new UsageError(
      `--app-port ${options.appPort}: with Docker, Prometheus scrapes the direct app on port ${DEFAULT_PORTS.directApp} ` +
        `(configs/prometheus/prometheus.yml); drop --app-port, or add --native`,
    );
  }
}

/** Docker Compose where an engine answers, the native stack otherwise; says which. */
export async function stackUp(
  options: StackPortOptions & { mode: Mode; explicit?: UpRequest['explicit'] },
): Promise<StackUpResult> {
  const configs = {
    collector: resolve(options.collectorConfig),
    prometheus: resolve(options.prometheusConfig),
    hashring: resolve(options.thanosHashring),
  };
  if (options.mode === 'docker') checkDockerOptions(options);
  await checkInputFile('--collector-config', options.collectorConfig);
  await checkInputFile('--prometheus-config', options.prometheusConfig);
  if (options.mode !== 'docker') await prepareOutputFolder('--state-dir', options.stateDir);
  const docker = options.mode !== 'native' && (await dockerEngineAvailable());
  if (options.mode === 'docker' && !docker) {
    throw new UsageError('--docker: no Docker engine answers (docker info failed); drop --docker to run natively');
  }
  if (docker) {
    checkDockerOptions(options);
    log('Docker engine found: starting the stack with Docker Compose');
    const ports = portsFrom(options);
    await execOrFail(
      'compose',
      'docker compose up',
      'docker',
      ['compose', '-f', CONFIG_FILES.compose, ...(options.thanos ? ['--profile', 'thanos'] : []), 'up', '-d', '--wait'],
      { env: composeEnvironment(ports, configs) },
    );
    return { mode: 'docker', ports, grafana: true, dashboards: false, configCheck: Promise.resolve() };
  }
  const native = new NativeStack(options.stateDir, log);
  // Refused before a word is printed: a damaged state folder, a hashring Thanos would not read.
  await native.readState();
  if (options.thanos) await readHashringFile(configs.hashring);
  log(
    options.mode === 'native'
      ? 'Starting the native stack'
      : 'No Docker engine answers: starting the native stack (real collector and Prometheus binaries)',
  );
  const ports = await native
    .up(portsFrom(options), process.env, configs, {
      thanos: options.thanos === true,
      dashboards: options.dashboards !== false,
      binaries: { fromSource: options.buildFromSource === true },
      ...(options.explicit ? { explicit: options.explicit } : {}),
    })
    .catch((error: unknown) => {
      if (!(error instanceof RunningStackDiffersError)) throw error;
      const flag =
        'port' in error.setting
          ? SETTING_FLAGS.ports[error.setting.port as keyof StackPorts]
          : SETTING_FLAGS.configs[error.setting.config as keyof StackConfigs];
      throw new UsageError(
        `${flag} ${error.requested}: the stack in ${error.stateDir} runs with ${error.running}; drop ${flag}, or stop that stack first (stack down --state-dir ${error.stateDir})`,
        { cause: error },
      );
    });
  const urls = stackUrls(ports);
  const state = await native.readState();
  log(`Collector: OTLP/HTTP ${urls.otlpHttp}, metrics ${urls.collectorMetrics}`);
  log(`Prometheus: ${urls.prometheus}`);
  if (state?.thanos) log(`Thanos query: ${urls.thanosQuery} (verify --prometheus-url ${urls.thanosQuery})`);
  const grafana = state?.processes.grafana !== undefined;
  const dashboards = state?.processes.dashboards !== undefined;
  if (dashboards) log(`Dashboards page: ${urls.dashboards}`);
  return { mode: 'native', ports, grafana, dashboards, configCheck: native.configCheckDone() };
}

export function stackCommand(): Command {
  const stack = new Command('stack').description('run the collector and Prometheus: natively, or with Docker Compose');

  addStackOptions(
    stack.command('up').description('build what is missing, validate the configs, start and wait until healthy'),
  )
    .addOption(new Option('--docker', 'use Docker Compose (needs a Docker engine)').conflicts('native'))
    .addOption(new Option('--native', 'use the native binaries even when Docker is available'))
    .action(async (options: StackPortOptions & { docker?: boolean; native?: boolean }, command: Command) => {
      const { configCheck } = await stackUp({
        ...options,
        mode: options.docker ? 'docker' : options.native ? 'native' : 'auto',
        explicit: explicitSettings(command),
      });
      await configCheck;
    });

  stack
    .command('down')
    .description('stop what `stack up` started (and nothing else)')
    .option('--state-dir <dir>', 'state folder of the stack', defaultStateDir())
    .action(async (options: { stateDir: string }) => {
      const stopped = await new NativeStack(options.stateDir, log).down();
      log(
        stopped.length
          ? `Stopped ${stopped.join(' and ')}`
          : 'Nothing to stop: no native stack runs from this state folder',
      );
    });

  stack
    .command('stop')
    .description('stop one component, keeping the others and the state (`stack up` restarts it)')
    .argument('<component>', COMPONENTS.join(', '), oneOf('component', COMPONENTS))
    .option('--state-dir <dir>', 'state folder of the stack', defaultStateDir())
    .action(async (component: Component, options: { stateDir: string }) => {
      const stopped = await new NativeStack(options.stateDir, log).stop(component);
      log(stopped ? `Stopped ${component}` : `${component} is not running from ${options.stateDir}`);
    });

  stack
    .command('status')
    .description('one line per component; exit code 1 unless all are healthy')
    .option('--state-dir <dir>', 'state folder of the stack', defaultStateDir())
    .action(async (options: { stateDir: string }) => {
      const statuses = await new NativeStack(options.stateDir, log).status();
      for (const status of statuses) {
        const state = status.healthy ? 'healthy' : status.running ? 'running, not healthy' : 'stopped';
        log(
          `${status.component.padEnd(10)} ${state}${status.pid ? ` (pid ${status.pid})` : ''} ${status.url}`.trimEnd(),
        );
      }
      if (!statuses.every((status) => status.healthy)) process.exitCode = 1;
    });

  stack
    .command('logs')
    .description('print the logs of one component or all')
    .argument('[component]', `${COMPONENTS.join(' or ')}`, oneOf('component', COMPONENTS))
    .option('--state-dir <dir>', 'state folder of the stack', defaultStateDir())
    .action(async (component: Component | undefined, options: { stateDir: string }) => {
      const native = new NativeStack(options.stateDir, log);
      // A damaged state still has logs worth reading (they say what ran): then every log there is.
      const state = await native.readState().catch((error: unknown) => {
        if (error instanceof StackStateError) return undefined;
        throw error;
      });
      // Without a component: those this stack started (Grafana and Thanos are optional).
      const names = component ? [component] : COMPONENTS.filter((name) => !state || state.processes[name]);
      for (const name of names) {
        const text = await readFile(native.logFile(name), 'utf8').catch(() => undefined);
        if (text === undefined) {
          log(`== ${name}: no log in ${options.stateDir} (has the stack been started?)`);
          continue;
        }
        log(`== ${name} (${native.logFile(name)})`);
        process.stdout.write(text);
      }
    });
  return stack;
}
