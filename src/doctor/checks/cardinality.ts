/** What a family costs in stored series, and what native histograms would cost instead. */
import type { FamilyData, Finding } from '../types.js';
import { finding } from './finding.js';

/** A family this big in classic series is worth a line about what native histograms would cost. */
export const CARDINALITY_INFO_SERIES = 1000;

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
