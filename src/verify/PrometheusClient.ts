import { PrometheusError } from '../errors/PrometheusError.js';

/** A native histogram as the query API returns it. */
export interface NativeHistogram {
  readonly count: number;
  readonly sum: number;
  /** [boundary rule, lower, upper, count] per populated bucket. */
  readonly buckets: readonly { lower: number; upper: number; count: number }[];
}

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

interface QueryResponse {
  status: 'success' | 'error';
  error?: string;
  data?: {
    resultType: string;
    result: {
      metric: Record<string, string>;
      value?: [number, string];
      values?: [number, string][];
      histogram?: [number, RawHistogram];
    }[];
  };
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
    const data = await this.request(expression);
    if (data.resultType !== 'vector') {
      throw new PrometheusError(this.baseUrl, `expected an instant vector from ${expression}, got ${data.resultType}`);
    }
    return data.result.map((series) =>
      series.histogram
        ? { labels: series.metric, value: Number.NaN, histogram: parseHistogram(series.histogram[1]) }
        : { labels: series.metric, value: Number(series.value?.[1]) },
    );
  }

  private async request(expression: string): Promise<NonNullable<QueryResponse['data']>> {
    const url = new URL('/api/v1/query', this.baseUrl);
    const form = new URLSearchParams({ query: expression });
    if (this.time !== undefined) form.set('time', String(this.time));
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', body: form, signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new PrometheusError(
        this.baseUrl,
        `cannot reach Prometheus at ${this.baseUrl} (${(error as Error).cause ?? (error as Error).message}); start it with "histogram-demo stack up" or pass --prometheus-url`,
        { cause: error },
      );
    }
    const body = (await response
      .json()
      .catch(() => ({ status: 'error', error: `HTTP ${response.status}` }))) as QueryResponse;
    if (body.status !== 'success' || !body.data) {
      throw new PrometheusError(this.baseUrl, `Prometheus refused the query ${expression}: ${body.error ?? 'no data'}`);
    }
    return body.data;
  }

  /** The single value of a scalar-like query, or undefined when it returns nothing. */
  async value(expression: string): Promise<number | undefined> {
    const [first] = await this.query(expression);
    return first?.value;
  }
}
