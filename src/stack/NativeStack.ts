import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_HOST } from '../config/defaults.js';
import type { StackPorts } from '../config/ports.js';
import { EarlierStackStateError } from '../errors/EarlierStackStateError.js';
import { PortInUseError } from '../errors/PortInUseError.js';
import { RunningStackDiffersError } from '../errors/RunningStackDiffersError.js';
import { StackError } from '../errors/StackError.js';
import { StackStateError } from '../errors/StackStateError.js';
import { pollUntil } from '../net/poll.js';
import { describePortHolder, isPortFree } from '../net/ports.js';
import { type Binaries, type BinaryOptions, ensureBinaries, ensurePromtool, ensureThanos } from './binaries.js';
import { COMPONENTS, type Component } from './components.js';
import { collectorEnv, nativePrometheusConfig, validateCollectorConfig, validatePrometheusConfig } from './configs.js';
import { lastLines } from './exec.js';
import { writeFileAtomic } from './files.js';
import { DEMO_ADMIN_PASSWORD, findGrafana, grafanaEnv, writeNativeProvisioning } from './grafana.js';
import { CLI_SCRIPT, CONFIG_FILES } from './paths.js';
import {
  httpOk,
  isAlive,
  isRecordedProcess,
  runsExecutable,
  startDetached,
  stopProcess,
  waitForHttpOk,
} from './processes.js';
import { ensurePrometheusUi } from './prometheusUi.js';
import {
  earlierVersionProcesses,
  type ProcessEntry,
  parseStackState,
  type StackConfigs,
  type StackState,
} from './StackState.js';
import {
  connectedReceivers,
  nativeHashring,
  queryArgs,
  queryEndpoints,
  receiverArgs,
  receiverDataDir,
  remoteWriteUrl,
  THANOS_COMPONENTS,
  THANOS_RECEIVERS,
  type ThanosComponent,
  thanosHealthUrl,
  thanosListeners,
  thanosQueryUrl,
} from './thanos.js';

export { COMPONENTS, type Component } from './components.js';
export type { ProcessEntry, StackConfigs, StackState } from './StackState.js';

function isThanos(component: Component): component is ThanosComponent {
  return (THANOS_COMPONENTS as readonly Component[]).includes(component);
}

export const DEFAULT_CONFIGS: StackConfigs = {
  collector: CONFIG_FILES.collector,
  prometheus: CONFIG_FILES.prometheus,
  hashring: CONFIG_FILES.thanosHashring,
};

/**
 * What `up` asked for beyond ports and configs. `explicit` names the ports and configs the user
 * chose (not defaults): on a running stack, each must equal what it runs.
 */
export interface UpRequest {
  readonly thanos?: boolean;
  /** The dashboards page (default on). */
  readonly dashboards?: boolean;
  readonly binaries?: BinaryOptions;
  readonly explicit?: {
    readonly ports?: ReadonlySet<keyof StackPorts>;
    readonly configs?: ReadonlySet<keyof StackConfigs>;
  };
}

/** The files `up` derives into the state folder, each read by the components listed. */
const DERIVED_FILES = {
  collector: { name: 'otelcol-config.yml', readers: ['collector'] },
  prometheus: { name: 'prometheus.yml', readers: ['prometheus'] },
  hashring: { name: 'thanos-hashring.json', readers: THANOS_RECEIVERS },
  queryEndpoints: { name: 'thanos-query-endpoints.yml', readers: ['thanos-query'] },
} as const satisfies Record<string, { name: string; readers: readonly Component[] }>;
type DerivedFile = keyof typeof DERIVED_FILES;

/** What an `up` runs with, settled from the request and the recorded state before anything is built. */
interface UpPlan {
  /** The state the last `up` recorded, if any. */
  readonly previous: StackState | undefined;
  /** Its components that still run: kept, not started again. */
  readonly running: ReadonlySet<Component>;
  readonly ports: StackPorts;
  readonly configs: StackConfigs;
  readonly thanos: boolean;
  readonly dashboards: boolean;
  /** The hashring the receivers read, derived for this stack's ports; with Thanos only. */
  readonly hashringText: string | undefined;
}

/** What starting the missing components needs once everything is checked. */
interface StartInputs {
  readonly binaries: Binaries;
  readonly thanosBinary: Awaited<ReturnType<typeof ensureThanos>> | undefined;
  /** The derived configs the processes read, in the state folder. */
  readonly paths: { readonly collector: string; readonly prometheus: string; readonly hashring: string | undefined };
  readonly starting: (component: Component) => boolean;
  readonly grafana: Awaited<ReturnType<typeof findGrafana>>;
  readonly env: NodeJS.ProcessEnv;
  readonly binaryOptions: BinaryOptions | undefined;
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
  /** Absolute: every process's command line holds a path in it, compared as written. */
  readonly stateDir: string;

