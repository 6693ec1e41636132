import type { PrometheusClient } from '../prometheus/PrometheusClient.js';
import { type CheckOptions, classicSeriesCount, finiteBounds, nativeScale, runChecks } from './checks/index.js';
import { collectFamilies } from './collect.js';
import type { Selection } from './selection.js';
import type { DoctorReport, FamilyData, FamilySummary } from './types.js';
import { severityRank } from './types.js';

export interface DoctorOptions extends CheckOptions {
  readonly selection: Selection;
  /** The `--match` text, echoed in the report. */
  readonly match?: string;
}

export function summarizeFamily(family: FamilyData): FamilySummary {
  const layouts = new Set(family.classic.map((series) => finiteBounds(series).join(',')));
  const scales = new Set(family.native.map(nativeScale).filter((scale): scale is number => scale !== undefined));
  const classicObservations = family.classic.reduce(
    (sum, series) =>
      sum +
      (series.buckets.find((b) => b.upperBound === Number.POSITIVE_INFINITY)?.cumulativeCount ?? series.count ?? 0),
    0,
  );
  const nativeObservations = family.native.reduce((sum, series) => sum + series.histogram.count, 0);
  const labelSets = new Set([...family.classic, ...family.native].map((series) => JSON.stringify(series.labels)));
  return {
    name: family.name,
    kind: family.classic.length > 0 ? (family.native.length > 0 ? 'both' : 'classic') : 'native',
    series: labelSets.size,
    classicSeries: classicSeriesCount(family),
    layouts: layouts.size,
    bucketsPerSeries: Math.max(0, ...family.classic.map((series) => finiteBounds(series).length)),
    nativeBucketsPerSeries: Math.max(0, ...family.native.map((series) => series.histogram.buckets.length)),
    nativeScales: [...scales].sort((a, b) => a - b),
    // A family held twice counts its observations once: the native side when there is one.
    observations: family.native.length > 0 ? nativeObservations : classicObservations,
    ...(family.unit ? { unit: family.unit } : {}),
  };
}

/** Audits every histogram family the server holds at one instant. */
export async function doctor(client: PrometheusClient, options: DoctorOptions): Promise<DoctorReport> {
  const time = client.time ?? Math.round(Date.now() / 10) / 100;
  const pinned = client.at(time);
  const families = await collectFamilies(pinned, options.selection);
  const findings = families
    .flatMap((family) => runChecks(family, options))
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  return {
    prometheusUrl: client.baseUrl,
    time,
    ...(options.match === undefined ? {} : { match: options.match }),
    maxError: options.maxError,
    families: families.map(summarizeFamily),
    findings,
  };
}
