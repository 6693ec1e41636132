import { HISTOGRAMS } from '../metrics/definitions.js';
import type { Upload } from '../workload/uploads.js';
import { uploadStream } from '../workload/uploads.js';
import { collectPipeline, exactStats, SCOPES } from './collect.js';
import { comparePipelines, compareWithTruth, quantileErrors } from './compare.js';
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

/**
 * The run's uploads, in order: what the observations file recorded, or what the seeded stream
 * generates (the apps draw from the same stream, so its first n uploads are what a pipeline
 * holding n uploads must show).
 */
export type Truth =
  | { readonly kind: 'observations'; readonly file: string; readonly uploads: readonly Upload[] }
  | { readonly kind: 'seed'; readonly seed: number };

function truthSource(truth: Truth): string {
  return truth.kind === 'observations' ? truth.file : `the seed ${truth.seed} upload stream`;
}

/** The first `count` uploads of the truth; fewer when an observations file ends sooner. */
function prefixOf(truth: Truth, count: number): Upload[] {
  if (truth.kind === 'observations') return truth.uploads.slice(0, count);
  const uploads: Upload[] = [];
  for (const upload of uploadStream(truth.seed)) {
    if (uploads.length >= count) break;
    uploads.push(upload);
  }
  return uploads;
}

export interface VerifyOptions {
  /** Pipelines that must be present; others are included when Prometheus has them. */
  readonly required: readonly PipelineId[];
  readonly truth: Truth;
}

/**
 * Reads every pipeline's histograms from Prometheus at one instant and checks them two ways:
 * against each other (same count, sum and buckets, when they hold the same uploads), and each
 * against the truth, the run's first uploads up to its own count, which also covers a live run
 * where pipelines deliver with different delays.
 */
export async function verify(client: PrometheusClient, options: VerifyOptions): Promise<VerifyReport> {
  const pinned = client.time === undefined ? client.at(Date.now() / 1000) : client;
  const ids = Object.keys(PIPELINES) as PipelineId[];
  const source = truthSource(options.truth);
  const collected = await Promise.all(
    HISTOGRAMS.map(async (metric) => ({
      metric,
      byPipeline: new Map(
        await Promise.all(ids.map(async (id) => [id, await collectPipeline(pinned, PIPELINES[id], metric)] as const)),
      ),
    })),
  );

  // Each pipeline's total, over both metrics: the length of its prefix of the truth.
  const totals = new Map<PipelineId, number>();
  for (const { byPipeline } of collected) {
    for (const [id, byScope] of byPipeline) {
      const all = byScope.get('all');
      if (all?.present) totals.set(id, Math.max(totals.get(id) ?? 0, all.count));
    }
  }
  const live = new Set(totals.values()).size > 1;
  const prefixes = new Map([...totals].map(([id, total]) => [id, prefixOf(options.truth, total)] as const));
  const referenceTotal = totals.get(REFERENCE_PIPELINE) ?? Math.max(0, ...totals.values());
  const referencePrefix = prefixOf(options.truth, referenceTotal);

  const scopes: ScopeReport[] = [];
  const disagreements: Disagreement[] = [];
  for (const { metric, byPipeline } of collected) {
    for (const scope of SCOPES) {
      const statsOf = (id: PipelineId) => byPipeline.get(id)?.get(scope) as PipelineStats;
      const shown = ids.filter((id) => options.required.includes(id) || statsOf(id).present);
      const reference = statsOf(REFERENCE_PIPELINE);
      for (const id of shown) {
        const stats = statsOf(id);
        // Pipeline against pipeline only when both hold the same uploads; a missing pipeline always.
        if (id !== REFERENCE_PIPELINE && (!live || !stats.present)) {
          disagreements.push(...comparePipelines(metric.name, scope, reference, stats, PIPELINES[id].kind));
        }
        const prefix = prefixes.get(id);
        if (prefix && prefix.length < (totals.get(id) ?? 0) && scope === 'all') {
          disagreements.push({
            metric: metric.name,
            scope,
            pipeline: id,
            against: 'truth',
            field: 'count',
            expected: prefix.length,
            actual: stats.count,
            message:
              `${id}: ${metric.name} count ${stats.count}, ${source} has ${prefix.length} ` +
              '(Prometheus holds other uploads too: verify the run that wrote the file, on a fresh stack)',
          });
        } else if (prefix && prefix.length === totals.get(id)) {
          disagreements.push(...compareWithTruth(metric, scope, stats, prefix, source));
        }
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
      const exact = referencePrefix.length > 0 ? exactStats(referencePrefix, metric, scope) : undefined;
      scopes.push({
        metric: metric.name,
        unit: metric.unit,
        scope,
        pipelines: shown.map(statsOf),
        ...(exact ? { exact } : {}),
        quantileErrors: shown.flatMap((id) => {
          const prefix = prefixes.get(id);
          return prefix ? quantileErrors(statsOf(id), exactStats(prefix, metric, scope), id) : [];
        }),
      });
    }
  }
  return {
    generatedAt: new Date((pinned.time ?? Date.now() / 1000) * 1000).toISOString(),
    prometheusUrl: client.baseUrl,
    truthSource: source,
    ...(options.truth.kind === 'observations' ? { observationsFile: options.truth.file } : {}),
    live,
    quantiles: [...REPORT_QUANTILES],
    exactDefinition: EXACT_DEFINITION,
    scopes,
    disagreements,
    verdict: disagreements.length === 0 ? 'agree' : 'disagree',
  };
}
