/** Series of one family that disagree on their buckets: different layouts, or one bound spelt two ways. */
import type { ClassicSeries, FamilyData, Finding } from '../types.js';
import { finding } from './finding.js';
import { finiteBounds, layoutKey } from './series.js';

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
