/**
 * The dashboards as the tests read them: the JSON that Grafana gets (committed files or the
 * generator's output parsed back), typed as far as the tests look into it.
 */
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { generateDashboards } from '../../src/dashboards/dashboard.js';
import { type DashboardPipeline, dashboardPipelines } from '../../src/dashboards/pipelines.js';
import { PACKAGE_ROOT } from '../../src/stack/paths.js';

export interface DataSourceJson {
  readonly type?: string;
  readonly uid?: string;
}

export interface TargetJson {
  readonly refId?: string;
  readonly expr?: string;
  readonly legendFormat?: string;
  readonly format?: string;
  readonly instant?: boolean;
  readonly range?: boolean;
  readonly datasource?: DataSourceJson;
}

export interface PanelJson {
  readonly type: string;
  readonly id?: number;
  readonly title?: string;
  readonly description?: string;
  readonly datasource?: DataSourceJson;
  readonly gridPos?: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly targets?: readonly TargetJson[];
  readonly fieldConfig?: {
    readonly defaults?: { readonly unit?: string; readonly min?: number; readonly max?: number };
  };
  readonly options?: Readonly<Record<string, unknown>>;
  readonly panels?: readonly PanelJson[];
}

export interface VariableJson {
  readonly type: string;
  readonly name: string;
  readonly label?: string;
  readonly query?: unknown;
  readonly current?: { readonly value?: unknown };
}

export interface DashboardJson {
  readonly uid: string;
  readonly title: string;
  readonly description?: string;
  readonly editable?: boolean;
  readonly panels: readonly PanelJson[];
  readonly templating: { readonly list?: readonly VariableJson[] };
}

export const DASHBOARDS_DIR = join(PACKAGE_ROOT, 'dashboards');

export interface DashboardUnderTest {
  readonly title: string;
  readonly fileName: string;
  /** The pipeline a pipeline dashboard is for; none for the comparison of them all. */
  readonly pipeline: DashboardPipeline | undefined;
  readonly json: DashboardJson;
}

const pipelineOf = (uid: string) => dashboardPipelines().find((pipeline) => pipeline.uid === uid);

/** The generator's output, parsed back from its JSON text exactly as Grafana would read it. */
export function generatedDashboards(): DashboardUnderTest[] {
  return generateDashboards().map((generated) => ({
    title: generated.title,
    fileName: generated.fileName,
    pipeline: pipelineOf(generated.uid),
    json: JSON.parse(generated.json) as DashboardJson,
  }));
}

/** Every panel that is not a row, rows' nested panels included. */
export function dataPanels(dashboard: DashboardJson): PanelJson[] {
  return dashboard.panels.flatMap((panel) => (panel.type === 'row' ? [...(panel.panels ?? [])] : [panel]));
}

export interface PanelTarget {
  readonly panel: PanelJson;
  readonly target: TargetJson;
  readonly expr: string;
}

export function panelTargets(dashboard: DashboardJson): PanelTarget[] {
  return dataPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ panel, target, expr: target.expr ?? '' })),
  );
}

/** Values for Grafana's global variables, as a query would be sent with a 15-minute range and 20 s steps. */
export const GRAFANA_GLOBALS: Readonly<Record<string, string>> = {
  __rate_interval: '1m20s',
  __rate_interval_ms: '80000',
  __interval: '20s',
  __interval_ms: '20000',
  __range: '15m',
  __range_s: '900',
  __range_ms: '900000',
};

/** Replaces `$name`, `${name}` and `[[name]]` references with values; unknown ones stay. */
export function substituteVariables(expr: string, values: Readonly<Record<string, string>>): string {
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g, (whole, braced, bracketed, plain) => {
    const name = (braced ?? bracketed ?? plain) as string;
    return values[name] ?? whole;
  });
}

/** The ⚠ error nodes of the lezer PromQL parse tree, with the text each one covers. */
export function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`error at ${node.from}: "${expr.slice(node.from, node.to)}"`);
    },
  });
  return errors;
}
