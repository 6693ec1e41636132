import { expect } from 'vitest';
import { HISTOGRAMS } from '../../src/metrics/definitions.js';
import { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';
import type { PipelineStats, VerifyReport } from '../../src/verify/report.js';
import { type RunningCli, runCli, startCli } from '../helpers/cli.js';
import { eventually, type TestStack } from './nativeStack.js';

/** Every pipeline's upload count, as verify's three pipelines name them. */
const TOTALS = HISTOGRAMS.flatMap((metric) => [
  `sum(logfire_${metric.name}_count)`,
  `sum(${metric.name}_count)`,
  `sum(histogram_count(logfire_native_${metric.name}))`,
]);

/** Waits until every pipeline holds `expected` uploads at this Prometheus-compatible URL. */
export async function waitForTotals(url: string, expected: number): Promise<void> {
  const server = new PrometheusClient(url);
  const reached = await eventually(async () => {
    for (const expression of TOTALS) if ((await server.value(expression)) !== expected) return false;
    return true;
  }, 120_000);
  if (!reached) {
    const values = await Promise.all(TOTALS.map(async (e) => `${e} = ${await server.value(e)}`));
    throw new Error(`${url} never reached ${expected}: ${values.join(', ')}`);
  }
}

/** `verify --json` of the three pipelines against a Prometheus-compatible URL. */
export async function verifyAt(
  url: string,
  observations: string,
): Promise<{ code: number | null; report: VerifyReport }> {
  const result = await runCli([
    'verify',
    '--prometheus-url',
    url,
    '--observations',
    observations,
    '--require',
    'logfire,direct,native',
    '--json',
  ]);
  if (!result.stdout.startsWith('{')) throw new Error(`verify ${url} printed no report:\n${result.stderr}`);
  return { code: result.code, report: JSON.parse(result.stdout) as VerifyReport };
}

/** Equal but for the last bits of float sums, which the two engines may add up in another order. */
function expectSameStats(thanos: PipelineStats, prometheus: PipelineStats, where: string) {
  expect(thanos.present, where).toBe(prometheus.present);
  expect(thanos.representation, where).toBe(prometheus.representation);
  expect(thanos.count, where).toBe(prometheus.count);
  expect(thanos.buckets, where).toEqual(prometheus.buckets);
  expect(thanos.scales, where).toEqual(prometheus.scales);
  expect(thanos.sum, where).toBeCloseTo(prometheus.sum, 6);
  for (const [index, { quantile, estimate, guaranteed }] of prometheus.estimates.entries()) {
    const other = thanos.estimates[index];
    expect(other?.quantile, where).toBe(quantile);
    expect(other?.guaranteed, `${where} q${quantile}`).toEqual(guaranteed);
    expect(Math.abs((other?.estimate ?? Number.NaN) - estimate), `${where} q${quantile}`).toBeLessThanOrEqual(
      1e-9 * Math.abs(estimate),
    );
  }
}

/** Verify through Thanos equals verify against Prometheus itself, scope by scope and pipeline by pipeline. */
export function expectSameReports(thanos: VerifyReport, prometheus: VerifyReport) {
  expect(thanos.scopes.map((scope) => `${scope.metric}/${scope.scope}`)).toEqual(
    prometheus.scopes.map((scope) => `${scope.metric}/${scope.scope}`),
  );
  for (const [index, scope] of prometheus.scopes.entries()) {
    const through = thanos.scopes[index];
    for (const stats of scope.pipelines) {
      const other = through?.pipelines.find((entry) => entry.pipeline === stats.pipeline);
      expect(other, `${scope.metric}/${scope.scope}/${stats.pipeline} through Thanos`).toBeDefined();
      if (other) expectSameStats(other, stats, `${scope.metric}/${scope.scope}/${stats.pipeline}`);
    }
  }
}

/** Both apps on all three pipelines (`--aggregation both`), exporting every second, staying up after the run. */
export function runAllPipelines(
  stack: TestStack,
  run: { count: number; seed: number; observations: string; rate?: number },
): RunningCli {
  return startCli(
    [
      ...['run', 'both', '--aggregation', 'both', '--count', String(run.count), '--seed', String(run.seed)],
      ...(run.rate === undefined ? [] : ['--rate', String(run.rate)]),
      ...['--stay', ...stack.appArgs, '--observations', run.observations],
    ],
    { env: { OTEL_METRIC_EXPORT_INTERVAL: '1000' } },
  );
}
