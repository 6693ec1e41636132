import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FamilySummary, Finding } from '../../src/doctor/types.js';
import { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';
import { type RunningCli, runCli, startCli } from '../helpers/cli.js';
import { writePrometheusConfig } from './doctorFixtures.js';
import { eventually, startTestStack, type TestStack } from './nativeStack.js';

const COUNT = 1000;
const TEXT_ONLY = ['OpenMetricsText1.0.0', 'PrometheusText0.0.4'];

interface DoctorJson {
  families: FamilySummary[];
  findings: Finding[];
}

/**
 * What most users run: the collector scraped with Prometheus' text protocols. Two Logfire apps send
 * to the collector's main receiver: one exponential histograms (what the Python SDK does), one
 * explicit histograms with OpenTelemetry's default boundaries. Prometheus scrapes itself over
 * protobuf with native and classic histograms, so its own histograms are held twice.
 */
describe('doctor on a text-only scrape of the collector', () => {
  let stack: TestStack;
  let apps: RunningCli[] = [];
  let folder: string;

  async function doctor(...args: string[]): Promise<{ code: number | null; report: DoctorJson }> {
    const result = await runCli(['doctor', '--prometheus-url', stack.prometheusUrl, '--json', ...args]);
    return { code: result.code, report: JSON.parse(result.stdout || '{}') as DoctorJson };
  }

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'histogram-demo-doctor-text-'));
    const config = join(folder, 'prometheus.yml');
    await writePrometheusConfig(config, (jobs) =>
      jobs.map((job) => {
        if (job.job_name === 'otel-collector') {
          const { scrape_native_histograms: _n, always_scrape_classic_histograms: _c, ...rest } = job;
          return { ...rest, scrape_protocols: TEXT_ONLY };
        }
        if (job.job_name === 'prometheus') {
          return {
            ...job,
            scrape_protocols: ['PrometheusProto', ...TEXT_ONLY],
            scrape_native_histograms: true,
            always_scrape_classic_histograms: true,
          };
        }
        return job;
      }),
    );
    stack = await startTestStack(['--prometheus-config', config]);
    const common = ['run', 'logfire', '--count', String(COUNT), '--stay', ...stack.appArgs];
    const env = { env: { OTEL_METRIC_EXPORT_INTERVAL: '1000' } };
    apps = [
      startCli(
        [
          ...common,
          '--aggregation',
          'exponential',
          '--otlp-exponential-endpoint',
          stack.otlpEndpoint,
          '--instance-id',
          'exp',
        ],
        env,
      ),
      startCli([...common, '--buckets', 'otel-default', '--instance-id', 'otel-default'], env),
    ];
    await Promise.all(apps.map((app) => app.waitFor('Staying up')));
    const prometheus = new PrometheusClient(stack.prometheusUrl);
    const ready = await eventually(async () => {
      const counts = await prometheus.query('sum by (exported_instance) (logfire_uploaded_file_bytes_count)');
      const own = await prometheus.value('count(prometheus_http_request_duration_seconds)');
      return counts.length === 2 && counts.every((sample) => sample.value === COUNT) && (own ?? 0) > 0;
    }, 90_000);
    if (!ready) throw new Error('Prometheus never held both apps and its own native histograms');
  }, 1_300_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await stack?.down();
    await rm(folder, { recursive: true, force: true });
  });

  it('errs on exponential histograms reduced to a +Inf bucket, and says how to scrape them', async () => {
    const { code, report } = await doctor('--match', '{exported_instance="exp"}');
    const infOnly = report.findings.filter((finding) => finding.check === 'inf-only');
    // The SDK's own GC histogram (logfire_v8js_gc_duration_seconds) joins them once a GC has been recorded.
    expect(infOnly.map((finding) => finding.family)).toEqual(
      expect.arrayContaining(['logfire_http_request_duration_seconds', 'logfire_uploaded_file_bytes']),
    );
    expect(infOnly[0]?.fix).toContain('scrape_native_histograms');
    expect(infOnly.every((finding) => finding.severity === 'error')).toBe(true);
    expect(code).toBe(1);
  });

  it("errs on OpenTelemetry's default boundaries under byte sizes and seconds", async () => {
    const { report } = await doctor('--match', '{exported_instance="otel-default"}');
    const defaults = report.findings.filter((finding) => finding.check === 'otel-default-buckets');
    expect(defaults.map((finding) => finding.family).sort()).toEqual([
      'logfire_http_request_duration_seconds',
      'logfire_uploaded_file_bytes',
    ]);
    // Uploads are 10 KB and up: every one of them above 10000.
    const bytes = defaults.find((finding) => finding.family === 'logfire_uploaded_file_bytes');
    expect(bytes?.evidence.shareAboveLastBound).toBe(1);
  });

  it("sees Prometheus' own histograms over protobuf: held both ways, none reduced to +Inf", async () => {
    const { code, report } = await doctor('--match', '{job="prometheus"}');
    const own = report.families.find((family) => family.name === 'prometheus_http_request_duration_seconds');
    expect(own).toMatchObject({ kind: 'both' });
    expect(report.families.find((family) => family.name === 'prometheus_target_scrape_duration_seconds')).toMatchObject(
      { kind: 'native' },
    );
    const checks = report.findings.filter((f) => f.family === 'prometheus_http_request_duration_seconds');
    expect(checks.map((finding) => finding.check)).toContain('classic-and-native');
    expect(report.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(code).toBe(0);
  });
});
