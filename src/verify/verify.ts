import { DEMO_REFERENCE_PIPELINE, type Pipeline } from '../pipelines/registry.js';
import type { PrometheusClient } from '../prometheus/PrometheusClient.js';
import { metricKindQueries } from '../promql/verify.js';
import {
  ALL,
  absentStats,
  type CollectedPipeline,
  collectPipeline,
  labelScope,
  type Scope,
  type VerifyMetric,
} from './collect.js';
import {
  checkEstimates,
  checkShares,
  comparePipelines,
  compareWithTruth,
  exactStats,
  missingPipeline,
} from './compare.js';
import { NotAHistogramError } from './NotAHistogramError.js';
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
  THRESHOLD_DEFINITION,
  type ThresholdShare,
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
  /**
   * Label-value scopes checked one by one per metric, besides all series: a truth column of
   * 5,000 values would otherwise take minutes and draw 10,000 charts. @example 100
   */
  readonly maxScopes?: number;
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
  if (held.length === 0) {
    return pipeline.floatSeries > 0
      ? `not a histogram: ${pipeline.floatSeries} series of plain values (a gauge or a counter)`
      : 'no series in any representation';
  }
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

/** One metric as every pipeline holds it. */
interface CollectedMetric {
  readonly metric: VerifyMetric;
  readonly pipelines: readonly CollectedPipeline[];
}

/** What the checks of one metric, or one of its scopes, add to the report. */
interface Findings {
  readonly scopes: ScopeReport[];
  readonly thresholds: ThresholdShare[];
  readonly disagreements: Disagreement[];
}

/** What every check of one metric reads: the options, the reference pipeline and each pipeline's truth. */
interface MetricContext {
  readonly options: VerifyOptions;
  readonly live: boolean;
  readonly metric: VerifyMetric;
  readonly column: string;
  readonly pipelines: readonly CollectedPipeline[];
  readonly referenceName: string;
  readonly reference: CollectedPipeline | undefined;
  /** Each pipeline's share of the truth: the first values up to its own count. */
  readonly prefixes: ReadonlyMap<string, readonly TruthRow[]>;
}

const allStats = (pipeline: CollectedPipeline): readonly PipelineStats[] => pipeline.byScope.get(ALL.key) ?? [];

/**
 * Apps still recording: some metric's pipelines hold different counts (each delivers with its own
 * delay), so they are checked against their own prefix of the truth, not against each other.
 */
function isLive(collected: readonly CollectedMetric[]): boolean {
  return collected.some(
    ({ pipelines }) =>
      new Set(pipelines.flatMap((pipeline) => allStats(pipeline).map((stats) => stats.count))).size > 1,
  );
}

/**
 * A metric no pipeline holds as a histogram, whose own name holds plain values on the server (a
 * gauge such as `up`): a name to change, not a pipeline to report missing.
 */
async function refuseNonHistograms(client: PrometheusClient, collected: readonly CollectedMetric[]): Promise<void> {
  for (const { metric, pipelines } of collected) {
    if (pipelines.some((pipeline) => pipeline.representations.length > 0)) continue;
    const queries = metricKindQueries(metric.name);
    const [series, native, classicBuckets] = await Promise.all([
      client.value(queries.series),
      client.value(queries.native),
      client.value(queries.classicBuckets),
    ]);
    const plain = (series ?? 0) - (native ?? 0);
    if (plain > 0 && (classicBuckets ?? 0) === 0) throw new NotAHistogramError(metric.name, plain);
  }
}

/** Each pipeline's first recorded values up to its own count, and a disagreement where the truth has fewer. */
function truthPrefixes(
  metric: VerifyMetric,
  column: string,
  pipelines: readonly CollectedPipeline[],
  truth: Truth | undefined,
): { prefixes: Map<string, readonly TruthRow[]>; disagreements: Disagreement[] } {
  const prefixes = new Map<string, readonly TruthRow[]>();
  const disagreements: Disagreement[] = [];
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
  return { prefixes, disagreements };
}

/** What each pipeline holds of a metric, said in words, and its native series whose buckets do not add up. */
function pipelineNotes(
  metric: VerifyMetric,
  pipelines: readonly CollectedPipeline[],
  reference: CollectedPipeline | undefined,
): { representations: RepresentationNote[]; disagreements: Disagreement[] } {
  const representations: RepresentationNote[] = [];
  const disagreements: Disagreement[] = [];
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
  return { representations, disagreements };
}

/** A pipeline's rows in a scope: what it holds, or an absent row when it is required or holds the metric elsewhere. */
function rowsIn(context: MetricContext, pipeline: CollectedPipeline, scope: Scope): PipelineStats[] {
  const held = pipeline.byScope.get(scope.key);
  if (held && held.length > 0) return [...held];
  const wanted = context.options.required.includes(pipeline.pipeline.name) || pipeline.representations.length > 0;
  return wanted ? [absentStats(pipeline.pipeline.name)] : [];
}

/** The recorded values of a pipeline in a scope, when its prefix of the truth covers its whole count. */
function pipelineValues(context: MetricContext, pipeline: CollectedPipeline, scope: Scope): number[] | undefined {
  const prefix = context.prefixes.get(pipeline.pipeline.name);
  const complete = prefix !== undefined && prefix.length === (allStats(pipeline)[0]?.count ?? -1);
  return complete ? valuesIn(prefix, context.column, scope) : undefined;
}

/**
 * One scope of one metric: each pipeline against the reference (when not live), against its own
 * recorded values, each estimate and threshold share against its guaranteed interval.
 */
