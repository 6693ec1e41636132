/**
 * The one definition of every metric the demo records. Both apps (Logfire/OpenTelemetry
 * and prom-client), the dashboards and `verify` read names, units, boundaries and labels
 * from here; nothing else spells them.
 */

export const FILE_TYPES = ['small', 'medium', 'large', 'very_large'] as const;
export type FileType = (typeof FILE_TYPES)[number];

/** The label that splits every series, as in the seed. */
export const FILE_TYPE_LABEL = 'file_type';

/**
 * Bucket layouts a user can choose with `--buckets`.
 * - `seed`: the seed's direct version, the default.
 * - `fine`: a 1-2-5 series, for smaller quantile error at the cost of more series.
 * - `otel-default`: the Logfire app sets no boundaries, so the OpenTelemetry SDK's default
 *   `[0, 5, 10, ..., 10000]` applies: the bug the seed's side-by-side comparison exists to catch.
 */
export const BUCKET_LAYOUTS = ['seed', 'fine', 'otel-default'] as const;
export type BucketLayout = (typeof BUCKET_LAYOUTS)[number];

/**
 * Boundaries chosen per metric from outside (`run --buckets FILE.json`, the file advise writes);
 * a metric it does not name keeps the seed layout.
 */
export interface CustomBuckets {
  /** Where they come from, for the run's log. */
  readonly source: string;
  /** Finite boundaries by metric name (`HistogramDefinition.name`). */
  readonly boundaries: ReadonlyMap<string, readonly number[]>;
}

/** What `--buckets` selects: a named layout or custom boundaries. */
export type BucketChoice = BucketLayout | CustomBuckets;

/** The choice as the run's log names it. */
export function bucketChoiceName(choice: BucketChoice): string {
  return typeof choice === 'string' ? choice : choice.source;
}

/** OpenTelemetry JS's default explicit boundaries (sdk-metrics), kept to explain and test the `otel-default` layout. */
export const OTEL_DEFAULT_BOUNDARIES: readonly number[] = [
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
];

export interface HistogramDefinition {
  readonly kind: 'histogram';
  /** Prometheus name without namespace; also the OpenTelemetry instrument name. */
  readonly name: string;
  readonly description: string;
  /** UCUM unit for OpenTelemetry; the collector maps `By` to `_bytes`, `s` to `_seconds`. */
  readonly otelUnit: 'By' | 's';
  readonly unit: 'bytes' | 'seconds';
  /** Upper bounds of the finite buckets; `+Inf` is implicit. */
  readonly boundaries: Readonly<Record<Exclude<BucketLayout, 'otel-default'>, readonly number[]>>;
  readonly labelNames: readonly string[];
}

export interface CounterDefinition {
  readonly kind: 'counter';
  /** Prometheus name, `_total` included. */
  readonly name: string;
  /** The OpenTelemetry instrument name: the exporter appends `_total` to monotonic sums. */
  readonly otelName: string;
  readonly description: string;
  readonly otelUnit: string;
  readonly labelNames: readonly string[];
}

const MB = 1_000_000;
const KB = 1_000;

/** 1-2-5 series from `from` to `to` inclusive. */
function oneTwoFive(from: number, to: number): number[] {
  const bounds: number[] = [];
  for (let decade = from; decade <= to; decade *= 10) {
    for (const step of [1, 2, 5]) {
      const bound = Number((decade * step).toPrecision(12));
      if (bound <= to) bounds.push(bound);
    }
  }
  return bounds;
}

export const UPLOADED_FILE_BYTES: HistogramDefinition = {
  kind: 'histogram',
  name: 'uploaded_file_bytes',
  description: 'Size of uploaded files in bytes',
  otelUnit: 'By',
  unit: 'bytes',
  boundaries: {
    seed: [100 * KB, 500 * KB, 1 * MB, 5 * MB, 10 * MB, 50 * MB, 100 * MB],
    fine: oneTwoFive(10 * KB, 100 * MB),
  },
  labelNames: [FILE_TYPE_LABEL],
};

export const HTTP_REQUEST_DURATION_SECONDS: HistogramDefinition = {
  kind: 'histogram',
  name: 'http_request_duration_seconds',
  description: 'Duration of file upload requests in seconds',
  otelUnit: 's',
  unit: 'seconds',
  boundaries: {
    seed: [0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    fine: oneTwoFive(0.1, 20),
  },
  labelNames: [FILE_TYPE_LABEL],
};

export const FILE_UPLOADS_TOTAL: CounterDefinition = {
  kind: 'counter',
  name: 'file_uploads_total',
  otelName: 'file_uploads',
  description: 'Total number of file uploads',
  otelUnit: '{upload}',
  labelNames: [FILE_TYPE_LABEL],
};

export const HISTOGRAMS: readonly HistogramDefinition[] = [UPLOADED_FILE_BYTES, HTTP_REQUEST_DURATION_SECONDS];

/** Boundaries for a layout, or `undefined` when the SDK's default must apply (`otel-default`). */
export function boundariesFor(metric: HistogramDefinition, layout: BucketChoice): readonly number[] | undefined {
  if (typeof layout !== 'string') return layout.boundaries.get(metric.name) ?? metric.boundaries.seed;
  return layout === 'otel-default' ? undefined : metric.boundaries[layout];
}

/** The Prometheus series name of a metric in a pipeline (`logfire_` prefix for the collector's). */
export function prometheusName(baseName: string, namespace?: string): string {
  return namespace ? `${namespace}_${baseName}` : baseName;
}
