/**
 * `stack up` and `start`: Docker Compose where an engine answers, the native stack otherwise.
 * Errors hold the facts; the CLI says which flag to change.
 */
import { DEFAULT_PORTS, type StackPorts } from '../config/ports.js';
import type { BinaryOptions } from './binaries.js';
import { composeEnvironment } from './compose.js';
import { DockerAppPortError } from './DockerAppPortError.js';
import { DockerUnavailableError } from './DockerUnavailableError.js';
import { dockerEngineAvailable } from './docker.js';
import { execOrFail } from './exec.js';
import { NativeStack, type StackConfigs, stackUrls, type UpRequest } from './NativeStack.js';
import { CONFIG_FILES } from './paths.js';
import { readHashringFile } from './thanos.js';

export type StackMode = 'auto' | 'docker' | 'native';

export interface StackUpRequest {
  readonly mode: StackMode;
  /** The native stack's pids, logs, derived configs and TSDB. */
  readonly stateDir: string;
  readonly ports: StackPorts;
  /** Absolute paths of the configs to run. */
  readonly configs: StackConfigs;
  readonly thanos: boolean;
  /** Whether the native stack serves the dashboards page. */
  readonly dashboards: boolean;
  /** Official release archives, or (`fromSource`) builds from the Go module proxy. */
  readonly binaries: BinaryOptions;
  /** The ports and configs the user chose: on a running native stack, each must equal what it runs. */
  readonly explicit?: UpRequest['explicit'];
  readonly log: (line: string) => void;
}

/** What `stackUp` started: the mode, the ports it serves on, and whether a Grafana and the dashboards page run. */
export interface StackUpResult {
  readonly mode: 'docker' | 'native';
  readonly ports: StackPorts;
  readonly grafana: boolean;
  readonly dashboards: boolean;
  /**
   * Settles once what a first start from source builds after Prometheus runs (off the critical
   * path: promtool, which then checks the Prometheus config, and Prometheus' web UI) is done;
   * never rejects.
   */
  readonly lateBuilds: Promise<void>;
}

/** Refuses ports Docker mode cannot honour: the containerised Prometheus scrapes the direct app on its default port. */
export function checkDockerPorts(ports: StackPorts): void {
  if (ports.directApp !== DEFAULT_PORTS.directApp)
    throw new DockerAppPortError(ports.directApp, DEFAULT_PORTS.directApp);
}

/** Docker Compose where an engine answers (or `mode` says docker), the native stack otherwise; says which. */
export async function stackUp(request: StackUpRequest): Promise<StackUpResult> {
  const { mode, ports, configs, log } = request;
  const docker = mode !== 'native' && (await dockerEngineAvailable());
  if (mode === 'docker' && !docker) throw new DockerUnavailableError();
  if (docker) {
    checkDockerPorts(ports);
    log('Docker engine found: starting the stack with Docker Compose');
    await execOrFail(
      'compose',
      'docker compose up',
      'docker',
      ['compose', '-f', CONFIG_FILES.compose, ...(request.thanos ? ['--profile', 'thanos'] : []), 'up', '-d', '--wait'],
      { env: composeEnvironment(ports, configs) },
    );
    return { mode: 'docker', ports, grafana: true, dashboards: false, lateBuilds: Promise.resolve() };
  }
  const native = new NativeStack(request.stateDir, log);
  // Refused before a word is printed: a damaged state folder, a hashring Thanos would not read,
  // another port or config than the running stack's.
  await native.readState();
  if (request.thanos) await readHashringFile(configs.hashring);
  const wanted = { thanos: request.thanos, ...(request.explicit ? { explicit: request.explicit } : {}) };
  await native.refuseDifferences(ports, configs, wanted);
  log(
    mode === 'native'
      ? 'Starting the native stack'
      : 'No Docker engine answers: starting the native stack (real collector and Prometheus binaries)',
  );
  const started = await native.up(ports, process.env, configs, {
    thanos: request.thanos,
    dashboards: request.dashboards,
    binaries: request.binaries,
    ...(request.explicit ? { explicit: request.explicit } : {}),
  });
  const urls = stackUrls(started);
  const state = await native.readState();
  log(`Collector: OTLP/HTTP ${urls.otlpHttp}, metrics ${urls.collectorMetrics}`);
  log(`Prometheus: ${urls.prometheus}`);
  if (state?.thanos) log(`Thanos query: ${urls.thanosQuery} (verify --prometheus-url ${urls.thanosQuery})`);
  const dashboards = state?.processes.dashboards !== undefined;
  if (dashboards) log(`Dashboards page: ${urls.dashboards}`);
  return {
    mode: 'native',
    ports: started,
    grafana: state?.processes.grafana !== undefined,
    dashboards,
    lateBuilds: native.lateBuildsDone(),
  };
}