function checkScope(context: MetricContext, scope: Scope, referenceRows: readonly TruthRow[]): Findings {
  const { metric, reference, referenceName, options } = context;
  const referenceStats = reference ? rowsIn(context, reference, scope)[0] : undefined;
  const shown: PipelineStats[] = [];
  const quantileErrors: QuantileError[] = [];
  const thresholds: ThresholdShare[] = [];
  const disagreements: Disagreement[] = [];
  for (const pipeline of context.pipelines) {
    const rows = rowsIn(context, pipeline, scope);
    shown.push(...rows);
    const values = pipelineValues(context, pipeline, scope);
    for (const stats of rows) {
      if (referenceStats && stats !== referenceStats && referenceStats.present) {
        if (!stats.present) disagreements.push(missingPipeline(metric.name, scope.key, stats.pipeline, referenceStats));
        else if (!context.live) disagreements.push(...comparePipelines(metric.name, scope.key, referenceStats, stats));
      }
      if (values && options.truth)
        disagreements.push(...compareWithTruth(metric.name, scope.key, stats, values, options.truth.source));
      const checked = checkEstimates(metric.name, scope.key, stats, values ? exactStats(values) : undefined);
      quantileErrors.push(...checked.errors);
      disagreements.push(...checked.disagreements);
      const shares = checkShares(metric.name, scope.key, stats, values);
      thresholds.push(...shares.shares);
      disagreements.push(...shares.disagreements);
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
    referenceRows.length > 0 ? exactStats(valuesIn(referenceRows, context.column, scope)) : undefined;
  const report: ScopeReport = {
    metric: metric.name,
    unit: metric.unit,
    scope: scope.key,
    labels: scope.labels,
    pipelines: shown,
    ...(exact ? { exact } : {}),
    quantileErrors,
  };
  return { scopes: [report], thresholds, disagreements };
}

/** Every check of one metric: the truth's prefixes, what each pipeline holds, then scope by scope. */
function checkMetric(
  { metric, pipelines }: CollectedMetric,
  options: VerifyOptions,
  live: boolean,
): Findings & { representations: RepresentationNote[]; leftOut?: { count: number; first: string } } {
  const referenceName = referenceOf(options.pipelines);
  const reference = pipelines.find((pipeline) => pipeline.pipeline.name === referenceName);
  const column = metric.column ?? metric.name;
  const truth = truthPrefixes(metric, column, pipelines, options.truth);
  const notes = pipelineNotes(metric, pipelines, reference);
  const context: MetricContext = {
    options,
    live,
    metric,
    column,
    pipelines,
    referenceName,
    reference,
    prefixes: truth.prefixes,
  };
  const referenceRows = truth.prefixes.get(referenceName) ?? [...truth.prefixes.values()][0] ?? [];
  const everyScope = scopesOf(options.truth, referenceRows, pipelines);
  // 'all' comes first and is always kept.
  const kept = everyScope.slice(0, 1 + (options.maxScopes ?? Number.POSITIVE_INFINITY));
  const leftOut = everyScope[kept.length];
  const findings: Findings = {
    scopes: [],
    thresholds: [],
    disagreements: [...truth.disagreements, ...notes.disagreements],
  };
  for (const scope of kept) {
    const found = checkScope(context, scope, referenceRows);
    findings.scopes.push(...found.scopes);
    findings.thresholds.push(...found.thresholds);
    findings.disagreements.push(...found.disagreements);
  }
  return {
    ...findings,
    representations: notes.representations,
    ...(leftOut ? { leftOut: { count: everyScope.length - kept.length, first: leftOut.key } } : {}),
  };
}

/**
 * Reads every pipeline's histograms of every metric at one instant, in whatever representation the
 * server holds them, and checks them: against each other on what both carry (count, sum, buckets when
 * both are classic, guaranteed quantile intervals otherwise), each estimate and each threshold's share
 * against its guaranteed interval, and, given a truth, each pipeline against the first recorded values
 * up to its own count, which also covers a live run where pipelines deliver with different delays.
 */
export async function verify(client: PrometheusClient, options: VerifyOptions): Promise<VerifyReport> {
  const pinned = client.time === undefined ? client.at(Date.now() / 1000) : client;
  const labels = options.truth?.labelColumns ?? [];
  const collected: CollectedMetric[] = await Promise.all(
    options.metrics.map(async (metric) => ({
      metric,
      pipelines: await Promise.all(
        options.pipelines.map((pipeline) => collectPipeline(pinned, pipeline, metric, labels)),
      ),
    })),
  );
  await refuseNonHistograms(pinned, collected);
  const live = isLive(collected);
  const checked = collected.map((metric) => checkMetric(metric, options, live));
  const disagreements = checked.flatMap((metric) => metric.disagreements);
  const scopesLeftOut = checked.flatMap(({ leftOut }, index) =>
    leftOut ? [{ metric: collected[index]?.metric.name ?? '', ...leftOut }] : [],
  );
  const thresholds = checked.flatMap((metric) => metric.thresholds);
  return {
    generatedAt: new Date((pinned.time ?? Date.now() / 1000) * 1000).toISOString(),
    prometheusUrl: client.baseUrl,
    ...(options.truth ? { truthSource: options.truth.source } : {}),
    ...(options.truth?.file ? { truthFile: options.truth.file } : {}),
    live,
    quantiles: [...REPORT_QUANTILES],
    exactDefinition: EXACT_DEFINITION,
    errorDefinition: ERROR_DEFINITION,
    pipelines: options.pipelines.map(({ name, title, template }) => ({ name, title, template })),
    representations: checked.flatMap((metric) => metric.representations),
    scopes: checked.flatMap((metric) => metric.scopes),
    thresholds,
    ...(thresholds.length > 0 ? { thresholdDefinition: THRESHOLD_DEFINITION } : {}),
    ...(scopesLeftOut.length > 0 ? { scopesLeftOut } : {}),
    disagreements,
    verdict: disagreements.length === 0 ? 'agree' : 'disagree',
  };
}
