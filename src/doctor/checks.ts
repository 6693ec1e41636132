/**
 * doctor's checks: pure functions from what a family holds to findings. Each names its check, the
 * label sets affected, the numbers that show it, and the fix in words a user can act on.
 */
import { type ClassicBucket, classicPickedBucket, nativePickedBucket } from '../histogram/quantiles.js';
import { OTEL_DEFAULT_BOUNDARIES } from '../metrics/definitions.js';
import type { ClassicSeries, FamilyData, Finding, Labels, NativeSeries, Severity } from './types.js';

export interface CheckOptions {
  /** Worst-case relative error of histogram_quantile above which a warning is raised (0.1 = 10%). */
  readonly maxError: number;
}

/** The quantiles whose worst-case error doctor reports: what dashboards show. */
export const AUDITED_QUANTILES = [0.5, 0.9, 0.99] as const;

/** p99 lies beyond the last finite bound once more than 1% of observations are in `+Inf`. */
export const INF_SHARE_LIMIT = 0.01;

/** A family this big in classic series is worth a line about what native histograms would cost. */
export const CARDINALITY_INFO_SERIES = 1000;

/** Unit words a name can end with; the exporter appends them, so a name that has one gets it twice. */
const UNIT_WORDS = [
  'seconds',
  'milliseconds',
  'microseconds',
  'nanoseconds',
  'minutes',
  'hours',
  'days',
  'bytes',
  'kilobytes',
  'megabytes',
  'bits',
  'meters',
  'grams',
  'volts',
  'amperes',
  'joules',
  'watts',
  'celsius',
  'ratio',
  'percent',
  'hertz',
];

export function finiteBounds(series: ClassicSeries): number[] {
  return series.buckets
    .map((bucket) => bucket.upperBound)
    .filter((bound) => Number.isFinite(bound))
    .sort((a, b) => a - b);
}

function layoutKey(series: ClassicSeries): string {
  return finiteBounds(series).join(',');
}

function infBucket(series: ClassicSeries) {
  return series.buckets.find((bucket) => bucket.upperBound === Number.POSITIVE_INFINITY);
}

/** Observations of a classic series: its `+Inf` bucket, else its `_count`. */
function observations(series: ClassicSeries): number {
  return infBucket(series)?.cumulativeCount ?? series.count ?? 0;
}

/** Cumulative count at the last finite bound (0 without finite buckets). */
function lastFiniteCount(series: ClassicSeries): number {
  const finite = series.buckets.filter((bucket) => Number.isFinite(bucket.upperBound));
  return finite.reduce((max, bucket) => Math.max(max, bucket.cumulativeCount), 0);
}

function isInfOnly(series: ClassicSeries): boolean {
  return series.buckets.length > 0 && series.buckets.every((bucket) => bucket.upperBound === Number.POSITIVE_INFINITY);
}

function isOtelDefaultLayout(series: ClassicSeries): boolean {
  return layoutKey(series) === OTEL_DEFAULT_BOUNDARIES.join(',');
}

function round(value: number, digits = 4): number {
  return Number(value.toPrecision(digits));
}

function percent(share: number): string {
  return `${round(share * 100, 3)}%`;
}

function finding(
  family: FamilyData,
  severity: Severity,
  check: string,
  message: string,
  fix: string,
  labels: readonly Labels[],
  evidence: Record<string, unknown>,
): Finding {
  return { severity, family: family.name, check, message, fix, labels, evidence };
}

/** Exponential histograms over a text scrape: only `+Inf` survives beside `_count` and `_sum`. */
export function checkInfOnly(family: FamilyData): Finding[] {
  const affected = family.classic.filter(isInfOnly);
  if (affected.length === 0) return [];
  const total = affected.reduce((sum, series) => sum + observations(series), 0);
  return [
    finding(
      family,
      'error',
      'inf-only',
      `${affected.length} of ${family.classic.length} series have only the le="+Inf" bucket beside _count and _sum: ` +
        'every bucket panel and histogram_quantile is empty or NaN. This is what exponential (OpenTelemetry) ' +
        'histograms become over a text scrape.',
      'Scrape over protobuf with native histograms (scrape_protocols: [PrometheusProto, ...] and ' +
        'scrape_native_histograms: true in the scrape job), or give the instrument explicit bucket boundaries in the SDK.',
      affected.map((series) => series.labels),
      { series: affected.length, observations: total, buckets: ['+Inf'] },
    ),
  ];
}

