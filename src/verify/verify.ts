import { DEMO_REFERENCE_PIPELINE, type Pipeline } from '../pipelines/registry.js';
import type { PrometheusClient } from '../prometheus/PrometheusClient.js';
import {
  ALL,
  absentStats,
  type CollectedPipeline,
  collectPipeline,
  labelScope,
  type Scope,
  type VerifyMetric,
} from './collect.js';
import { checkEstimates, comparePipelines, compareWithTruth, exactStats, missingPipeline } from './compare.js';
import {
  type Disagreement,
  ERROR_DEFINITION,
  EXACT_DEFINITION,
  type ExactStats,
  type PipelineStats,
  type QuantileError,
  REPORT_QUANTILES,
  type RepresentationNote,
  type ScopeReport,
  type VerifyReport,
} from './report.js';
import type { Truth, TruthRow } from './truth.js';

export interface VerifyOptions {
  readonly pipelines: readonly Pipeline[];
  readonly metrics: readonly VerifyMetric[];
  /** Pipelines that must hold every metric; the others are shown when the server has them. */
  readonly required: readonly string[];
  /** The recorded values; without one, pipelines are compared with each other only. */
  readonly truth?: Truth;
}

/** The pipeline the others are compared with: the demo's direct app when present, else the first. */
function referenceOf(pipelines: readonly Pipeline[]): string {
  return (pipelines.find((pipeline) => pipeline.name === DEMO_REFERENCE_PIPELINE) ?? pipelines[0])?.name ?? '';
}

function valuesIn(rows: readonly TruthRow[], column: string, scope: Scope): number[] {
  return rows
    .filter((row) => Object.entries(scope.labels).every(([label, value]) => row.labels[label] === value))
    .map((row) => row.values[column] as number);
}

/** 'all', then each truth label's values in recording order, then any value only the server holds. */
function scopesOf(
  truth: Truth | undefined,
  rows: readonly TruthRow[],
  collected: readonly CollectedPipeline[],
): Scope[] {
  const scopes = new Map<string, Scope>([[ALL.key, ALL]]);
  for (const label of truth?.labelColumns ?? []) {
    for (const row of rows) {
      const scope = labelScope(label, row.labels[label] ?? '');
      if (!scopes.has(scope.key)) scopes.set(scope.key, scope);
    }
    const seen = collected.flatMap((pipeline) => pipeline.scopesSeen).filter((scope) => label in scope.labels);
    for (const scope of seen.sort((a, b) => a.key.localeCompare(b.key))) {
      if (!scopes.has(scope.key)) scopes.set(scope.key, scope);
    }
  }
  return [...scopes.values()];
}

/** Why a pipeline's representation is what it is, said when it differs from the reference's. */
function representationNote(pipeline: CollectedPipeline, reference?: CollectedPipeline): string {
  const held = pipeline.representations;
  const referenceHeld = reference?.representations ?? [];
  if (held.length === 0) return 'no series in any representation';
  if (pipeline.onlyInfBucket) {
    return (
      'classic series with only a +Inf bucket beside _count and _sum: exponential histograms scraped over a text ' +
      'format, which cannot carry their buckets (scrape protobuf with scrape_native_histograms)'
    );
  }
  if (held.length === 2) {
    return 'both classic and native histograms (double ingestion, e.g. always_scrape_classic_histograms): each is checked';
  }
  const [only] = held;
  const against =
    reference && reference !== pipeline
      ? `; compared with ${reference.pipeline.name} on count, sum and quantiles within their guaranteed intervals`
      : '';
  if (referenceHeld.length === 0 || referenceHeld.includes(only as 'classic' | 'native')) return `${only} histograms`;
  return only === 'native'
    ? `native histograms (exponential histograms: the app uses an exponential aggregation)${against}`
    : `classic histograms (explicit buckets: the app uses an explicit bucket aggregation)${against}`;
}

/**
 * Reads every pipeline's histograms of every metric at one instant, in whatever representation the
 * server holds them, and checks them: against each other on what both carry (count, sum, buckets when
 * both are classic, guaranteed quantile intervals otherwise), each estimate against its guaranteed
 * interval, and, given a truth, each pipeline against the first recorded values up to its own count,
 * which also covers a live run where pipelines deliver with different delays.
 */
