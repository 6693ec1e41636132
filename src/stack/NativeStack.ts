import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_HOST } from '../config/defaults.js';
import { PortInUseError } from '../errors/PortInUseError.js';
import { StackError } from '../errors/StackError.js';
import { describePortHolder, isPortFree } from '../net/ports.js';
import { type Binaries, ensureBinaries } from './binaries.js';
import {
  collectorEnv,
  validateCollectorConfig,
  validatePrometheusConfig,
  writeNativePrometheusConfig,
} from './configs.js';
import { lastLines } from './exec.js';
import { CONFIG_FILES } from './paths.js';
import type { StackPorts } from './ports.js';
import { executableOf, httpOk, isAlive, startDetached, stopProcess, waitForHttpOk } from './processes.js';
import { ensurePrometheusUi } from './prometheusUi.js';

export const COMPONENTS = ['collector', 'prometheus'] as const;
export type Component = (typeof COMPONENTS)[number];

/** What `up` wrote into the state folder: `down`, `status` and `logs` read it back. */
export interface StackState {
  readonly ports: StackPorts;
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
    collectorHealth: `${base(ports.collectorHealth)}/`,
    prometheus: base(ports.prometheus),
    prometheusReady: `${base(ports.prometheus)}/-/ready`,
  };
}

/**
 * The native stack: the ocb-built collector and Prometheus 3, started from the repo's
 * config files, with pids, logs, derived configs and the TSDB in one state folder.
 */
export class NativeStack {
  constructor(
    readonly stateDir: string,
    private readonly log: Log,
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

  /** Builds what is missing, validates both configs, checks ports, starts, waits for health. */
  async up(ports: StackPorts, env: NodeJS.ProcessEnv = process.env): Promise<void> {
    const previous = await this.readState();
    if (previous && COMPONENTS.some((component) => this.isOurs(previous, component))) {
      const statuses = await this.status();
      if (statuses.every((status) => status.healthy)) {
        this.log(`Native stack already running (state in ${this.stateDir})`);
        return;
      }
      throw new StackError(
        'stack',
        `a previous stack in ${this.stateDir} is partly running; run "histogram-demo stack down" first`,
      );
    }
    const binaries = await ensureBinaries(this.log, env);
    // The web UI is a convenience: without it Prometheus still serves the API that Grafana,
    // verify and the tests use, so a failed UI build warns instead of refusing to start.
    const prometheusCwd = await ensurePrometheusUi(this.log, env).catch((error: Error) => {
      this.log(`Warning: Prometheus web UI not built (${error.message}); the API still works`);
      return undefined;
    });
    await mkdir(join(this.stateDir, 'logs'), { recursive: true });

    // Validate everything before starting anything: a broken config leaves nothing half-up.
    await validateCollectorConfig(binaries.otelcol, ports);
    await validatePrometheusConfig(binaries.promtool, CONFIG_FILES.prometheus);
    const prometheusConfig = await writeNativePrometheusConfig(this.stateDir, ports);
    await validatePrometheusConfig(binaries.promtool, prometheusConfig);
    await this.checkPortsFree(ports);

    const state: { ports: StackPorts; processes: StackState['processes'] } = { ports, processes: {} };
    try {
      state.processes.collector = this.startCollector(binaries, ports);
      await this.writeState(state);
      await this.awaitReady('collector', stackUrls(ports).collectorHealth, state.processes.collector.pid);
      state.processes.prometheus = this.startPrometheus(binaries, ports, prometheusConfig, prometheusCwd);
      await this.writeState(state);
      await this.awaitReady('prometheus', stackUrls(ports).prometheusReady, state.processes.prometheus.pid);
    } catch (error) {
      await this.down();
      throw error;
    }
  }

  private async checkPortsFree(ports: StackPorts): Promise<void> {
    const owned: [string, number][] = [
      ['OTLP gRPC', ports.otlpGrpc],
      ['OTLP HTTP', ports.otlpHttp],
      ['OTLP HTTP receiver of the exponential pipeline', ports.otlpExponentialHttp],
      ["collector's Prometheus exporter", ports.collectorPrometheus],
      ["collector's native-histogram exporter", ports.collectorNativePrometheus],
      ['collector health check', ports.collectorHealth],
      ['Prometheus', ports.prometheus],
    ];
    for (const [what, port] of owned) {
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

  private startCollector(binaries: Binaries, ports: StackPorts) {
    const pid = startDetached(binaries.otelcol, [`--config=${CONFIG_FILES.collector}`], {
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
        `--storage.tsdb.path=${join(this.stateDir, 'prometheus-data')}`,
        `--web.listen-address=${DEFAULT_HOST}:${ports.prometheus}`,
        // Prometheus's own OTLP endpoint (/api/v1/otlp/v1/metrics), for the native-histogram pipeline.
        '--web.enable-otlp-receiver',
        // POST /-/reload and /-/quit, used to apply config changes without losing the TSDB.
        '--web.enable-lifecycle',
      ],
      { logFile: this.logFile('prometheus'), ...(cwd ? { cwd } : {}) },
    );
    return { pid, executable: binaries.prometheus };
  }

  private async awaitReady(component: Component, url: string, pid: number): Promise<void> {
    this.log(`Waiting for ${component} at ${url}`);
    const ready = await waitForHttpOk(url, READY_TIMEOUT_MS, () => isAlive(pid));
    if (!ready) {
      const log = await readFile(this.logFile(component), 'utf8').catch(() => '');
      const why = isAlive(pid) ? `not ready after ${READY_TIMEOUT_MS / 1000}s` : 'exited during start';
      throw new StackError(component, `${why}; last log lines (${this.logFile(component)}):\n${lastLines(log, 10)}`);
    }
  }

  private isOurs(state: StackState, component: Component): boolean {
    const entry = state.processes[component];
    return entry !== undefined && isAlive(entry.pid);
  }

  /** Stops only the processes this state folder recorded, and only if they are still ours. */
  async down(): Promise<Component[]> {
    const state = await this.readState();
    if (!state) return [];
    const stopped: Component[] = [];
    for (const component of [...COMPONENTS].reverse()) {
      const entry = state.processes[component];
      if (!entry || !isAlive(entry.pid)) continue;
      if ((await executableOf(entry.pid)) !== entry.executable) continue;
      await stopProcess(entry.pid);
      stopped.push(component);
    }
    await rm(this.statePath, { force: true });
    return stopped;
  }

  async status(): Promise<ComponentStatus[]> {
    const state = await this.readState();
    return await Promise.all(
      COMPONENTS.map(async (component) => {
        const pid = state?.processes[component]?.pid;
        const running = pid !== undefined && isAlive(pid);
        const urls = state ? stackUrls(state.ports) : undefined;
        const url = component === 'collector' ? (urls?.collectorHealth ?? '') : (urls?.prometheusReady ?? '');
        const healthy = running && (await httpOk(url));
        return { component, pid, running, healthy, url };
      }),
    );
  }
}