/** Without `+Inf`, histogram_quantile has no total to rank against and returns NaN. */
export function checkNoInfBucket(family: FamilyData): Finding[] {
  const affected = family.classic.filter((series) => series.buckets.length > 0 && infBucket(series) === undefined);
  if (affected.length === 0) return [];
  return [
    finding(
      family,
      'error',
      'no-inf-bucket',
      `${affected.length} series have no le="+Inf" bucket: histogram_quantile returns NaN for them.`,
      'Expose the le="+Inf" bucket (client libraries always do; a hand-written or relabelled exposition may drop it).',
      affected.map((series) => series.labels),
      { series: affected.length, lastBounds: affected.slice(0, 5).map((series) => finiteBounds(series).at(-1)) },
    ),
  ];
}

/** `_count` and `_sum` beside the buckets: rates, averages and histogram_count need them. */
export function checkCountAndSum(family: FamilyData): Finding[] {
  const findings: Finding[] = [];
  for (const part of ['count', 'sum'] as const) {
    const affected = family.classic.filter((series) => series[part] === undefined);
    if (affected.length === 0) continue;
    findings.push(
      finding(
        family,
        'warning',
        `missing-${part}`,
        `${affected.length} of ${family.classic.length} series have buckets but no ${family.name}_${part}: ` +
          (part === 'count'
            ? 'request rates from rate(_count) are empty (the +Inf bucket holds the same number).'
            : 'averages (rate(_sum) / rate(_count)) cannot be computed.'),
        `Expose ${family.name}_${part} with the buckets, and check that no relabelling or metric_relabel_configs drops it.`,
        affected.map((series) => series.labels),
        { series: affected.length },
      ),
    );
  }
  return findings;
}

/** Share of a series' observations at or below `bound` (0 when it has no such bucket). */
function shareAtOrBelow(series: ClassicSeries, bound: number): number {
  const total = observations(series);
  const bucket = series.buckets.find((b) => b.upperBound === bound);
  return total > 0 && bucket ? bucket.cumulativeCount / total : 0;
}

function infShare(series: ClassicSeries): number {
  const total = observations(series);
  return total > 0 ? (total - lastFiniteCount(series)) / total : 0;
}

/**
 * OpenTelemetry's default boundaries `[0, 5, ..., 10000]` on values far outside them: at least half
 * the observations at or below 5 or above 10000 means the two outermost buckets hold the data, so
 * no quantile says anything.
 */
export function checkOtelDefaultBuckets(family: FamilyData): Finding[] {
  const firstPositive = OTEL_DEFAULT_BOUNDARIES.find((bound) => bound > 0) as number;
  const affected = family.classic.filter((series) => {
    if (!isOtelDefaultLayout(series) || observations(series) === 0) return false;
    return shareAtOrBelow(series, firstPositive) + infShare(series) >= 0.5;
  });
  if (affected.length === 0) return [];
  const total = affected.reduce((sum, series) => sum + observations(series), 0);
  const low = affected.reduce((sum, series) => sum + shareAtOrBelow(series, firstPositive) * observations(series), 0);
  const high = affected.reduce((sum, series) => sum + infShare(series) * observations(series), 0);
  const sum = affected.reduce((acc, series) => acc + (series.sum ?? 0), 0);
  return [
    finding(
      family,
      'error',
      'otel-default-buckets',
      `${affected.length} series use OpenTelemetry's default boundaries [${OTEL_DEFAULT_BOUNDARIES.join(', ')}] ` +
        `on values far outside them: ${percent(low / total)} of observations at or below ${firstPositive}, ` +
        `${percent(high / total)} above ${OTEL_DEFAULT_BOUNDARIES.at(-1)} (mean ${round(sum / total)}).`,
      'Give the instrument explicit bucket boundaries that fit its values (advice.explicitBucketBoundaries or a View ' +
        'in the OpenTelemetry SDK), or use an exponential histogram aggregation scraped as native histograms.',
      affected.map((series) => series.labels),
      {
        series: affected.length,
        observations: total,
        shareAtOrBelowFirstBound: round(low / total),
        shareAboveLastBound: round(high / total),
        mean: round(sum / total),
        bounds: OTEL_DEFAULT_BOUNDARIES,
      },
    ),
  ];
}

