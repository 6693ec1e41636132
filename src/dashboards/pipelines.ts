/**
 * Which dashboards the generator writes, as configuration: one per pipeline of the registry
 * (src/pipelines/registry.ts), keyed by pipeline name, plus the comparison dashboard. The
 * registry says where a pipeline's series are; what it cannot say (it holds no
 * representation) is which representation a demo dashboard is written for: that is kept here.
 */
import { DEMO_PIPELINES, type Pipeline } from '../pipelines/registry.js';
import type { Representation } from '../promql/dashboards.js';

export interface DashboardIdentity {
  readonly title: string;
  /** Grafana dashboard uid: stable, so links and re-imports keep working. Also the file name. */
  readonly uid: string;
}

export interface PipelineDashboardConfig extends DashboardIdentity {
  /** The representation the dashboard's queries are written for. */
  readonly representation: Representation;
}

/** The demo's pipeline dashboards, by pipeline name. */
export const PIPELINE_DASHBOARDS: Readonly<Record<string, PipelineDashboardConfig>> = {
  logfire: { title: 'Histogram Demo (Logfire + OTel)', uid: 'histogram-demo-logfire', representation: 'classic' },
  direct: { title: 'Histogram Demo (Direct Prometheus)', uid: 'histogram-demo-direct', representation: 'classic' },
  native: {
    title: 'Histogram Demo (Logfire + OTel, native histograms)',
    uid: 'histogram-demo-native',
    representation: 'native',
  },
  otlp: {
    title: "Histogram Demo (Logfire -> Prometheus' OTLP receiver, no collector)",
    uid: 'histogram-demo-otlp',
    representation: 'native',
  },
};

/** The dashboard that overlays every pipeline's quantiles and shows their differences. */
export const COMPARISON_DASHBOARD: DashboardIdentity = {
  title: 'Histogram Demo (pipelines compared)',
  uid: 'histogram-demo-comparison',
};

/** A registry pipeline with the configuration of its dashboard. */
export interface DashboardPipeline extends PipelineDashboardConfig {
  readonly pipeline: Pipeline;
}

/**
 * The dashboard of a pipeline that PIPELINE_DASHBOARDS does not name: titled after the
 * pipeline, its uid from the name, read as classic histograms (the `_bucket` series every
 * Prometheus client writes). A registry entry gets dashboards, Grafana and Perses, with no
 * further code; an entry here changes its title or reads it as native histograms.
 */
export function defaultDashboardConfig(pipeline: Pipeline): PipelineDashboardConfig {
  const slug = pipeline.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return { title: `Histogram Demo (${pipeline.title})`, uid: `histogram-demo-${slug}`, representation: 'classic' };
}

/** The registry's pipelines joined with their dashboard configuration, in registry order. */
export function dashboardPipelines(pipelines: readonly Pipeline[] = DEMO_PIPELINES): DashboardPipeline[] {
  return pipelines.map((pipeline) => ({
    ...(PIPELINE_DASHBOARDS[pipeline.name] ?? defaultDashboardConfig(pipeline)),
    pipeline,
  }));
}

/** The committed file of a dashboard, relative to the dashboards folder. */
export function dashboardFileName(dashboard: DashboardIdentity): string {
  return `${dashboard.uid}.json`;
}
