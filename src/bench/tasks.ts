import type { BenchWorkload } from './workloads.js';

/**
 * `otel-sdk-explicit` is the reference that explains the others: the same OpenTelemetry SDK
 * with one reader and no Logfire. Logfire adds a reader of its own (a no-op exporter when
 * `sendToLogfire: false`) and the SDK aggregates every record once per reader.
 */
export const RECORDERS = ['otel-explicit', 'otel-exponential', 'prom-client', 'otel-sdk-explicit'] as const;
export type RecorderLibrary = (typeof RECORDERS)[number];

export type WorkerTask =
  | {
      readonly kind: 'record-cost';
      readonly library: RecorderLibrary;
      /** Measured in this order in one process, each on an instrument of its own. */
      readonly labelValues: readonly (1 | 4)[];
      readonly iterations: number;
    }
  | { readonly kind: 'memory'; readonly library: RecorderLibrary; readonly observations: number }
  | {
      readonly kind: 'feed';
      readonly workload: BenchWorkload;
      readonly count: number;
      readonly otlpMetricsUrl: string;
      readonly otlpExponentialMetricsUrl: string;
      readonly directPort: number;
      readonly exportIntervalMs: number;
      readonly instanceId: string;
    };

export type FeedTask = Extract<WorkerTask, { kind: 'feed' }>;
