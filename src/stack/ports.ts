import { DEFAULT_PORTS } from '../config/defaults.js';

/** Every port of the stack and of the apps it scrapes; each can be overridden. */
export interface StackPorts {
  readonly otlpGrpc: number;
  readonly otlpHttp: number;
  readonly otlpExponentialHttp: number;
  readonly collectorPrometheus: number;
  readonly collectorNativePrometheus: number;
  readonly collectorHealth: number;
  readonly prometheus: number;
  /** Grafana, started natively only when a Grafana binary is on PATH. */
  readonly grafana: number;
  /** The Perses dashboards page, the native stack's `dashboards` component. */
  readonly dashboards: number;
  /** Where Prometheus scrapes the direct app (the app itself is started by `run`). */
  readonly directApp: number;
  /** Thanos query's HTTP API (`stack up --thanos`). */
  readonly thanosQuery: number;
  /** First of the Thanos cluster's other ports (src/stack/thanos.ts lays them out). */
  readonly thanosInternal: number;
}

/** The seed's ports: DEFAULT_PORTS itself, typed as the stack's (not a field-by-field copy). */
export const DEFAULT_STACK_PORTS: StackPorts = DEFAULT_PORTS;