/** p99 beyond the last finite bound: the estimate is that bound, whatever the truth. */
export function checkInfShare(family: FamilyData): Finding[] {
  const affected = family.classic.filter(
    (series) =>
      !isInfOnly(series) &&
      !isOtelDefaultLayout(series) &&
      infBucket(series) !== undefined &&
      observations(series) > 0 &&
      infShare(series) > INF_SHARE_LIMIT,
  );
  if (affected.length === 0) return [];
  const worst = affected.reduce((a, b) => (infShare(b) > infShare(a) ? b : a));
  const lastBound = finiteBounds(worst).at(-1);
  return [
    finding(
      family,
      'warning',
      'inf-share',
      `${affected.length} series have more than ${percent(INF_SHARE_LIMIT)} of observations above their last finite ` +
        `bucket (worst ${percent(infShare(worst))} above ${lastBound}): p99 and above report that bound, not the value.`,
      `Add buckets above ${lastBound} that cover the largest values you expect, or check the unit of the recorded values.`,
      affected.map((series) => series.labels),
      {
        series: affected.length,
        worstShareInInf: round(infShare(worst)),
        lastFiniteBound: lastBound,
        worstLabels: worst.labels,
      },
    ),
  ];
}

/**
 * Worst-case relative error when the true value and the estimate are both in (lower, upper]: the
 * truth at the lower end and the estimate at the upper one. Unbounded when the bucket reaches 0.
 */
export function bucketRelativeError(lower: number, upper: number): number {
  if (upper === lower) return 0;
  const nearZero = lower >= 0 ? lower : -upper;
  return nearZero > 0 ? (upper - lower) / nearZero : Number.POSITIVE_INFINITY;
}

/**
 * The scale of a native histogram whose populated positive buckets are exponential (each spans
 * (b, b·2^(2^-scale)]); undefined for custom bucket layouts (NHCB) or no positive bucket.
 */
export function nativeScale(series: NativeSeries): number | undefined {
  const ratios = series.histogram.buckets
    .filter((bucket) => bucket.lower > 0 && Number.isFinite(bucket.upper))
    .map((bucket) => -Math.log2(Math.log2(bucket.upper / bucket.lower)));
  const first = ratios[0];
  if (first === undefined) return undefined;
  const scale = Math.round(first);
  return ratios.every((ratio) => Math.abs(ratio - scale) < 1e-6) ? scale : undefined;
}

interface RankedError {
  readonly error: number;
  readonly lower: number;
  readonly upper: number;
}

function classicRankedError(series: ClassicSeries, q: number): RankedError | undefined {
  const buckets: ClassicBucket[] = series.buckets
    .filter((bucket) => !Number.isNaN(bucket.upperBound))
    .map(({ upperBound, cumulativeCount }) => ({ upperBound, cumulativeCount }));
  const ranked = classicPickedBucket(buckets, q);
  if (ranked === undefined || ranked.inInfBucket) return undefined;
  return { error: bucketRelativeError(ranked.lower, ranked.upper), lower: ranked.lower, upper: ranked.upper };
}

/** The bucket a native series' estimate lies in (src/histogram), and its relative width. */
export function nativeRankedError(series: NativeSeries, q: number): RankedError | undefined {
  const interval = nativePickedBucket(series.histogram.buckets, series.histogram.count, q);
  if (interval === undefined) return undefined;
  return { error: bucketRelativeError(interval.lower, interval.upper), lower: interval.lower, upper: interval.upper };
}

function formatError(error: number): string | number {
  return Number.isFinite(error) ? round(error) : 'unbounded';
}

/**
 * histogram_quantile's worst-case error at p50, p90, p99: the relative width of the bucket Prometheus
 * picks (src/histogram), which holds both the estimate and one end of the exact quantile interval.
 */
