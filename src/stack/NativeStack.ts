import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_HOST } from '../config/defaults.js';
import type { StackPorts } from '../config/ports.js';
import { PortInUseError } from '../errors/PortInUseError.js';
import { StackError } from '../errors/StackError.js';
import { pollUntil } from '../net/poll.js';
import { describePortHolder, isPortFree } from '../net/ports.js';
import { type Binaries, type BinaryOptions, ensureBinaries, ensurePromtool, ensureThanos } from './binaries.js';
import {
  collectorEnv,
  validateCollectorConfig,
  validatePrometheusConfig,
  writeNativePrometheusConfig,
} from './configs.js';
import { lastLines } from './exec.js';
import { DEMO_ADMIN_PASSWORD, findGrafana, grafanaEnv, writeNativeProvisioning } from './grafana.js';
import { CLI_SCRIPT, CONFIG_FILES } from './paths.js';
import { httpOk, isAlive, runsExecutable, startDetached, stopProcess, waitForHttpOk } from './processes.js';
import {
  connectedReceivers,
  queryArgs,
  receiverArgs,
  remoteWriteUrl,
  THANOS_COMPONENTS,
  THANOS_RECEIVERS,
  type ThanosComponent,
  thanosHealthUrl,
  thanosListeners,
  thanosQueryUrl,
  writeNativeHashring,
} from './thanos.js';

/**
 * In start order: the receivers before Prometheus, which writes to them; the dashboards page
 * after Prometheus, which it queries; `down` stops in reverse.
 */
export const COMPONENTS = ['collector', ...THANOS_COMPONENTS, 'prometheus', 'dashboards', 'grafana'] as const;
export type Component = (typeof COMPONENTS)[number];

function isThanos(component: Component): component is ThanosComponent {
  return (THANOS_COMPONENTS as readonly Component[]).includes(component);
}

/** The config files a stack runs; the repo's by default, any copy for testing a change. */
export interface StackConfigs {
  readonly collector: string;
  readonly prometheus: string;
  /** The Thanos hashring (`stack up --thanos`). */
  readonly hashring: string;
}

export const DEFAULT_CONFIGS: StackConfigs = {
  collector: CONFIG_FILES.collector,
  prometheus: CONFIG_FILES.prometheus,
  hashring: CONFIG_FILES.thanosHashring,
};

/** What `up` wrote into the state folder: `down`, `status`, `health` and `logs` read it back. */
export interface StackState {
  readonly ports: StackPorts;
  readonly configs: StackConfigs;
  /** True when the stack runs the Thanos cluster (`stack up --thanos`). */
  readonly thanos?: boolean;
  readonly processes: Partial<Record<Component, { pid: number; executable: string }>>;
}

export interface ComponentStatus {
  readonly component: Component;
  readonly pid: number | undefined;
  readonly running: boolean;
  readonly healthy: boolean;
  readonly url: string;
}

type Log = (line: string) => void;

const READY_TIMEOUT_MS = 60_000;

/** URLs of a native stack, for messages, tests and the apps. */
export function stackUrls(ports: StackPorts) {
  const base = (port: number) => `http://${DEFAULT_HOST}:${port}`;
  return {
    otlpHttp: base(ports.otlpHttp),
    otlpExponentialHttp: base(ports.otlpExponentialHttp),
    collectorMetrics: `${base(ports.collectorPrometheus)}/metrics`,
    collectorNativeMetrics: `${base(ports.collectorNativePrometheus)}/metrics`,
    collectorHealth: `${base(ports.collectorHealth)}/`,
    prometheus: base(ports.prometheus),
    prometheusReady: `${base(ports.prometheus)}/-/ready`,
    grafana: base(ports.grafana),
    grafanaHealth: `${base(ports.grafana)}/api/health`,
    dashboards: `${base(ports.dashboards)}/`,
    /** Answers as soon as the page's server listens, while the page itself may still be built. */
    dashboardsHealth: `${base(ports.dashboards)}/-/healthy`,
    /** 200 once the page is built and served. */
    dashboardsReady: `${base(ports.dashboards)}/-/ready`,
    thanosQuery: thanosQueryUrl(ports),
  };
}