  /**
   * @param options.extraPrometheusArgs flags added to Prometheus's command line, e.g.
   *   `['--web.enable-admin-api']` for the benchmark's TSDB snapshot.
   */
  constructor(
    stateDir: string,
    private readonly log: Log,
    private readonly options: { readonly extraPrometheusArgs?: readonly string[] } = {},
  ) {
    this.stateDir = resolve(stateDir);
  }

  private get statePath() {
    return join(this.stateDir, 'stack.json');
  }

  logFile(component: Component): string {
    return join(this.stateDir, 'logs', `${component}.log`);
  }

  /** The state `up` recorded; undefined when there is none; a StackStateError when it is damaged. */
  async readState(): Promise<StackState | undefined> {
    let text: string;
    try {
      text = await readFile(this.statePath, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      throw new StackStateError(this.stateDir, this.statePath, `cannot read it: ${code ?? (error as Error).message}`, {
        cause: error,
      });
    }
    try {
      return parseStackState(text, { stateDir: this.stateDir, statePath: this.statePath }, COMPONENTS);
    } catch (error) {
      const earlier = earlierVersionProcesses(text, COMPONENTS);
      if (earlier === undefined) throw error;
      const running: number[] = [];
      for (const { pid, executable } of earlier) if (await runsExecutable(pid, executable)) running.push(pid);
      throw new EarlierStackStateError(this.stateDir, this.statePath, running, { cause: error });
    }
  }

  private async writeState(state: StackState): Promise<void> {
    await writeFileAtomic(this.statePath, `${JSON.stringify(state, null, 2)}\n`);
  }

  private derivedPath(file: DerivedFile): string {
    return join(this.stateDir, DERIVED_FILES[file].name);
  }

  /**
   * The argument, a path in this state folder, that the component's command line holds: a copy
   * of the folder names another path, so it never claims the original's processes.
   */
  private stateArgument(component: Component): string {
    if (component === 'dashboards') return `--state-dir=${this.stateDir}`;
    if (component === 'collector') return `--config=${this.derivedPath('collector')}`;
    if (component === 'prometheus') return `--storage.tsdb.path=${join(this.stateDir, 'prometheus-data')}`;
    if (component === 'thanos-query') return `--endpoint.sd-config-file=${this.derivedPath('queryEndpoints')}`;
    if (component === 'grafana') return `cfg:default.paths.data=${join(this.stateDir, 'grafana', 'data')}`;
    return `--tsdb.path=${receiverDataDir(this.stateDir, component)}`;
  }

  /**
   * True when the recorded process still runs, is the one started (same start time), and was
   * started from this state folder: not the original's processes seen from a copy of the folder.
   */
  private async isOurs(component: Component, entry: ProcessEntry | undefined): Promise<boolean> {
    return entry !== undefined && (await isRecordedProcess(entry, this.stateArgument(component)));
  }

  /** Refuses a port or config the user chose that differs from what the running stack uses. */
  private checkSameSettings(
    previous: StackState,
    ports: StackPorts,
    configs: StackConfigs,
    explicit: UpRequest['explicit'],
  ): void {
    for (const key of explicit?.ports ?? []) {
      if (ports[key] !== previous.ports[key]) {
        throw new RunningStackDiffersError(
          this.stateDir,
          { port: key },
          String(ports[key]),
          String(previous.ports[key]),
        );
      }
    }
    for (const key of explicit?.configs ?? []) {
      // The hashring of a stack that runs no Thanos is read by nothing.
      if (key === 'hashring' && previous.thanos !== true) continue;
      if (resolve(configs[key]) !== previous.configs[key]) {
        throw new RunningStackDiffersError(
          this.stateDir,
          { config: key },
          resolve(configs[key]),
          previous.configs[key],
        );
      }
    }
  }

  /**
   * Refuses a hashring whose content changed since the running receivers read their copy: that
   * copy is never rewritten under them (each reloads it on change, one at a time), so the change
   * would silently not apply; it waits for a restart the user asks for.
   */
  private async checkSameHashring(text: string, source: string, running: ReadonlySet<Component>): Promise<void> {
    if (!THANOS_RECEIVERS.some((receiver) => running.has(receiver))) return;
    const derived = this.derivedPath('hashring');
    const current = await readFile(derived, 'utf8').catch(() => undefined);
    if (current !== undefined && current !== text) {
      throw new RunningStackDiffersError(this.stateDir, { configContent: 'hashring' }, source, derived);
    }
  }

  /**
   * Writes a derived config, whole, unless a process reads it now: a running Prometheus or
   * receiver keeps the file it started with (a receiver reloads its hashring on change). A
   * difference is said, with how to apply it.
   */
  private async place(file: DerivedFile, text: string, running: ReadonlySet<Component>): Promise<string> {
    const path = this.derivedPath(file);
    const readers = DERIVED_FILES[file].readers.filter((reader) => running.has(reader));
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (readers.length === 0 || current === undefined) {
      await writeFileAtomic(path, text);
    } else if (current !== text) {
      this.log(
        `Warning: ${path} is not rewritten while ${readers.join(', ')} ${readers.length > 1 ? 'read' : 'reads'} it; ` +
          `to apply the change, stop ${readers.length > 1 ? 'them' : 'it'} (stack stop) and run stack up again`,
      );
    }
    return path;
  }

  /**
   * What this `up` runs with: the components of the recorded state that still run, and the
   * ports, configs, Thanos and dashboards choices, kept from that state while any part runs.
   */
  private async plan(
    requestedPorts: StackPorts,
    requestedConfigs: StackConfigs,
    requested: UpRequest,
    log: Log = this.log,
  ): Promise<UpPlan> {
    const previous = await this.readState();
    const running = new Set<Component>();
    for (const component of COMPONENTS) {
      if (previous && (await this.isOurs(component, previous.processes[component]))) running.add(component);
    }
    const keep = running.size > 0 && previous !== undefined;
    if (keep) this.checkSameSettings(previous, requestedPorts, requestedConfigs, requested.explicit);
    const thanos = keep ? previous.thanos === true : requested.thanos === true;
    if (keep && requested.thanos && !thanos) {
      // Prometheus would need its remote_write: restarting it under the user's feet is not ours to decide.
      throw new StackError(
        'thanos',
        `the stack in ${this.stateDir} runs without Thanos: stop it (stack down) and run stack up --thanos`,
      );
    }
    const ports = keep ? previous.ports : requestedPorts;
    const configs = keep ? { ...DEFAULT_CONFIGS, ...previous.configs } : requestedConfigs;
    // Before any build: a broken hashring is refused at once, a changed one while receivers run.
    const hashringText = thanos ? await nativeHashring(ports, configs.hashring) : undefined;
    if (hashringText !== undefined) await this.checkSameHashring(hashringText, configs.hashring, running);
    if (running.size > 0) log(`Keeping ${[...running].join(', ')} (already running from ${this.stateDir})`);
    return {
      previous,
      running,
      ports,
      configs,
      thanos,
      dashboards: keep ? previous.processes.dashboards !== undefined : requested.dashboards !== false,
      hashringText,
    };
  }

  /**
   * Refuses, before a word is printed, what the running stack of this folder cannot take: a
   * port or config the user chose that differs from its own, a hashring changed under its receivers.
   */
  async refuseDifferences(
    requestedPorts: StackPorts,
    requestedConfigs: StackConfigs = DEFAULT_CONFIGS,
    requested: UpRequest = {},
  ): Promise<void> {
    await this.plan(requestedPorts, requestedConfigs, requested, () => {});
  }

  /**
   * The collector's config and the Prometheus config derived for this stack, each checked by its
   * own program (promtool once it is built) before anything starts.
   */
  private async validatedConfigs(
    plan: UpPlan,
    binaries: Binaries,
  ): Promise<{ readonly collectorText: string; readonly prometheusText: string }> {
    const { ports, configs } = plan;
    await validateCollectorConfig(binaries.otelcol, ports, configs.collector);
    const collectorText = await readFile(configs.collector, 'utf8');
    const prometheusText = await nativePrometheusConfig(
      ports,
      configs.prometheus,
      plan.thanos ? remoteWriteUrl(ports) : undefined,
    );
    if (binaries.promtool) {
      await validatePrometheusConfig(binaries.promtool, configs.prometheus, configs.prometheus);
      await this.validateDerivedPrometheusConfig(binaries.promtool, prometheusText, configs.prometheus);
    } else if (!plan.running.has('prometheus')) {
      this.log('promtool is not built yet: Prometheus checks its config as it starts, promtool once built');
    }
    return { collectorText, prometheusText };
  }

  /**
   * Starts, in order, each component that is not running and `starting` names, recording each
   * in the state as soon as it runs and waiting for its health before the next.
   */
  private async startMissing(
    plan: UpPlan,
    start: StartInputs,
    processes: StackState['processes'],
    save: () => Promise<void>,
  ): Promise<void> {
    const { ports, running } = plan;
    const { binaries, paths, starting, grafana } = start;
    if (!running.has('collector')) {
      processes.collector = this.startCollector(binaries, ports, paths.collector);
      await save();
      await this.awaitReady('collector', healthUrl('collector', ports), processes.collector.pid);
    }
    if (start.thanosBinary && paths.hashring) {
      await this.startThanos(start.thanosBinary, ports, paths.hashring, starting, processes, save);
    }
    if (!running.has('prometheus')) {
      processes.prometheus = this.startPrometheus(binaries, ports, paths.prometheus, binaries.prometheusCwd);
      await save();
      await this.awaitReady(
        'prometheus',
        healthUrl('prometheus', ports),
        processes.prometheus.pid,
        plan.configs.prometheus,
      );
    }
    // Written once promtool's Go build is done: the page's npm ci and Vite wait for it (2 cores).
    const goBuildsDone = join(this.stateDir, 'go-builds-done');
    const lateBuilds: Promise<unknown>[] = [];
    if (!binaries.promtool) {
      await rm(goBuildsDone, { force: true });
      lateBuilds.push(
        this.checkWithPromtool(start.env, start.binaryOptions, plan.configs.prometheus, paths.prometheus).finally(() =>
          writeFile(goBuildsDone, `${new Date().toISOString()}\n`).catch(() => {}),
        ),
      );
    }
    // A source-built Prometheus is already serving its API from the folder its UI lands in.
    if (binaries.prometheusCwd) lateBuilds.push(this.buildPrometheusUi(start.env));
    this.lateBuilds = Promise.all(lateBuilds).then(() => {});
    if (starting('dashboards')) {
      // Healthy as soon as it listens: on a first run it builds the page in its own process
      // while the apps already send data (its / says so and reloads itself), after the Go builds.
      processes.dashboards = this.startDashboards(
        ports,
        binaries.promtool ? undefined : { file: goBuildsDone, pid: process.pid },
      );
      await save();
      await this.awaitReady('dashboards', healthUrl('dashboards', ports), processes.dashboards.pid);
    }
    if (grafana) {
      processes.grafana = await this.startGrafana(grafana, ports, start.env);
      await save();
      await this.awaitReady('grafana', healthUrl('grafana', ports), processes.grafana.pid);
    } else if (!running.has('grafana')) {
      delete processes.grafana;
      await save();
    }
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
    requested: UpRequest = {},
  ): Promise<StackPorts> {
    const plan = await this.plan(requestedPorts, requestedConfigs, requested);
    const { previous, running, ports, configs, thanos, dashboards, hashringText } = plan;

    const binaries = await ensureBinaries(this.log, env, requested.binaries);
    const thanosBinary = thanos ? await ensureThanos(this.log, env, requested.binaries) : undefined;
    await mkdir(join(this.stateDir, 'logs'), { recursive: true });

    // Validate everything before starting anything: a broken config leaves nothing half-up.
    // Nothing in the state folder is written before the port check: a failed `up` changes nothing.
    const { collectorText, prometheusText } = await this.validatedConfigs(plan, binaries);
    const grafana = running.has('grafana') ? undefined : await findGrafana();
    const starting = (component: Component) =>
      component === 'grafana'
        ? grafana !== undefined
        : component === 'dashboards'
          ? dashboards && !running.has(component)
          : !running.has(component) && (thanos || !isThanos(component));
    await this.checkPortsFree(ports, starting);
    const paths = {
      collector: await this.place('collector', collectorText, running),
      prometheus: await this.place('prometheus', prometheusText, running),
      hashring: hashringText === undefined ? undefined : await this.place('hashring', hashringText, running),
    };

    const processes: StackState['processes'] = { ...(previous?.processes ?? {}) };
    const save = () => this.writeState({ ports, configs, thanos, processes });
    try {
      const start = { binaries, thanosBinary, paths, starting, grafana, env, binaryOptions: requested.binaries };
      await this.startMissing(plan, start, processes, save);
    } catch (error) {
      if (running.size === 0) await this.down();
      throw error;
    }
    return ports;
  }

  private async validateDerivedPrometheusConfig(promtool: string, text: string, source: string): Promise<void> {
    const pending = `${this.derivedPath('prometheus')}.pending`;
    try {
      await writeFileAtomic(pending, text);
      await validatePrometheusConfig(promtool, pending, source);
    } finally {
      await rm(pending, { force: true });
    }
  }

  /** What the last `up` left building once Prometheus ran: promtool and its check, the web UI. */
  private lateBuilds: Promise<void> | undefined;

  /**
   * Waits for what `up` left building after a first start from source (promtool and its
   * config check, Prometheus' web UI). It never throws: Prometheus accepted the config as it
   * started, and serves its API without the UI; their failures are printed as warnings.
   */
  async lateBuildsDone(): Promise<void> {
    await this.lateBuilds;
  }

  private async buildPrometheusUi(env: NodeJS.ProcessEnv): Promise<void> {
    try {
      await ensurePrometheusUi(this.log, env);
    } catch (error) {
      this.log(`Warning: Prometheus web UI not built (${(error as Error).message}); the API still works`);
    }
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
      processes[receiver] = startDetached(thanos, receiverArgs(ports, receiver, this.stateDir, hashring), {
        logFile: this.logFile(receiver),
      });
      await save();
    }
    for (const receiver of receivers) {
      await this.awaitReady(receiver, healthUrl(receiver, ports), processes[receiver]?.pid ?? 0);
    }
    if (starting('thanos-query')) {
      const endpoints = await this.place('queryEndpoints', queryEndpoints(ports), new Set());
      const query = startDetached(thanos, queryArgs(ports, endpoints), { logFile: this.logFile('thanos-query') });
      processes['thanos-query'] = query;
      await save();
      await this.awaitReady('thanos-query', healthUrl('thanos-query', ports), query.pid);
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

  /** @param configPath the copy in the state folder: the command line then names the folder it belongs to. */
  private startCollector(binaries: Binaries, ports: StackPorts, configPath: string): ProcessEntry {
    return startDetached(binaries.otelcol, [`--config=${configPath}`], {
      logFile: this.logFile('collector'),
      env: collectorEnv(ports),
    });
  }

  /** @param cwd where the UI assets are: Prometheus built without embedded assets reads them from ./web/ui/static. */
  private startPrometheus(
    binaries: Binaries,
    ports: StackPorts,
    configPath: string,
    cwd: string | undefined,
  ): ProcessEntry {
    return startDetached(
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
  }

  /** The dashboards page: our own CLI's `dashboards serve`, reading the stack's Prometheus. */
  private startDashboards(ports: StackPorts, goAhead?: { file: string; pid: number }) {
    const started = startDetached(
      process.execPath,
      [
        CLI_SCRIPT,
        'dashboards',
        'serve',
        `--dashboards-port=${ports.dashboards}`,
        `--host=${DEFAULT_HOST}`,
        `--prometheus-url=${stackUrls(ports).prometheus}`,
        this.stateArgument('dashboards'),
        ...(goAhead ? [`--build-after=${goAhead.file}`, `--build-after-pid=${goAhead.pid}`] : []),
      ],
      { logFile: this.logFile('dashboards') },
    );
    // The script, not node, identifies it: `down` must never stop another node process with our old pid.
    return { ...started, executable: CLI_SCRIPT };
  }

  private async startGrafana(grafana: { command: string; args: string[] }, ports: StackPorts, env: NodeJS.ProcessEnv) {
    const password = env.GRAFANA_ADMIN_PASSWORD || DEMO_ADMIN_PASSWORD;
    if (password === DEMO_ADMIN_PASSWORD) {
      this.log('Warning: Grafana admin password is the demo default "admin"; set GRAFANA_ADMIN_PASSWORD to change it');
    }
    const provisioning = await writeNativeProvisioning(this.stateDir, stackUrls(ports).prometheus);
    // The data path again as a command-line override (as Grafana's own service scripts pass
    // it): the command line then names the state folder this Grafana belongs to.
    return startDetached(
      grafana.command,
      [...grafana.args, `cfg:default.paths.data=${join(this.stateDir, 'grafana', 'data')}`],
      {
        logFile: this.logFile('grafana'),
        env: grafanaEnv(this.stateDir, provisioning, ports.grafana, password),
      },
    );
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
      if (!entry || !(await this.isOurs(component, entry))) continue;
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
    if (!entry || !(await this.isOurs(component, entry))) return false;
    await stopProcess(entry.pid);
    return true;
  }

  async status(): Promise<ComponentStatus[]> {
    const state = await this.readState();
    const statuses = await Promise.all(
      COMPONENTS.map(async (component) => {
        const entry = state?.processes[component];
        const pid = entry?.pid;
        const running = await this.isOurs(component, entry);
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
