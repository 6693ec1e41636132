import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FamilySummary, Finding } from '../../src/doctor/types.js';
import { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';
import { type RunningCli, runCli, startCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import {
  type FixtureServer,
  type Fixtures,
  startFixtures,
  startUtf8Exporter,
  UTF8_FAMILIES,
  writePrometheusConfig,
} from './doctorFixtures.js';
import { eventually, startTestStack, type TestStack } from './nativeStack.js';

const COUNT = 2000;

interface DoctorJson {
  families: FamilySummary[];
  findings: Finding[];
}

/**
 * The demo's own Prometheus config (protobuf scrape of the collector) plus one job for the test's
 * fixture apps; the Logfire app sends exponential histograms to the collector's MAIN receiver.
 */
describe('doctor on the demo stack over protobuf, with fixture apps that make every mistake', () => {
  let stack: TestStack;
  let fixtures: Fixtures;
  let utf8: FixtureServer;
  let logfire: RunningCli;
  let folder: string;

  async function doctor(...args: string[]): Promise<{ code: number | null; report: DoctorJson; stderr: string }> {
    const result = await runCli(['doctor', '--prometheus-url', stack.prometheusUrl, '--json', ...args]);
    return { code: result.code, report: JSON.parse(result.stdout || '{}') as DoctorJson, stderr: result.stderr };
  }

  const findingsOf = (report: DoctorJson, family: string) =>
    report.findings.filter((finding) => finding.family === family).map((finding) => finding.check);

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'histogram-demo-doctor-'));
    const ports = [await freePort(), await freePort(), await freePort()] as const;
    fixtures = await startFixtures(ports);
    utf8 = await startUtf8Exporter(await freePort());
    const config = join(folder, 'prometheus.yml');
    await writePrometheusConfig(config, (jobs) => [
      ...jobs,
      {
        job_name: 'doctor-fixtures',
        scrape_interval: '1s',
        static_configs: [{ targets: ports.map((port) => `127.0.0.1:${port}`) }],
      },
      {
        // Prometheus 3's UTF-8 names, said explicitly: validated as UTF-8, asked for unescaped, in text format 1.0.0.
        job_name: 'doctor-utf8',
        scrape_interval: '1s',
        scrape_protocols: ['PrometheusText1.0.0'],
        metric_name_validation_scheme: 'utf8',
        metric_name_escaping_scheme: 'allow-utf-8',
        static_configs: [{ targets: [`127.0.0.1:${utf8.port}`] }],
      },
    ]);
    stack = await startTestStack(['--prometheus-config', config]);
    logfire = startCli(
      [
        'run',
        'logfire',
        '--aggregation',
        'exponential',
        '--count',
        String(COUNT),
        '--stay',
        ...stack.appArgs,
        // The last value of a flag wins: exponential histograms go to the main receiver, as the Python SDK sends them.
        '--otlp-exponential-endpoint',
        stack.otlpEndpoint,
      ],
      { env: { OTEL_METRIC_EXPORT_INTERVAL: '1000' } },
    );
    await logfire.waitFor('Staying up');
    const prometheus = new PrometheusClient(stack.prometheusUrl);
    let held = '';
    const ready = await eventually(async () => {
      const natives = await prometheus.value('sum(histogram_count(logfire_uploaded_file_bytes))');
      const legacy = await prometheus.query('count_over_time(legacy_latency_seconds_count[1m])');
      const utf8Names = await prometheus.labelValues('__name__', ['{job="doctor-utf8"}']);
      held = `${natives} exponential observations, ${legacy.map((sample) => sample.value).join('/')} fixture scrapes, UTF-8 job's names ${utf8Names.join(', ')}`;
      return (
        natives === COUNT &&
        legacy.length === 3 &&
        legacy.every((sample) => sample.value >= 3) &&
        UTF8_FAMILIES.every((family) => utf8Names.includes(`${family}_bucket`))
      );
    }, 90_000);
    if (!ready) throw new Error(`Prometheus never held the exponential histograms and the fixture scrapes: ${held}`);
  }, 1_300_000);

  afterAll(async () => {
    await logfire?.stop();
    await fixtures?.close();
    await utf8?.close();
    await stack?.down();
    await rm(folder, { recursive: true, force: true });
  });

  it('finds the exponential histograms sent to the main receiver as native, with no warning or error', async () => {
    const { code, report } = await doctor('--match', '{__name__=~"logfire_.*"}', '--fail-on', 'warning');
    const uploads = report.families.filter((family) => !family.name.includes('v8js'));
    expect(uploads.map((family) => [family.name, family.kind])).toEqual([
      ['logfire_http_request_duration_seconds', 'native'],
      ['logfire_uploaded_file_bytes', 'native'],
    ]);
    expect(uploads.every((family) => family.observations === COUNT)).toBe(true);
    expect(report.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
    expect(code).toBe(0);
  });

  it('names the minority layout when two instances of one app use different buckets', async () => {
    const { report } = await doctor('--match', 'checkout_duration_seconds');
    const [mismatch] = report.findings.filter((finding) => finding.check === 'layout-mismatch');
    expect(mismatch?.labels).toEqual([
      { instance: `127.0.0.1:${fixtures.servers[1]?.port}`, job: 'doctor-fixtures', route: 'cart' },
    ]);
    expect(report.families[0]).toMatchObject({ kind: 'classic', series: 3, layouts: 2 });
  });

  it('finds a seconds metric recorded in milliseconds, and millisecond buckets under a seconds name', async () => {
    const { report } = await doctor('--match', '{job="doctor-fixtures"}');
    expect(findingsOf(report, 'job_duration_seconds')).toEqual(expect.arrayContaining(['unit-scale', 'inf-share']));
    // Observations 104, 108, ..., 900 "seconds": mean 502, all of them above 10.
    expect(
      report.findings.find((f) => f.family === 'job_duration_seconds' && f.check === 'unit-scale')?.evidence,
    ).toMatchObject({ mean: 502, shareAboveLastBound: 1 });
    expect(findingsOf(report, 'render_seconds')).toContain('unit-scale');
    expect(findingsOf(report, 'payload_bytes_bytes')).toContain('duplicated-unit-suffix');
    // 100 tenants x (10 buckets + +Inf + _count + _sum).
    expect(report.findings.find((f) => f.check === 'cardinality')).toMatchObject({
      family: 'tenant_request_seconds',
      evidence: { classicSeries: 1300, nativeSeries: 100 },
    });
  });

  it('reads a hand-written exposition: le spellings kept, no _sum, buckets not cumulative, no +Inf', async () => {
    const { code, report } = await doctor('--match', '{job="doctor-fixtures"}');
    expect(findingsOf(report, 'legacy_latency_seconds')).toEqual(
      expect.arrayContaining(['le-spelling', 'missing-sum', 'promql-annotation']),
    );
    const annotation = report.findings.find((f) => f.check === 'promql-annotation');
    expect(annotation).toMatchObject({ severity: 'info', family: 'legacy_latency_seconds' });
    expect(annotation?.message).toContain('monotonic');
    expect(report.findings.find((f) => f.check === 'le-spelling')?.labels).toEqual([
      { instance: `127.0.0.1:${fixtures.servers[2]?.port}`, job: 'doctor-fixtures', shard: 'a' },
    ]);
    expect(findingsOf(report, 'orphan_seconds')).toContain('no-inf-bucket');
    expect(code).toBe(1);
  });

  it('audits every name Prometheus 3 allows (dotted, parenthesised, quoted, beyond ASCII), skipping none', async () => {
    const { code, report, stderr } = await doctor('--match', '{job="doctor-utf8"}');
    expect(stderr).toBe('');
    // By hand from the exposition: one series each, buckets 0.5 and 1 plus +Inf, _count and _sum, 4 observations.
    expect(report.families.map((family) => family.name)).toEqual([...UTF8_FAMILIES].sort());
    for (const family of report.families) {
      expect(family, family.name).toMatchObject({
        kind: 'classic',
        series: 1,
        classicSeries: 5,
        bucketsPerSeries: 2,
        observations: 4,
      });
    }
    // A quarter of the observations above the last bound (1 of 4): every family, whatever its name, says so.
    expect(
      report.findings
        .filter((finding) => finding.check === 'inf-share')
        .map((finding) => finding.family)
        .sort(),
    ).toEqual([...UTF8_FAMILIES].sort());
    expect(code).toBe(report.findings.some((finding) => finding.severity === 'error') ? 1 : 0);
  });

  it('picks a dotted family by its quoted name, and one with parentheses by __name__', async () => {
    const dotted = await doctor('--match', '{"http.server.request.duration_seconds", "http.request.method"="GET"}');
    expect(dotted.stderr).toBe('');
    expect(dotted.report.families.map((family) => family.name)).toEqual(['http.server.request.duration_seconds']);
    const parenthesised = await doctor('--match', '{__name__="queue(wait)_seconds_bucket"}');
    expect(parenthesised.report.families.map((family) => family.name)).toEqual(['queue(wait)_seconds']);
  });

  it('completes the audit of the whole server with those names on it', async () => {
    const { code, report, stderr } = await doctor();
    expect(stderr).toBe('');
    const names = report.families.map((family) => family.name);
    expect(names).toEqual(
      expect.arrayContaining([...UTF8_FAMILIES, 'checkout_duration_seconds', 'legacy_latency_seconds']),
    );
    // Exit 1 (README's table: findings at --fail-on) only for the error findings the other fixtures make.
    expect(code).toBe(report.findings.some((finding) => finding.severity === 'error') ? 1 : 0);
  });

  it('prints those names in the text report with the bidi override escaped', async () => {
    const result = await runCli(['doctor', '--prometheus-url', stack.prometheusUrl, '--match', '{job="doctor-utf8"}']);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('\u202e');
    const rows = result.stdout.split('\n').filter((line) => / classic {2}1 {7}5 /.test(line));
    expect(rows.map((row) => row.split(/ {2,}/)[0])).toEqual([
      'http.server.request.duration_seconds',
      'latência_do_pedido_seconds',
      'ordinary_request_seconds',
      'queue(wait)_seconds',
      'reversed\\u{202e}_seconds',
      'say"hi"_seconds',
    ]);
    expect(result.stdout).toContain('WARNING reversed\\u{202e}_seconds  [inf-share]');
  });

  it("reads Prometheus' own histograms, and finds its native-only ones reduced to +Inf by the text scrape", async () => {
    const { code, report, stderr } = await doctor('--match', '{job="prometheus"}');
    expect(stderr).toBe('');
    const own = report.families.find((family) => family.name === 'prometheus_http_request_duration_seconds');
    expect(own).toMatchObject({ kind: 'classic' });
    expect(own?.series).toBeGreaterThan(0);
    // Prometheus defines a few histograms as native only (e.g. its scrape durations): the demo's job scrapes it
    // as text, so they keep nothing but +Inf. Over protobuf they are whole (doctorTextScrape.test.ts).
    const errors = report.findings.filter((finding) => finding.severity === 'error');
    expect(errors.map((finding) => finding.check)).toEqual(errors.map(() => 'inf-only'));
    expect(errors.map((finding) => finding.family)).toContain('prometheus_target_scrape_duration_seconds');
    expect(code).toBe(errors.length > 0 ? 1 : 0);
  });

  it('prints a table and the findings without --json, and exits 1 on --fail-on warning', async () => {
    const result = await runCli([
      'doctor',
      '--prometheus-url',
      stack.prometheusUrl,
      '--match',
      'checkout_duration_seconds',
      '--fail-on',
      'warning',
    ]);
    expect(result.stdout).toContain('WARNING checkout_duration_seconds  [layout-mismatch]');
    expect(result.code).toBe(1);
  });

  it.each([
    [['--fail-on', 'fatal'], '--fail-on must be one of info, warning, error, got "fatal"'],
    [['--max-error', 'ten'], '--max-error must be a positive percentage such as 10, got "ten"'],
    [['--match', '{job=api}'], '--match selector "{job=api}": "job=api" is not a label matcher such as job="api"'],
  ])('refuses %j in one line with exit code 2', async (args, message) => {
    const result = await runCli(['doctor', '--prometheus-url', stack.prometheusUrl, ...args]);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
  });

  it('says in one line that a server is down, exit code 1 as verify', async () => {
    const result = await runCli(['doctor', '--prometheus-url', `http://127.0.0.1:${await freePort()}`]);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('cannot reach Prometheus');
    expect(result.code).toBe(1);
  });
});