function healthUrl(component: Component, ports: StackPorts): string {
  if (isThanos(component)) return thanosHealthUrl(component, ports);
  const urls = stackUrls(ports);
  return {
    collector: urls.collectorHealth,
    prometheus: urls.prometheusReady,
    dashboards: urls.dashboardsHealth,
    grafana: urls.grafanaHealth,
  }[component];
}

/**
 * Prometheus' own reason for refusing its config, from its log: the `err` of its
 * "Error loading config" line (logfmt, the value quoted with Go's escapes).
 */
export function prometheusConfigError(log: string): string | undefined {
  const line = log.split('\n').find((candidate) => candidate.includes('Error loading config'));
  if (line === undefined) return undefined;
  const quoted = /\berr="((?:[^"\\]|\\.)*)"/.exec(line);
  if (!quoted?.[1]) return line.trim();
  return quoted[1].replace(/\\(.)/g, (_, escaped: string) => (escaped === 'n' ? ' ' : escaped));
}

/**
 * The native stack: the ocb-built collector, Prometheus 3 and (when installed) Grafana,
 * started from the repo's config files, with pids, logs, derived configs and the TSDB in
 * one state folder.
 */
export class NativeStack {
  /**
   * @param options.extraPrometheusArgs flags added to Prometheus's command line, e.g.
   *   `['--web.enable-admin-api']` for the benchmark's TSDB snapshot.
   */
  constructor(
    readonly stateDir: string,
    private readonly log: Log,
    private readonly options: { readonly extraPrometheusArgs?: readonly string[] } = {},
  ) {}

  private get statePath() {
    return join(this.stateDir, 'stack.json');
  }

  logFile(component: Component): string {
    return join(this.stateDir, 'logs', `${component}.log`);
  }

  async readState(): Promise<StackState | undefined> {
    try {
      return JSON.parse(await readFile(this.statePath, 'utf8')) as StackState;
    } catch {
      return undefined;
    }
  }

  private async writeState(state: StackState): Promise<void> {
    await writeFile(this.statePath, `${JSON.stringify(state, null, 2)}\n`);
  }

  /** True when the recorded pid is alive and still runs the executable we started. */
  private async isOurs(entry: { pid: number; executable: string } | undefined): Promise<boolean> {
    return entry !== undefined && isAlive(entry.pid) && (await runsExecutable(entry.pid, entry.executable));
  }

