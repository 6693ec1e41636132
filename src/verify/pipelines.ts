import { COLLECTOR_NAMESPACE, COLLECTOR_NATIVE_NAMESPACE } from '../config/defaults.js';

export const PIPELINE_IDS = ['logfire', 'direct', 'native'] as const;
export type PipelineId = (typeof PIPELINE_IDS)[number];

export interface PipelineSpec {
  readonly id: PipelineId;
  readonly title: string;
  /** `classic`: _bucket/_sum/_count series; `native`: one native-histogram series. */
  readonly kind: 'classic' | 'native';
  /** Prepended to a metric's base name to get its series name in this pipeline. */
  readonly prefix: string;
}

/** The three ways the demo's histograms reach Prometheus. */
export const PIPELINES: Readonly<Record<PipelineId, PipelineSpec>> = {
  logfire: {
    id: 'logfire',
    title: 'Logfire + OTel Collector (explicit buckets)',
    kind: 'classic',
    prefix: `${COLLECTOR_NAMESPACE}_`,
  },
  direct: { id: 'direct', title: 'Direct prom-client', kind: 'classic', prefix: '' },
  native: {
    id: 'native',
    title: 'Logfire + OTel Collector (exponential -> native histogram)',
    kind: 'native',
    prefix: `${COLLECTOR_NATIVE_NAMESPACE}_`,
  },
};

/** The pipeline the others are compared with: prom-client records exactly what it is given. */
export const REFERENCE_PIPELINE: PipelineId = 'direct';