export function checkQuantileError(family: FamilyData, options: CheckOptions): Finding[] {
  const perSeries = [
    ...family.classic
      .filter((series) => !isInfOnly(series) && !isOtelDefaultLayout(series))
      .map((series) => ({ labels: series.labels, rank: (q: number) => classicRankedError(series, q) })),
    ...family.native.map((series) => ({ labels: series.labels, rank: (q: number) => nativeRankedError(series, q) })),
  ];
  const affected: Labels[] = [];
  const worst = new Map<number, RankedError & { labels: Labels }>();
  for (const series of perSeries) {
    let over = false;
    for (const q of AUDITED_QUANTILES) {
      const ranked = series.rank(q);
      if (ranked === undefined) continue;
      if (ranked.error > options.maxError) over = true;
      const current = worst.get(q);
      if (current === undefined || ranked.error > current.error) worst.set(q, { ...ranked, labels: series.labels });
    }
    if (over) affected.push(series.labels);
  }
  if (affected.length === 0) return [];
  const evidence: Record<string, unknown> = { maxError: options.maxError, series: affected.length };
  const parts: string[] = [];
  for (const q of AUDITED_QUANTILES) {
    const ranked = worst.get(q);
    if (ranked === undefined) continue;
    const name = `p${Math.round(q * 100)}`;
    evidence[name] = {
      worstRelativeError: formatError(ranked.error),
      bucket: [ranked.lower, ranked.upper],
      labels: ranked.labels,
    };
    const size = Number.isFinite(ranked.error) ? `±${percent(ranked.error)}` : 'unbounded (bucket starts at 0)';
    parts.push(`${name} ${size} in (${ranked.lower}, ${ranked.upper}]`);
  }
  return [
    finding(
      family,
      'warning',
      'quantile-error',
      `histogram_quantile can be off by more than ${percent(options.maxError)} in ${affected.length} series: ` +
        `worst ${parts.join(', ')} (the width of the bucket holding each rank).`,
      'Add boundaries where the quantiles fall (around the values quoted), or record native histograms ' +
        '(exponential aggregation, protobuf scrape) whose relative error is 2^(2^-scale) - 1.',
      affected,
      evidence,
    ),
  ];
}

function meanOf(series: ClassicSeries): number | undefined {
  const total = observations(series);
  return total > 0 && series.sum !== undefined ? series.sum / total : undefined;
}

/** A `_seconds` metric with millisecond-sized buckets or values, or a milliseconds metric with seconds-sized buckets. */
export function checkUnitScale(family: FamilyData): Finding[] {
  const seconds = family.name.endsWith('_seconds') || family.unit === 'seconds';
  const milliseconds = /_(milliseconds|ms)$/.test(family.name) || family.unit === 'milliseconds';
  if (!seconds && !milliseconds) return [];
  const candidates = family.classic.filter((series) => !isInfOnly(series) && !isOtelDefaultLayout(series));
  // Buckets from 1 to 1000 and beyond fit long jobs in seconds too (Prometheus' compaction durations):
  // millisecond-sized only when the values agree, averaging 10 or more.
  const msBuckets = (series: ClassicSeries) => {
    const positive = finiteBounds(series).filter((bound) => bound > 0);
    const sized = positive.length > 0 && (positive[0] as number) >= 1 && (positive.at(-1) as number) >= 1000;
    return sized && (meanOf(series) ?? 0) >= 10;
  };
  const msValues = (series: ClassicSeries) => (meanOf(series) ?? 0) > 100 && infShare(series) >= 0.5;
  const secondsBuckets = (series: ClassicSeries) => {
    const bounds = finiteBounds(series);
    return bounds.length > 0 && (bounds.at(-1) as number) <= 10;
  };
  const affected = candidates.filter((series) =>
    seconds ? msBuckets(series) || msValues(series) : secondsBuckets(series),
  );
  if (affected.length === 0) return [];
  const example = affected[0] as ClassicSeries;
  const evidence = {
    series: affected.length,
    bounds: finiteBounds(example),
    mean: meanOf(example) === undefined ? null : round(meanOf(example) as number),
    shareAboveLastBound: round(infShare(example)),
  };
  if (milliseconds) {
    return [
      finding(
        family,
        'warning',
        'unit-scale',
        `A milliseconds metric with seconds-sized buckets (largest ${evidence.bounds.at(-1)}): values in milliseconds ` +
          'land above the last bucket.',
        'Record seconds under a _seconds name (the Prometheus convention), or give millisecond boundaries.',
        affected.map((series) => series.labels),
        evidence,
      ),
    ];
  }
  const valuesToo = affected.some(msValues);
  return [
    finding(
      family,
      'warning',
      'unit-scale',
      `A seconds metric that looks recorded in milliseconds: ${
        valuesToo
          ? `mean observation ${evidence.mean} s with ${percent(evidence.shareAboveLastBound)} above the last bucket`
          : `millisecond-sized buckets (${evidence.bounds[0]} to ${evidence.bounds.at(-1)})`
      }.`,
      'Record seconds (divide milliseconds by 1000) with seconds boundaries, or name the metric _milliseconds.',
      affected.map((series) => series.labels),
      evidence,
    ),
  ];
}