  /**
   * Builds what is missing, validates the configs, checks ports, starts what is not running
   * and waits for health. Run again after a component died, it restarts only that one, with
   * the ports and configs of the first `up`.
   */
  async up(
    requestedPorts: StackPorts,
    env: NodeJS.ProcessEnv = process.env,
    requestedConfigs = DEFAULT_CONFIGS,
    requested: { thanos?: boolean; dashboards?: boolean; binaries?: BinaryOptions } = {},
  ): Promise<StackPorts> {
    const previous = await this.readState();
    const running = new Set<Component>();
    for (const component of COMPONENTS) {
      if (previous && (await this.isOurs(previous.processes[component]))) running.add(component);
    }
    const keep = running.size > 0 && previous !== undefined;
    const ports = keep ? previous.ports : requestedPorts;
    const configs = keep ? { ...DEFAULT_CONFIGS, ...previous.configs } : requestedConfigs;
    const thanos = keep ? previous.thanos === true : requested.thanos === true;
    const dashboards = keep ? previous.processes.dashboards !== undefined : requested.dashboards !== false;
    if (keep && requested.thanos && !thanos) {
      // Prometheus would need its remote_write: restarting it under the user's feet is not ours to decide.
      throw new StackError(
        'thanos',
        `the stack in ${this.stateDir} runs without Thanos: stop it (stack down) and run stack up --thanos`,
      );
    }
    if (running.size > 0) this.log(`Keeping ${[...running].join(', ')} (already running from ${this.stateDir})`);

    const binaries = await ensureBinaries(this.log, env, requested.binaries);
    const thanosBinary = thanos ? await ensureThanos(this.log, env, requested.binaries) : undefined;
    await mkdir(join(this.stateDir, 'logs'), { recursive: true });

    // Validate everything before starting anything: a broken config leaves nothing half-up.
    await validateCollectorConfig(binaries.otelcol, ports, configs.collector);
    const prometheusConfig = await writeNativePrometheusConfig(
      this.stateDir,
      ports,
      configs.prometheus,
      thanos ? remoteWriteUrl(ports) : undefined,
    );
    if (binaries.promtool) {
      await validatePrometheusConfig(binaries.promtool, configs.prometheus, configs.prometheus);
      await validatePrometheusConfig(binaries.promtool, prometheusConfig, configs.prometheus);
    } else if (!running.has('prometheus')) {
      this.log('promtool is not built yet: Prometheus checks its config as it starts, promtool once built');
    }
    const hashring = thanos ? await writeNativeHashring(this.stateDir, ports, configs.hashring) : undefined;
    const grafana = running.has('grafana') ? undefined : await findGrafana();
    const starting = (component: Component) =>
      component === 'grafana'
        ? grafana !== undefined
        : component === 'dashboards'
          ? dashboards && !running.has(component)
          : !running.has(component) && (thanos || !isThanos(component));
    await this.checkPortsFree(ports, starting);

    const processes: StackState['processes'] = { ...(previous?.processes ?? {}) };
    const save = () => this.writeState({ ports, configs, thanos, processes });
    try {
      if (!running.has('collector')) {
        processes.collector = this.startCollector(binaries, ports, configs.collector);
        await save();
        await this.awaitReady('collector', healthUrl('collector', ports), processes.collector.pid);
      }
      if (thanosBinary && hashring) {
        await this.startThanos(thanosBinary, ports, hashring, starting, processes, save);
      }
      if (!running.has('prometheus')) {
        processes.prometheus = this.startPrometheus(binaries, ports, prometheusConfig, binaries.prometheusCwd);
        await save();
        await this.awaitReady(
          'prometheus',
          healthUrl('prometheus', ports),
          processes.prometheus.pid,
          configs.prometheus,
        );
      }
      if (!binaries.promtool) {
        this.promtoolCheck = this.checkWithPromtool(env, requested.binaries, configs.prometheus, prometheusConfig);
      }
      if (starting('dashboards')) {
        // Healthy as soon as it listens: on a first run it builds the page in its own process
        // while the apps already send data (its / says so and reloads itself).
        processes.dashboards = this.startDashboards(ports);
        await save();
        await this.awaitReady('dashboards', healthUrl('dashboards', ports), processes.dashboards.pid);
      }
      if (grafana) {
        processes.grafana = await this.startGrafana(grafana, ports, env);
        await save();
        await this.awaitReady('grafana', healthUrl('grafana', ports), processes.grafana.pid);
      } else if (!running.has('grafana')) {
        delete processes.grafana;
        await save();
      }
    } catch (error) {
      if (running.size === 0) await this.down();
      throw error;
    }
    return ports;
  }

  /** The late promtool check of the last `up`, when promtool had to be built first. */
  private promtoolCheck: Promise<void> | undefined;

  /**
   * Waits for the promtool check that `up` left running when promtool was not built yet (a
   * first start from source builds it after Prometheus). It never throws: Prometheus accepted
   * the config as it started; promtool's stricter findings are printed as a warning.
   */
  async configCheckDone(): Promise<void> {
    await this.promtoolCheck;
  }

  private async checkWithPromtool(
    env: NodeJS.ProcessEnv,
    options: BinaryOptions | undefined,
    source: string,
    derived: string,
  ): Promise<void> {
    try {
      const promtool = await ensurePromtool(this.log, env, options);
      await validatePrometheusConfig(promtool, source, source);
      await validatePrometheusConfig(promtool, derived, source);
      this.log(`promtool check config: ${source} is valid`);
    } catch (error) {
      this.log(`Warning: ${(error as Error).message}`);
    }
  }

