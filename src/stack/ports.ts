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
  /** Where Prometheus scrapes the direct app (the app itself is started by `run`). */
  readonly directApp: number;
  /** Thanos query's HTTP API (`stack up --thanos`). */
  readonly thanosQuery: number;
  /** First of the Thanos cluster's other ports (src/stack/thanos.ts lays them out). */
  readonly thanosInternal: number;
}

export const DEFAULT_STACK_PORTS: StackPorts = {
  otlpGrpc: DEFAULT_PORTS.otlpGrpc,
  otlpHttp: DEFAULT_PORTS.otlpHttp,
  otlpExponentialHttp: DEFAULT_PORTS.otlpExponentialHttp,
  collectorPrometheus: DEFAULT_PORTS.collectorPrometheus,
  collectorNativePrometheus: DEFAULT_PORTS.collectorNativePrometheus,
  collectorHealth: DEFAULT_PORTS.collectorHealth,
  prometheus: DEFAULT_PORTS.prometheus,
  grafana: DEFAULT_PORTS.grafana,
  directApp: DEFAULT_PORTS.directApp,
  thanosQuery: DEFAULT_PORTS.thanosQuery,
  thanosInternal: DEFAULT_PORTS.thanosInternal,
};
