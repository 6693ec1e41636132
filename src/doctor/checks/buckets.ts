/** Checks of the bucket layout itself: `+Inf` alone or missing, `_count` and `_sum`, boundaries that miss the values. */
import { OTEL_DEFAULT_BOUNDARIES } from '../../metrics/definitions.js';
import type { FamilyData, Finding } from '../types.js';
import { finding, percent, round } from './finding.js';
import {
  finiteBounds,
  infBucket,
  infShare,
  isInfOnly,
  isOtelDefaultLayout,
  observations,
  shareAtOrBelow,
} from './series.js';

/** p99 lies beyond the last finite bound once more than 1% of observations are in `+Inf`. */
export const INF_SHARE_LIMIT = 0.01;

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