  private async checkPortsFree(ports: StackPorts, starting: (component: Component) => boolean): Promise<void> {
    const needed: [Component, string, number][] = [
      ['collector', 'collector (OTLP gRPC)', ports.otlpGrpc],
      ['collector', 'collector (OTLP HTTP)', ports.otlpHttp],
      ['collector', 'collector (OTLP HTTP, exponential pipeline)', ports.otlpExponentialHttp],
      ['collector', "collector's Prometheus exporter", ports.collectorPrometheus],
      ['collector', "collector's native-histogram exporter", ports.collectorNativePrometheus],
      ['collector', 'collector health check', ports.collectorHealth],
      ['prometheus', 'Prometheus', ports.prometheus],
      ['dashboards', 'dashboards page', ports.dashboards],
      ['grafana', 'Grafana', ports.grafana],
      ...thanosListeners(ports),
    ];
    for (const [component, what, port] of needed) {
      if (!starting(component)) continue;
      if (!(await isPortFree(DEFAULT_HOST, port))) {
        throw new PortInUseError(
          DEFAULT_HOST,
          port,
          await describePortHolder(port),
          `needed by the ${what}: stop that process or choose another port (see histogram-demo stack up --help)`,
        );
      }
    }
  }

  /**
   * The receivers first, all at once (each waits for its peers in the hashring), then the
   * query, ready once it reaches all three: from then on a query sees every replica.
   */
  private async startThanos(
    thanos: string,
    ports: StackPorts,
    hashring: string,
    starting: (component: Component) => boolean,
    processes: StackState['processes'],
    save: () => Promise<void>,
  ): Promise<void> {
    const receivers = THANOS_RECEIVERS.filter(starting);
    for (const receiver of receivers) {
      const pid = startDetached(thanos, receiverArgs(ports, receiver, this.stateDir, hashring), {
        logFile: this.logFile(receiver),
      });
      processes[receiver] = { pid, executable: thanos };
      await save();
    }
    for (const receiver of receivers) {
      await this.awaitReady(receiver, healthUrl(receiver, ports), processes[receiver]?.pid ?? 0);
    }
    if (starting('thanos-query')) {
      const pid = startDetached(thanos, queryArgs(ports), { logFile: this.logFile('thanos-query') });
      processes['thanos-query'] = { pid, executable: thanos };
      await save();
      await this.awaitReady('thanos-query', healthUrl('thanos-query', ports), pid);
    }
    const connected = await pollUntil(async () => (await connectedReceivers(ports)) === THANOS_RECEIVERS.length, {
      timeoutMs: READY_TIMEOUT_MS,
      intervalMs: 200,
    });
    if (!connected) {
      throw new StackError(
        'thanos-query',
        `reaches ${await connectedReceivers(ports)} of ${THANOS_RECEIVERS.length} receivers after ${READY_TIMEOUT_MS / 1000}s; see ${this.logFile('thanos-query')}`,
      );
    }
  }

  private startCollector(binaries: Binaries, ports: StackPorts, configPath: string) {
    const pid = startDetached(binaries.otelcol, [`--config=${configPath}`], {
      logFile: this.logFile('collector'),
      env: collectorEnv(ports),
    });
    return { pid, executable: binaries.otelcol };
  }

  /** @param cwd where the UI assets are: Prometheus built without embedded assets reads them from ./web/ui/static. */
  private startPrometheus(binaries: Binaries, ports: StackPorts, configPath: string, cwd: string | undefined) {
    const pid = startDetached(
      binaries.prometheus,
      [
        `--config.file=${configPath}`,
        // In the state folder: history survives a Prometheus restart, `clean` removes it.
        `--storage.tsdb.path=${join(this.stateDir, 'prometheus-data')}`,
        `--web.listen-address=${DEFAULT_HOST}:${ports.prometheus}`,
        // Prometheus's own OTLP endpoint (/api/v1/otlp/v1/metrics): an app can push to it directly.
        '--web.enable-otlp-receiver',
        // POST /-/reload and /-/quit, used to apply config changes without losing the TSDB.
        '--web.enable-lifecycle',
        ...(this.options.extraPrometheusArgs ?? []),
      ],
      { logFile: this.logFile('prometheus'), ...(cwd ? { cwd } : {}) },
    );
    return { pid, executable: binaries.prometheus };
  }

