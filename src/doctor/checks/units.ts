/** Units: values recorded in one unit under another's name, and unit suffixes appended twice. */
import type { ClassicSeries, FamilyData, Finding } from '../types.js';
import { finding, percent, round } from './finding.js';
import { finiteBounds, infShare, isInfOnly, isOtelDefaultLayout, meanOf } from './series.js';

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