/** `_bytes_bytes`, `_seconds_seconds`: the name already had the unit the exporter appended. */
export function checkDuplicatedUnitSuffix(family: FamilyData): Finding[] {
  const match = /_([a-z]+)_\1$/.exec(family.name);
  const unit = match?.[1];
  if (unit === undefined || !UNIT_WORDS.includes(unit)) return [];
  return [
    finding(
      family,
      'warning',
      'duplicated-unit-suffix',
      `The name ends in _${unit}_${unit}: the unit suffix was added to a name that already had it.`,
      `Name the instrument without the unit (e.g. ${family.name.slice(0, -(unit.length + 1 + unit.length + 1))} ` +
        `with its unit set): the exporter appends _${unit}. Or drop the unit from the name the client library gets.`,
      [],
      { suffix: `_${unit}_${unit}` },
    ),
  ];
}

/** Series of one family with different finite bucket layouts: `sum by (le)` mixes them into nonsense. */
export function checkLayoutMismatch(family: FamilyData): Finding[] {
  const groups = new Map<string, ClassicSeries[]>();
  for (const series of family.classic) {
    const key = layoutKey(series);
    groups.set(key, [...(groups.get(key) ?? []), series]);
  }
  if (groups.size < 2) return [];
  const ordered = [...groups.values()].sort((a, b) => b.length - a.length);
  const layouts = ordered.map((group) => ({
    bounds: finiteBounds(group[0] as ClassicSeries),
    series: group.length,
    example: (group[0] as ClassicSeries).labels,
  }));
  return [
    finding(
      family,
      'warning',
      'layout-mismatch',
      `${groups.size} different bucket layouts among the family's ${family.classic.length} series ` +
        `(${layouts.map((layout) => `${layout.series} with ${layout.bounds.length} finite buckets`).join(', ')}): ` +
        'sum by (le) across them gives buckets no series has, and quantiles over them are wrong.',
      'Give every instance the same boundaries (two versions of an app usually), or aggregate only within one ' +
        'layout (e.g. sum by (le, instance)).',
      ordered
        .slice(1)
        .flat()
        .map((series) => series.labels),
      { layouts },
    ),
  ];
}

/** `le="1"` beside `le="1.0"`: Prometheus 2 stored the exposition's spelling, Prometheus 3 normalises it. */
export function checkLeSpelling(family: FamilyData): Finding[] {
  const spellings = new Map<number, Map<string, ClassicSeries[]>>();
  for (const series of family.classic) {
    for (const bucket of series.buckets) {
      if (Number.isNaN(bucket.upperBound)) continue;
      const byText = spellings.get(bucket.upperBound) ?? new Map<string, ClassicSeries[]>();
      byText.set(bucket.le, [...(byText.get(bucket.le) ?? []), series]);
      spellings.set(bucket.upperBound, byText);
    }
  }
  const conflicts = [...spellings.entries()].filter(([, byText]) => byText.size > 1);
  if (conflicts.length === 0) return [];
  const affected = new Set<ClassicSeries>();
  for (const [, byText] of conflicts) {
    const [, ...minority] = [...byText.values()].sort((a, b) => b.length - a.length);
    for (const series of minority.flat()) affected.add(series);
  }
  // Most used spelling first: the one the others should follow.
  const examples = conflicts
    .slice(0, 5)
    .map(([, byText]) => [...byText.entries()].sort((a, b) => b[1].length - a[1].length).map(([text]) => text));
  return [
    finding(
      family,
      'warning',
      'le-spelling',
      `The same bound is spelt differently in ${conflicts.length} buckets (${examples
        .map((texts) => texts.map((text) => `le="${text}"`).join(' and '))
        .join('; ')}): selectors and dashboards that match one spelling miss the other series.`,
      'Run every server on Prometheus 3 (which normalises le on ingestion for histograms) or expose the series ' +
        'with their # TYPE histogram line; match le by value (le=~"1(\\\\.0)?") until old data ages out.',
      [...affected].map((series) => series.labels),
      { spellings: examples },
    ),
  ];
}

/** The same family stored twice: classic buckets and native histograms. */
export function checkClassicAndNative(family: FamilyData): Finding[] {
  if (family.classic.length === 0 || family.native.length === 0) return [];
  return [
    finding(
      family,
      'info',
      'classic-and-native',
      `Stored both as classic buckets (${family.classic.length} series of ${family.name}_bucket) and as native ` +
        `histograms (${family.native.length} series of ${family.name}): every observation is ingested twice.`,
      'Once dashboards query the native histograms, set always_scrape_classic_histograms: false in the scrape job ' +
        '(or stop exposing classic buckets) to halve the cost; until then query one representation at a time.',
      [],
      { classicSeries: family.classic.length, nativeSeries: family.native.length },
    ),
  ];
}

