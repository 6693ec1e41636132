import type { NativeHistogram } from '../prometheus/PrometheusClient.js';

export const SEVERITIES = ['info', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** How a family is stored: `_bucket` series (classic), histogram samples (native), or both. */
export type FamilyKind = 'classic' | 'native' | 'both';

export type Labels = Readonly<Record<string, string>>;

/** One classic bucket series' value with its `le` as stored. */
export interface StoredBucket {
  readonly le: string;
  /** `le` as a number: Infinity for `+Inf`, NaN when malformed. */
  readonly upperBound: number;
  readonly cumulativeCount: number;
}

/** A classic histogram's series for one label set (labels without `__name__` and `le`). */
export interface ClassicSeries {
  readonly labels: Labels;
  readonly buckets: readonly StoredBucket[];
  readonly count?: number;
  readonly sum?: number;
}

export interface NativeSeries {
  readonly labels: Labels;
  readonly histogram: NativeHistogram;
}

/** Everything doctor read about one family: the input of every check. */
export interface FamilyData {
  /** The name as stored, without `_bucket`. */
  readonly name: string;
  readonly classic: readonly ClassicSeries[];
  readonly native: readonly NativeSeries[];
  /** The metadata API's unit and type, when the server has them. */
  readonly unit?: string;
  readonly type?: string;
  /** Annotations of the standard quantile queries. */
  readonly annotations: readonly { query: string; severity: 'info' | 'warning'; text: string }[];
}

export interface Finding {
  readonly severity: Severity;
  readonly family: string;
  /** A stable id: `inf-only`, `quantile-error`, ... */
  readonly check: string;
  readonly message: string;
  readonly fix: string;
  /** The label sets affected (empty when the whole family is). */
  readonly labels: readonly Labels[];
  /** The numbers that show it. */
  readonly evidence: Readonly<Record<string, unknown>>;
}

/** A family's summary in the report: what it is and what it costs. */
export interface FamilySummary {
  readonly name: string;
  readonly kind: FamilyKind;
  /** Label sets (one per histogram, whatever its representation). */
  readonly series: number;
  /** Series stored for the classic representation: buckets, `_count` and `_sum`. */
  readonly classicSeries: number;
  /** Distinct finite bucket layouts among the classic series. */
  readonly layouts: number;
  /** Finite buckets per classic series (the largest layout). */
  readonly bucketsPerSeries: number;
  /** Populated buckets per native sample (the largest). */
  readonly nativeBucketsPerSeries: number;
  /** Native scales seen (exponential schemas only). */
  readonly nativeScales: readonly number[];
  /** Observations of the whole family (classic `+Inf` buckets or native counts). */
  readonly observations: number;
  readonly unit?: string;
}

export interface DoctorReport {
  readonly prometheusUrl: string;
  readonly time: number;
  readonly match?: string;
  readonly maxError: number;
  readonly families: readonly FamilySummary[];
  readonly findings: readonly Finding[];
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
