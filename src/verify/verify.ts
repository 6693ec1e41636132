import { HISTOGRAMS } from '../metrics/definitions.js';
import type { Upload } from '../workload/uploads.js';
import { collectPipeline, exactStats, SCOPES } from './collect.js';
import { comparePipelines, compareWithObservations, quantileErrors } from './compare.js';
import type { PrometheusClient } from './PrometheusClient.js';
import { PIPELINES, type PipelineId, REFERENCE_PIPELINE } from './pipelines.js';
import {
  type Disagreement,
  EXACT_DEFINITION,
  type PipelineStats,
  REPORT_QUANTILES,
  type ScopeReport,
  type VerifyReport,
} from './report.js';

export interface VerifyOptions {
  /** Pipelines that must be present; others are included when Prometheus has them. */
  readonly required: readonly PipelineId[];
  readonly observations?: { readonly file: string; readonly uploads: readonly Upload[] };
}

/**
 * Reads every pipeline's histograms from Prometheus at one moment, compares them with the
 * reference pipeline and, given the observations file, with the exact truth.
 */
export async function verify(client: PrometheusClient, options: VerifyOptions): Promise<VerifyReport> {
  const pinned = client.time === undefined ? client.at(Date.now() / 1000) : client;
  const ids = Object.keys(PIPELINES) as PipelineId[];
  const collected = await Promise.all(
    HISTOGRAMS.map(async (metric) => ({
      metric,
      byPipeline: new Map(
        await Promise.all(ids.map(async (id) => [id, await collectPipeline(pinned, PIPELINES[id], metric)] as const)),
      ),
    })),
  );

  const scopes: ScopeReport[] = [];
  const disagreements: Disagreement[] = [];
  for (const { metric, byPipeline } of collected) {
    for (const scope of SCOPES) {
      const statsOf = (id: PipelineId) => byPipeline.get(id)?.get(scope) as PipelineStats;
      const shown = ids.filter((id) => options.required.includes(id) || statsOf(id).present);
      const reference = statsOf(REFERENCE_PIPELINE);
      for (const id of shown) {
        if (id === REFERENCE_PIPELINE) continue;
        disagreements.push(...comparePipelines(metric.name, scope, reference, statsOf(id), PIPELINES[id].kind));
      }
      if (!reference.present && options.required.includes(REFERENCE_PIPELINE) && scope === 'all') {
        disagreements.push({
          metric: metric.name,
          scope,
          pipeline: REFERENCE_PIPELINE,
          against: REFERENCE_PIPELINE,
          field: 'missing',
          message: `${REFERENCE_PIPELINE}: no series for ${metric.name} (is the direct app running and scraped?)`,
        });
      }
      const exact = options.observations ? exactStats(options.observations.uploads, metric, scope) : undefined;
      if (exact && options.observations) {
        for (const id of shown) {
          disagreements.push(
            ...compareWithObservations(metric.name, scope, statsOf(id), exact, options.observations.file),
          );
        }
      }
      scopes.push({
        metric: metric.name,
        unit: metric.unit,
        scope,
        pipelines: shown.map(statsOf),
        ...(exact ? { exact } : {}),
        quantileErrors: exact ? shown.flatMap((id) => quantileErrors(statsOf(id), exact, id)) : [],
      });
    }
  }
  return {
    generatedAt: new Date((pinned.time ?? Date.now() / 1000) * 1000).toISOString(),
    prometheusUrl: client.baseUrl,
    ...(options.observations ? { observationsFile: options.observations.file } : {}),
    quantiles: [...REPORT_QUANTILES],
    exactDefinition: EXACT_DEFINITION,
    scopes,
    disagreements,
    verdict: disagreements.length === 0 ? 'agree' : 'disagree',
  };
}
