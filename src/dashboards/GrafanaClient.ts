/**
 * Grafana's HTTP API, as much as `import` needs: requests with the credentials' header, JSON
 * bodies read leniently, and a wait for /api/health. It maps only "cannot reach" to an error;
 * what an answer means is grafanaErrors.ts's business.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GrafanaUnreachableError } from '../errors/index.js';
import { authorization, type GrafanaAuth } from './grafanaAuth.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A failed request's cause in a few words: the system error code, a timeout, or the message. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (isRecord(cause) && typeof cause.code === 'string') return cause.code;
  if (error.name === 'TimeoutError') return 'no answer in time';
  return error.message;
}

export interface GrafanaResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Grafana's HTTP API, as much as `import` needs. */
export class GrafanaClient {
  /** Base URL with a trailing slash, so relative API paths keep a sub-path (http://host/grafana/). */
  private readonly base: URL;

  constructor(
    readonly url: URL,
    readonly auth: GrafanaAuth,
    private readonly requestTimeoutMs = 10_000,
  ) {
    this.base = new URL(url.href.endsWith('/') ? url.href : `${url.href}/`);
  }

  /** The base URL as shown to the user: never with credentials. */
  get display(): string {
    return this.base.href.replace(/\/$/, '');
  }

  async request(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    options: { authenticate?: boolean; timeoutMs?: number } = {},
  ): Promise<GrafanaResponse> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const header = options.authenticate === false ? undefined : authorization(this.auth);
    if (header) headers.Authorization = header;
    let response: Response;
    try {
      response = await fetch(new URL(path, this.base), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? this.requestTimeoutMs),
      });
    } catch (error) {
      throw new GrafanaUnreachableError(
        this.display,
        `cannot reach Grafana at ${this.display} (${errorText(error)}); start it or pass --grafana-url`,
        { cause: error },
      );
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (e.g. a proxy's HTML error page): keep the text for the error message.
    }
    return { status: response.status, body: parsed };
  }

  /** Polls /api/health until it answers 200, or throws GrafanaUnreachableError after timeoutMs. */
  async waitUntilHealthy(timeoutMs: number, intervalMs: number, log: (line: string) => void): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (let attempt = 1; ; attempt += 1) {
      // Each try may overrun the deadline by at most a second, so the last one still gets an answer.
      const remaining = Math.max(1000, deadline - Date.now());
      try {
        const response = await this.request('GET', 'api/health', undefined, {
          authenticate: false,
          timeoutMs: Math.min(this.requestTimeoutMs, remaining),
        });
        if (response.status === 200) return;
        last = `HTTP ${response.status}`;
      } catch (error) {
        if (!(error instanceof GrafanaUnreachableError)) throw error;
        last = errorText(error.cause);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new GrafanaUnreachableError(
          this.display,
          `Grafana at ${this.display} is unreachable: /api/health did not answer 200 within ` +
            `${formatSeconds(timeoutMs)} (last: ${last}); start Grafana, pass --grafana-url, or raise --timeout`,
        );
      }
      if (attempt === 1) log(`Waiting for Grafana at ${this.display} (/api/health: ${last})`);
      await sleep(Math.min(intervalMs, left));
    }
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