function annotationFix(text: string): string {
  if (text.includes('monotonic')) {
    return (
      "A series' bucket counts are not cumulative: every bucket must count all observations at or below its le. " +
      'A hand-written exposition or two targets writing one series is the usual cause.'
    );
  }
  if (text.includes('mix of classic and native')) {
    return 'Query one representation: name_bucket for classic, name for native.';
  }
  if (text.includes('bucket label')) return 'Give every _bucket series an le label holding a number or +Inf.';
  return 'Run the query in the Prometheus UI to see the annotation in context.';
}

/** What Prometheus itself says when it answers the family's standard quantile query. */
export function checkAnnotations(family: FamilyData): Finding[] {
  return family.annotations.map((annotation) =>
    finding(
      family,
      annotation.severity,
      'promql-annotation',
      `Prometheus annotates the quantile query: ${annotation.text.replace(/^PromQL (warning|info): /, '')}`,
      annotationFix(annotation.text),
      [],
      { query: annotation.query, annotation: annotation.text },
    ),
  );
}

/** Series and buckets per family, and what native histograms would cost instead. */
export function checkCardinality(family: FamilyData): Finding[] {
  const classicSeries = classicSeriesCount(family);
  if (classicSeries < CARDINALITY_INFO_SERIES) return [];
  const buckets = Math.max(...family.classic.map((series) => series.buckets.length));
  return [
    finding(
      family,
      'info',
      'cardinality',
      `${classicSeries} series for ${family.classic.length} classic histograms (${buckets} buckets each, plus _count ` +
        `and _sum); as native histograms they would be ${family.classic.length} series.`,
      'Drop labels that split the family more than its dashboards need, or move it to native histograms ' +
        '(one series per label set, buckets inside the sample).',
      [],
      {
        classicSeries,
        labelSets: family.classic.length,
        bucketsPerSeries: buckets,
        nativeSeries: family.classic.length,
      },
    ),
  ];
}

/** Stored series of the classic representation: each bucket plus `_count` and `_sum`. */
export function classicSeriesCount(family: FamilyData): number {
  return family.classic.reduce(
    (sum, series) =>
      sum + series.buckets.length + (series.count === undefined ? 0 : 1) + (series.sum === undefined ? 0 : 1),
    0,
  );
}

/** Native bucket counts that do not add up to the count (opentelemetry-js#4450). */
export function checkNativeCount(family: FamilyData): Finding[] {
  const mismatched = family.native
    .map((series) => ({
      series,
      bucketTotal: series.histogram.buckets.reduce((sum, bucket) => sum + bucket.count, 0),
    }))
    .filter(
      ({ series, bucketTotal }) =>
        Math.abs(bucketTotal - series.histogram.count) > 1e-9 * Math.max(1, series.histogram.count),
    );
  if (mismatched.length === 0) return [];
  const [first] = mismatched;
  return [
    finding(
      family,
      'error',
      'native-count-mismatch',
      `${mismatched.length} native histograms have bucket counts that do not add up to their count ` +
        `(e.g. ${first?.bucketTotal} in buckets against a count of ${first?.series.histogram.count}).`,
      'Upgrade the SDK that produced them (opentelemetry-js#4450 describes this); quantiles from these series are unreliable.',
      mismatched.map(({ series }) => series.labels),
      { series: mismatched.length, count: first?.series.histogram.count, bucketTotal: first?.bucketTotal },
    ),
  ];
}

/** Every check, in the order findings are listed for a family. */
export function runChecks(family: FamilyData, options: CheckOptions): Finding[] {
  return [
    checkInfOnly(family),
    checkNoInfBucket(family),
    checkOtelDefaultBuckets(family),
    checkNativeCount(family),
    checkInfShare(family),
    checkUnitScale(family),
    checkQuantileError(family, options),
    checkCountAndSum(family),
    checkDuplicatedUnitSuffix(family),
    checkLayoutMismatch(family),
    checkLeSpelling(family),
    checkAnnotations(family),
    checkClassicAndNative(family),
    checkCardinality(family),
  ].flat();
}
