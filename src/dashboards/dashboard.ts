/**
 * One generator for every pipeline's dashboard: the same rows and panels, fed by the
 * pipeline's queries in its representation (classic or native), and the comparison dashboard
 * of all pipelines (comparison.ts). `histogram-demo dashboards build` writes their output to
 * dashboards/, and a test fails when the committed files differ from it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { HTTP_REQUEST_DURATION_SECONDS, UPLOADED_FILE_BYTES } from '../metrics/definitions.js';
import { buildComparisonDashboard } from './comparison.js';
import type { PanelContext } from './panels.js';
import * as panels from './panels.js';
import {
  COMPARISON_DASHBOARD,
  type DashboardIdentity,
  type DashboardPipeline,
  dashboardFileName,
  dashboardPipelines,
} from './pipelines.js';
import { addRows, buildShell, dashboardShell, type RowLayout } from './shell.js';

/** Rows top to bottom; each row's widths add up to 24. Every pipeline gets this layout. */
export const LAYOUT: readonly RowLayout<PanelContext>[] = [
  {
    title: 'Overview',
    panels: [
      { panel: panels.totalUploads, w: 4, h: 5 },
      { panel: panels.uploadRate, w: 4, h: 5 },
      { panel: panels.averageFileSize, w: 4, h: 5 },
      { panel: panels.fileSizeP95, w: 4, h: 5 },
      { panel: panels.filesUnder1MB, w: 4, h: 5 },
      { panel: panels.apdex, w: 4, h: 5 },
    ],
  },
  {
    title: `File sizes: the ${UPLOADED_FILE_BYTES.name} histogram`,
    panels: [
      { panel: panels.fileSizePercentiles, w: 12, h: 9 },
      { panel: panels.fileSizeHeatmap, w: 12, h: 9 },
      { panel: panels.fileSizeDistribution, w: 16, h: 9 },
      { panel: panels.shareUnder1MB, w: 8, h: 9 },
    ],
  },
  {
    title: 'By file type',
    panels: [
      { panel: panels.uploadsByFileType, w: 8, h: 9 },
      { panel: panels.filesByType, w: 8, h: 9 },
      { panel: panels.uploadRateByType, w: 8, h: 9 },
    ],
  },
  {
    title: `Request durations: the ${HTTP_REQUEST_DURATION_SECONDS.name} histogram`,
    panels: [
      { panel: panels.durationP95ByType, w: 10, h: 9 },
      { panel: panels.durationHeatmap, w: 10, h: 9 },
      { panel: panels.requestsWithinTarget, w: 4, h: 9 },
    ],
  },
];

/** The dashboard of one pipeline, as the Grafana dashboard JSON model. */
export function buildDashboard(pipeline: DashboardPipeline): Dashboard {
  const builder = dashboardShell(
    pipeline,
    pipeline.pipeline.summary ?? pipeline.pipeline.title,
    pipeline.pipeline.name,
  );
  addRows(builder, LAYOUT, panels.panelContext(pipeline));
  return buildShell(builder);
}

/** The JSON text committed for a dashboard: two-space indents and a final newline. */
export function renderDashboard(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

export interface GeneratedDashboard {
  readonly title: string;
  readonly uid: string;
  readonly fileName: string;
  readonly dashboard: Dashboard;
  readonly json: string;
}

function generated(identity: DashboardIdentity, dashboard: Dashboard): GeneratedDashboard {
  return {
    title: identity.title,
    uid: identity.uid,
    fileName: dashboardFileName(identity),
    dashboard,
    json: renderDashboard(dashboard),
  };
}

/** Every pipeline's dashboard, then the comparison of the pipelines, with file names and JSON text. */
export function generateDashboards(
  pipelines: readonly DashboardPipeline[] = dashboardPipelines(),
): GeneratedDashboard[] {
  return [
    ...pipelines.map((pipeline) => generated(pipeline, buildDashboard(pipeline))),
    generated(COMPARISON_DASHBOARD, buildComparisonDashboard(pipelines)),
  ];
}

/** Writes every dashboard into a folder (created if missing); returns the paths written. */
export async function writeDashboards(outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const dashboard of generateDashboards()) {
    const path = join(outDir, dashboard.fileName);
    await writeFile(path, dashboard.json);
    written.push(path);
  }
  return written;
}
