/** Native histograms: stored beside classic buckets, or with buckets that do not add up to their count. */
import type { FamilyData, Finding } from '../types.js';
import { finding } from './finding.js';

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