export async function verify(client: PrometheusClient, options: VerifyOptions): Promise<VerifyReport> {
  const pinned = client.time === undefined ? client.at(Date.now() / 1000) : client;
  const { truth } = options;
  const labels = truth?.labelColumns ?? [];
  const referenceName = referenceOf(options.pipelines);
  const collected = await Promise.all(
    options.metrics.map(async (metric) => ({
      metric,
      pipelines: await Promise.all(
        options.pipelines.map((pipeline) => collectPipeline(pinned, pipeline, metric.name, labels)),
      ),
    })),
  );
  const allStats = (pipeline: CollectedPipeline) => pipeline.byScope.get(ALL.key) ?? [];
  const live = collected.some(
    ({ pipelines }) =>
      new Set(pipelines.flatMap((pipeline) => allStats(pipeline).map((stats) => stats.count))).size > 1,
  );

  const scopes: ScopeReport[] = [];
  const disagreements: Disagreement[] = [];
  const representations: RepresentationNote[] = [];
  for (const { metric, pipelines } of collected) {
    const reference = pipelines.find((pipeline) => pipeline.pipeline.name === referenceName);
    const column = metric.column ?? metric.name;
    // Each pipeline's share of the truth: the first values up to its own count.
    const prefixes = new Map<string, readonly TruthRow[]>();
    for (const pipeline of pipelines) {
      const count = allStats(pipeline)[0]?.count ?? 0;
      if (!truth || count === 0) continue;
      const rows = truth.first(column, count);
      prefixes.set(pipeline.pipeline.name, rows);
      if (rows.length < count) {
        disagreements.push({
          metric: metric.name,
          scope: ALL.key,
          pipeline: pipeline.pipeline.name,
          against: 'truth',
          field: 'count',
          expected: rows.length,
          actual: count,
          message:
            `${pipeline.pipeline.name}: ${metric.name} count ${count}, ${truth.source} has ${rows.length} ` +
            '(the server holds other observations too: verify the run that wrote the file, on a fresh stack)',
        });
      }
    }
    for (const pipeline of pipelines) {
      representations.push({
        metric: metric.name,
        pipeline: pipeline.pipeline.name,
        representations: pipeline.representations,
        message: representationNote(pipeline, reference),
      });
      for (const series of pipeline.inconsistent) {
        disagreements.push({
          metric: metric.name,
          scope: ALL.key,
          pipeline: pipeline.pipeline.name,
          against: pipeline.pipeline.name,
          field: 'native-bucket-counts',
          expected: series.count,
          actual: series.bucketTotal,
          message:
            `${pipeline.pipeline.name}: native histogram ${JSON.stringify(series.labels)} has count ${series.count} but its ` +
            `buckets add up to ${series.bucketTotal} (check failed: native-bucket-counts; see opentelemetry-js#4450)`,
        });
      }
    }

    const referenceRows = prefixes.get(referenceName) ?? [...prefixes.values()][0] ?? [];
    for (const scope of scopesOf(truth, referenceRows, pipelines)) {
      const rowsOf = (pipeline: CollectedPipeline): PipelineStats[] => {
        const held = pipeline.byScope.get(scope.key);
        if (held && held.length > 0) return [...held];
        const wanted = options.required.includes(pipeline.pipeline.name) || pipeline.representations.length > 0;
        return wanted ? [absentStats(pipeline.pipeline.name)] : [];
      };
      const referenceStats = reference ? rowsOf(reference)[0] : undefined;
      const shown: PipelineStats[] = [];
      const quantileErrors: QuantileError[] = [];
      for (const pipeline of pipelines) {
        const rows = rowsOf(pipeline);
        shown.push(...rows);
        for (const stats of rows) {
          if (referenceStats && stats !== referenceStats && referenceStats.present) {
            if (!stats.present) {
              disagreements.push(missingPipeline(metric.name, scope.key, stats.pipeline, referenceStats));
            } else if (!live) {
              disagreements.push(...comparePipelines(metric.name, scope.key, referenceStats, stats));
            }
          }
          const prefix = prefixes.get(stats.pipeline);
          const complete = prefix !== undefined && prefix.length === (allStats(pipeline)[0]?.count ?? -1);
          const values = complete ? valuesIn(prefix, column, scope) : undefined;
          if (values && truth)
            disagreements.push(...compareWithTruth(metric.name, scope.key, stats, values, truth.source));
          const checked = checkEstimates(metric.name, scope.key, stats, values ? exactStats(values) : undefined);
          quantileErrors.push(...checked.errors);
          disagreements.push(...checked.disagreements);
        }
      }
      if (reference && !referenceStats?.present && options.required.includes(referenceName) && scope === ALL) {
        disagreements.push({
          metric: metric.name,
          scope: scope.key,
          pipeline: referenceName,
          against: referenceName,
          field: 'missing',
          message: `${referenceName}: no series for ${metric.name} in any representation (is its app running and scraped?)`,
        });
      }
      const exact: ExactStats | undefined =
        referenceRows.length > 0 ? exactStats(valuesIn(referenceRows, column, scope)) : undefined;
      scopes.push({
        metric: metric.name,
        unit: metric.unit,
        scope: scope.key,
        labels: scope.labels,
        pipelines: shown,
        ...(exact ? { exact } : {}),
        quantileErrors,
      });
    }
  }
  return {
    generatedAt: new Date((pinned.time ?? Date.now() / 1000) * 1000).toISOString(),
    prometheusUrl: client.baseUrl,
    ...(truth ? { truthSource: truth.source } : {}),
    ...(truth?.file ? { truthFile: truth.file } : {}),
    live,
    quantiles: [...REPORT_QUANTILES],
    exactDefinition: EXACT_DEFINITION,
    errorDefinition: ERROR_DEFINITION,
    pipelines: options.pipelines.map(({ name, title, template }) => ({ name, title, template })),
    representations,
    scopes,
    disagreements,
    verdict: disagreements.length === 0 ? 'agree' : 'disagree',
  };
}
