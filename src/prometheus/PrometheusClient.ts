import type { NativeHistogram } from '../histogram/quantiles.js';
import { PrometheusError } from './PrometheusError.js';
import { PrometheusUnreachableError } from './PrometheusUnreachableError.js';

export type { NativeHistogram };

export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  /** The float value; NaN for a native-histogram sample. */
  readonly value: number;
  readonly histogram?: NativeHistogram;
}

interface RawHistogram {
  count: string;
  sum: string;
  buckets?: [number, string, string, string][];
}

/** What Prometheus says about a query besides its result (PromQL warnings and infos). */
export interface QueryAnnotations {
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
}

/** One metric's metadata as scraped (`# TYPE`, `# UNIT`, `# HELP`). */
export interface MetricMetadata {
  readonly type: string;
  readonly unit: string;
  readonly help: string;
}

interface ApiResponse<T> {
  status: 'success' | 'error';
  error?: string;
  warnings?: string[];
  infos?: string[];
  data?: T;
}

interface QueryData {
  resultType: string;
  result: {
    metric: Record<string, string>;
    value?: [number, string];
    values?: [number, string][];
    histogram?: [number, RawHistogram];
  }[];
}

function parseHistogram(raw: RawHistogram): NativeHistogram {
  return {
    count: Number(raw.count),
    sum: Number(raw.sum),
    buckets: (raw.buckets ?? []).map(([, lower, upper, count]) => ({
      lower: Number(lower),
      upper: Number(upper),
      count: Number(count),
    })),
  };
}

/** The Prometheus HTTP API, instant queries only: what verify and the tests need. */
export class PrometheusClient {
  /**
   * @param time evaluation time (seconds since the epoch) of every query, so that one report
   *   reads one consistent moment; undefined means "now" at each query.
   */
  constructor(
    readonly baseUrl: string,
    readonly time?: number,
  ) {}

  /** The same client, pinned to one evaluation time. */
  at(time: number): PrometheusClient {
    return new PrometheusClient(this.baseUrl, time);
  }

  /** Samples of a range or subquery expression (a matrix), flattened to [time, value] per series. */
  async queryMatrix(expression: string): Promise<{ labels: Record<string, string>; values: [number, number][] }[]> {
    const body = await this.request(expression);
    if (body.resultType !== 'matrix') {
      throw new PrometheusError(this.baseUrl, `expected a range vector from ${expression}, got ${body.resultType}`);
    }
    return body.result.map((series) => ({
      labels: series.metric,
      values: (series.values ?? []).map(([time, value]) => [time, Number(value)] as [number, number]),
    }));
  }

  async query(expression: string): Promise<Sample[]> {
    return (await this.queryAnnotated(expression)).samples;
  }

  /** An instant query with the annotations Prometheus returns beside it. */
  async queryAnnotated(expression: string): Promise<{ samples: Sample[] } & QueryAnnotations> {
    const body = await this.call<QueryData>('/api/v1/query', { query: expression }, `the query ${expression}`);
    const data = body.data as QueryData;
    if (data.resultType !== 'vector') {
      throw new PrometheusError(this.baseUrl, `expected an instant vector from ${expression}, got ${data.resultType}`);
    }
    const samples = data.result.map((series) =>
      series.histogram
        ? { labels: series.metric, value: Number.NaN, histogram: parseHistogram(series.histogram[1]) }
        : { labels: series.metric, value: Number(series.value?.[1]) },
    );
    return { samples, warnings: body.warnings ?? [], infos: body.infos ?? [] };
  }

  /**
   * Values of one label (`__name__` lists metric names), restricted to series matching any of the
   * selectors when given; over the last `lookbackSeconds` before the client's time.
   */
  async labelValues(label: string, selectors: readonly string[] = [], lookbackSeconds = 300): Promise<string[]> {
    const body = await this.call<string[]>(
      `/api/v1/label/${encodeURIComponent(label)}/values`,
      this.window(selectors, lookbackSeconds),
      `the values of ${label}`,
      // The label values endpoint takes GET only (Prometheus answers POST with 405).
      'GET',
    );
    return body.data ?? [];
  }

  /** Label sets of the series matching any of the selectors, over the last `lookbackSeconds`. */
  async series(selectors: readonly string[], lookbackSeconds = 300): Promise<Record<string, string>[]> {
    const body = await this.call<Record<string, string>[]>(
      '/api/v1/series',
      this.window(selectors, lookbackSeconds),
      `the series of ${selectors.join(', ')}`,
    );
    return body.data ?? [];
  }

  /** Metadata of every metric the server's targets expose, by metric (family) name. */
  async metadata(): Promise<Map<string, MetricMetadata>> {
    const body = await this.call<Record<string, MetricMetadata[]>>(
      '/api/v1/metadata',
      {},
      'the metric metadata',
      'GET',
    );
    return new Map(
      Object.entries(body.data ?? {}).flatMap(([name, entries]) => (entries[0] ? [[name, entries[0]]] : [])),
    );
  }

  private window(selectors: readonly string[], lookbackSeconds: number): URLSearchParams {
    const end = this.time ?? Date.now() / 1000;
    const form = new URLSearchParams({ start: String(end - lookbackSeconds), end: String(end) });
    for (const selector of selectors) form.append('match[]', selector);
    return form;
  }

  private async request(expression: string): Promise<QueryData> {
    const body = await this.call<QueryData>('/api/v1/query', { query: expression }, `the query ${expression}`);
    return body.data as QueryData;
  }

  /** One API call; `what` names it in errors. Query parameters go in a POST form (long selectors fit). */
  private async call<T>(
    path: string,
    parameters: Record<string, string> | URLSearchParams,
    what: string,
    method: 'GET' | 'POST' = 'POST',
  ): Promise<ApiResponse<T>> {
    const url = new URL(path, this.baseUrl);
    const form = new URLSearchParams(parameters);
    if (this.time !== undefined && path === '/api/v1/query') form.set('time', String(this.time));
    if (method === 'GET') url.search = form.toString();
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        body: method === 'POST' ? form : undefined,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new PrometheusUnreachableError(
        this.baseUrl,
        `cannot reach Prometheus at ${this.baseUrl} (${(error as Error).cause ?? (error as Error).message})`,
        { cause: error },
      );
    }
    const body = (await response
      .json()
      .catch(() => ({ status: 'error', error: `HTTP ${response.status}` }))) as ApiResponse<T>;
    if (body.status !== 'success' || body.data === undefined) {
      throw new PrometheusError(this.baseUrl, `Prometheus refused ${what}: ${body.error ?? 'no data'}`);
    }
    return body;
  }

  /** The single value of a scalar-like query, or undefined when it returns nothing. */
  async value(expression: string): Promise<number | undefined> {
    const [first] = await this.query(expression);
    return first?.value;
  }
}