  /** The dashboards page: our own CLI's `dashboards serve`, reading the stack's Prometheus. */
  private startDashboards(ports: StackPorts) {
    const pid = startDetached(
      process.execPath,
      [
        CLI_SCRIPT,
        'dashboards',
        'serve',
        `--dashboards-port=${ports.dashboards}`,
        `--host=${DEFAULT_HOST}`,
        `--prometheus-url=${stackUrls(ports).prometheus}`,
      ],
      { logFile: this.logFile('dashboards') },
    );
    // The script, not node, identifies it: `down` must never stop another node process with our old pid.
    return { pid, executable: CLI_SCRIPT };
  }

  private async startGrafana(grafana: { command: string; args: string[] }, ports: StackPorts, env: NodeJS.ProcessEnv) {
    const password = env.GRAFANA_ADMIN_PASSWORD || DEMO_ADMIN_PASSWORD;
    if (password === DEMO_ADMIN_PASSWORD) {
      this.log('Warning: Grafana admin password is the demo default "admin"; set GRAFANA_ADMIN_PASSWORD to change it');
    }
    const provisioning = await writeNativeProvisioning(this.stateDir, stackUrls(ports).prometheus);
    const pid = startDetached(grafana.command, grafana.args, {
      logFile: this.logFile('grafana'),
      env: grafanaEnv(this.stateDir, provisioning, ports.grafana, password),
    });
    return { pid, executable: grafana.command };
  }

  /** @param configSource the config the component read: a config error in its log is reported against it. */
  private async awaitReady(component: Component, url: string, pid: number, configSource?: string): Promise<void> {
    this.log(`Waiting for ${component} at ${url}`);
    const ready = await waitForHttpOk(url, READY_TIMEOUT_MS, () => isAlive(pid));
    if (!ready) {
      const log = await readFile(this.logFile(component), 'utf8').catch(() => '');
      const configError = configSource === undefined ? undefined : prometheusConfigError(log);
      if (configError !== undefined) throw new StackError(component, `invalid config ${configSource}: ${configError}`);
      const why = isAlive(pid) ? `not ready after ${READY_TIMEOUT_MS / 1000}s` : 'exited during start';
      throw new StackError(component, `${why}; last log lines (${this.logFile(component)}):\n${lastLines(log, 10)}`);
    }
  }

  /** Stops only the processes this state folder recorded, and only if they are still ours. */
  async down(): Promise<Component[]> {
    const state = await this.readState();
    if (!state) return [];
    const stopped: Component[] = [];
    for (const component of [...COMPONENTS].reverse()) {
      const entry = state.processes[component];
      if (!entry || !(await this.isOurs(entry))) continue;
      await stopProcess(entry.pid);
      stopped.push(component);
    }
    await rm(this.statePath, { force: true });
    return stopped;
  }

  /** Stops one component, keeping the others and the state (for restarts and outage drills). */
  async stop(component: Component): Promise<boolean> {
    const state = await this.readState();
    const entry = state?.processes[component];
    if (!entry || !(await this.isOurs(entry))) return false;
    await stopProcess(entry.pid);
    return true;
  }

  async status(): Promise<ComponentStatus[]> {
    const state = await this.readState();
    const statuses = await Promise.all(
      COMPONENTS.map(async (component) => {
        const entry = state?.processes[component];
        const pid = entry?.pid;
        const running = await this.isOurs(entry);
        const url = state ? healthUrl(component, state.ports) : '';
        const healthy = running && (await httpOk(url));
        return { component, pid, running, healthy, url };
      }),
    );
    // Grafana is optional natively, Thanos on request, the dashboards page unless --no-dashboards:
    // listed only when this stack started them.
    return statuses.filter((status) =>
      status.component === 'grafana' || status.component === 'dashboards'
        ? state?.processes[status.component] !== undefined
        : !isThanos(status.component) || state?.thanos === true,
    );
  }
}
