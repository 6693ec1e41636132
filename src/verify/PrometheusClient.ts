import { PrometheusError } from '../errors/PrometheusError.js';

export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

interface QueryResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

/** The Prometheus HTTP API, instant queries only: what verify and the tests need. */
export class PrometheusClient {
  constructor(readonly baseUrl: string) {}

  async query(expression: string): Promise<Sample[]> {
    const url = new URL('/api/v1/query', this.baseUrl);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        body: new URLSearchParams({ query: expression }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new PrometheusError(
        this.baseUrl,
        `cannot reach Prometheus at ${this.baseUrl} (${(error as Error).message}); start it with "histogram-demo stack up" or pass --prometheus-url`,
        { cause: error },
      );
    }
    const body = (await response
      .json()
      .catch(() => ({ status: 'error', error: `HTTP ${response.status}` }))) as QueryResponse;
    if (body.status !== 'success' || !body.data) {
      throw new PrometheusError(this.baseUrl, `Prometheus refused the query ${expression}: ${body.error ?? 'no data'}`);
    }
    if (body.data.resultType !== 'vector') {
      throw new PrometheusError(
        this.baseUrl,
        `expected an instant vector from ${expression}, got ${body.data.resultType}`,
      );
    }
    return body.data.result.map((series) => ({ labels: series.metric, value: Number(series.value[1]) }));
  }

  /** The single value of a scalar-like query, or undefined when it returns nothing. */
  async value(expression: string): Promise<number | undefined> {
    const [first] = await this.query(expression);
    return first?.value;
  }
}
