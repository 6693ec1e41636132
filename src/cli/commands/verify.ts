import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { parseHttpUrl } from '../../config/env.js';
import { DEFAULT_PORTS } from '../../config/ports.js';
import { UsageError } from '../../errors/UsageError.js';
import { HISTOGRAMS } from '../../metrics/definitions.js';
import { PipelineTemplateError } from '../../pipelines/PipelineTemplateError.js';
import { DEMO_PIPELINES, type Pipeline, parsePipeline, seriesSelector } from '../../pipelines/registry.js';
import { isLegacyMetricName } from '../../prometheus/names.js';
import { PrometheusClient } from '../../prometheus/PrometheusClient.js';
import { terminalJson, terminalText } from '../../text/terminal.js';
import { unitOfName, type VerifyMetric } from '../../verify/collect.js';
import { NotAHistogramError } from '../../verify/NotAHistogramError.js';
import { renderHtml } from '../../verify/renderHtml.js';
import { renderVerifyText } from '../../verify/renderText.js';
import type { VerifyReport } from '../../verify/report.js';
import { TruthFileError } from '../../verify/TruthFileError.js';
import { DEMO_TRUTH_COLUMNS, readTruth, seedTruth, type Truth } from '../../verify/truth.js';
import { verify } from '../../verify/verify.js';
import { MAX_SEED } from '../../workload/SeededRandom.js';
import { nonNegativeInteger } from '../parsers.js';
import { checkOutputFile } from '../pathFlags.js';

interface VerifyCommandOptions {
  prometheusUrl: string;
  pipeline: Pipeline[];
  metric: MetricFlag[];
  truth?: string;
  observations?: string;
  json?: boolean;
  html?: string;
  require?: string[];
  seed: number;
  summary?: boolean;
  maxScopes: number;
  threshold: ThresholdFlag[];
}

interface ThresholdFlag {
  readonly metric: string;
  readonly value: number;
}

/** Label values checked one by one per metric by default: the demo has 5, a user's file may have thousands. */
const DEFAULT_MAX_SCOPES = 100;

/** The line that says which label values got no table of their own. */
function leftOutLines(report: VerifyReport, maxScopes: number): string {
  return (report.scopesLeftOut ?? [])
    .map(
      (left) =>
        `\nnote: ${left.metric}: ${left.count} more label values (the first: ${left.first}) are not checked one by one ` +
        `(--max-scopes ${maxScopes}); the all-series table counts them\n`,
    )
    .join('');
}

interface MetricFlag {
  readonly name: string;
  readonly column?: string;
}

function collectPipeline(raw: string, previous: Pipeline[]): Pipeline[] {
  try {
    const pipeline = parsePipeline(raw);
    if (previous.some((other) => other.name === pipeline.name)) {
      throw new InvalidArgumentError(`--pipeline names "${pipeline.name}" twice`);
    }
    return [...previous, pipeline];
  } catch (error) {
    if (error instanceof PipelineTemplateError) {
      throw new InvalidArgumentError(`--pipeline ${error.message}`);
    }
    throw error;
  }
}

function collectMetric(raw: string, previous: MetricFlag[]): MetricFlag[] {
  const [name = '', column] = raw.split('=', 2).map((part) => part.trim());
  if (!isLegacyMetricName(name) || column === '') {
    throw new InvalidArgumentError(
      `--metric must be NAME or NAME=COLUMN with NAME a metric name, e.g. request_latency_seconds=latency; got "${raw}"`,
    );
  }
  return [...previous, column === undefined ? { name } : { name, column }];
}

function collectThreshold(raw: string, previous: ThresholdFlag[]): ThresholdFlag[] {
  const at = raw.lastIndexOf('=');
  const metric = raw.slice(0, Math.max(0, at)).trim();
  const value = raw.slice(at + 1).trim();
  const number = Number(value);
  if (at < 0 || !isLegacyMetricName(metric) || value === '' || !Number.isFinite(number)) {
    throw new InvalidArgumentError(
      `--threshold must be METRIC=VALUE with VALUE a finite number, e.g. request_latency_seconds=0.5; got "${raw}"`,
    );
  }
  return [...previous, { metric, value: number }];
}

/** Each metric with the thresholds given for it; a threshold of a metric not verified is a mistake to name. */
function withThresholds(metrics: readonly VerifyMetric[], thresholds: readonly ThresholdFlag[]): VerifyMetric[] {
  const unknown = thresholds.find((threshold) => !metrics.some((metric) => metric.name === threshold.metric));
  if (unknown) {
    throw new UsageError(
      `--threshold ${unknown.metric}=${unknown.value}: ${unknown.metric} is not among the metrics verified ` +
        `(${metrics.map((metric) => metric.name).join(', ')}); add --metric ${unknown.metric}`,
    );
  }
  return metrics.map((metric) => {
    const values = [...new Set(thresholds.filter((t) => t.metric === metric.name).map((t) => t.value))];
    return values.length > 0 ? { ...metric, thresholds: values } : metric;
  });
}

function nameList(raw: string): string[] {
  return raw.split(',').map((name) => name.trim());
}

/** The demo's own metrics map to the demo's truth columns: the observations file maps itself. */
function toVerifyMetric(flag: MetricFlag): VerifyMetric {
  const demo = HISTOGRAMS.find((metric) => metric.name === flag.name);
  const column = flag.column ?? (demo ? DEMO_TRUTH_COLUMNS[demo.unit] : undefined);
  return { name: flag.name, unit: demo?.unit ?? unitOfName(flag.name), ...(column ? { column } : {}) };
}

async function truthOf(options: VerifyCommandOptions, metrics: readonly VerifyMetric[]): Promise<Truth | undefined> {
  const file = options.truth ?? options.observations;
  if (file) {
    try {
      return await readTruth(
        file,
        metrics.map((metric) => metric.column ?? metric.name),
      );
    } catch (error) {
      if (error instanceof TruthFileError) {
        throw new UsageError(`--truth ${error.message} (map a metric to a column with --metric NAME=COLUMN)`, {
          cause: error,
        });
      }
      throw error;
    }
  }
  // The demo's metrics without a file: the seeded stream the apps record is the truth.
  const demoOnly = metrics.every((metric) => HISTOGRAMS.some((demo) => demo.name === metric.name));
  return demoOnly ? seedTruth(options.seed) : undefined;
}

export function verifyCommand(): Command {
  return new Command('verify')
    .description(
      'compare histogram pipelines in Prometheus (classic or native), and each quantile estimate with its guaranteed interval and the exact truth',
    )
    .option('--prometheus-url <url>', 'Prometheus base URL', `http://127.0.0.1:${DEFAULT_PORTS.prometheus}`)
    .option(
      '--pipeline <NAME=TEMPLATE>',
      'a pipeline, repeatable: a series selector where $metric is the metric name, e.g. direct=$metric{job="direct-app"} (default: the demo preset)',
      collectPipeline,
      [],
    )
    .option(
      '--metric <NAME[=COLUMN]>',
      "a histogram's base name, repeatable; =COLUMN maps it to a column of the truth file (default: the demo's two histograms)",
      collectMetric,
      [],
    )
    .option(
      '--truth <file>',
      'CSV of the recorded values in recording order (numeric columns mapped by --metric, the others labels)',
    )
    .option('--observations <file>', 'alias of --truth (the file `run --observations` writes)')
    .option(
      '--seed <n>',
      "the demo's metrics without --truth: the run's seed, whose upload stream is the exact truth",
      nonNegativeInteger('--seed', MAX_SEED),
      42,
    )
    .option(
      '--require <pipelines>',
      'pipelines that must be present, comma-separated (default: logfire,direct for the demo preset, else every --pipeline)',
      nameList,
    )
    .option(
      '--threshold <METRIC=VALUE>',
      'the SLO question, repeatable: the share of observations at or below VALUE per pipeline and scope (histogram_fraction), its guaranteed interval and the exact share, e.g. request_latency_seconds=0.5',
      collectThreshold,
      [],
    )
    .option('--json', 'print the report as JSON instead of the table')
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .option('--summary', 'print only the all-series tables (the JSON and HTML keep everything)')
    .option(
      '--max-scopes <n>',
      'label values checked one by one per metric, each with its table and charts; the rest count in all series',
      nonNegativeInteger('--max-scopes', 1_000_000),
      DEFAULT_MAX_SCOPES,
    )
    .action(async (options: VerifyCommandOptions) => {
      parseHttpUrl(options.prometheusUrl, '--prometheus-url');
      if (options.html) await checkOutputFile('--html', options.html);
      if (options.truth && options.observations) {
        throw new UsageError('--truth and --observations name the same file: give one of them');
      }
      const pipelines = options.pipeline.length > 0 ? options.pipeline : DEMO_PIPELINES;
      const metrics = withThresholds(
        (options.metric.length > 0 ? options.metric : HISTOGRAMS.map((metric) => ({ name: metric.name }))).map(
          toVerifyMetric,
        ),
        options.threshold,
      );
      for (const pipeline of pipelines) {
        for (const metric of metrics) {
          try {
            seriesSelector(pipeline, metric.name, '_bucket');
          } catch (error) {
            if (error instanceof PipelineTemplateError)
              throw new UsageError(`--pipeline ${pipeline.name}: ${error.reason}`);
            throw error;
          }
        }
      }
      const required =
        options.require ?? (options.pipeline.length > 0 ? pipelines.map((p) => p.name) : ['logfire', 'direct']);
      const unknown = required.filter((name) => !pipelines.some((pipeline) => pipeline.name === name));
      if (unknown.length > 0) {
        throw new UsageError(
          `--require must list pipelines among ${pipelines.map((pipeline) => pipeline.name).join(', ')}, got "${unknown.join(', ')}"`,
        );
      }
      const truth = await truthOf(options, metrics);
      const report = await verify(new PrometheusClient(options.prometheusUrl), {
        pipelines,
        metrics,
        required,
        truth,
        maxScopes: options.maxScopes,
      }).catch((error: unknown) => {
        if (error instanceof NotAHistogramError) {
          throw new UsageError(
            `--metric ${error.message}: give the base name of a histogram (NAME of NAME_bucket, or of a native histogram)`,
            { cause: error },
          );
        }
        throw error;
      });
      if (options.html) {
        await writeFile(options.html, await renderHtml(report));
      }
      // Names and label values come from the server and the truth file: never raw to a terminal.
      process.stdout.write(
        options.json
          ? terminalJson(`${JSON.stringify(report, null, 2)}\n`)
          : terminalText(
              renderVerifyText(report, { scopes: options.summary ? 'all' : 'every' }) +
                leftOutLines(report, options.maxScopes),
            ),
      );
      if (options.html && !options.json) console.log(`HTML report: ${options.html}`);
      if (report.verdict !== 'agree') process.exitCode = 1;
    });
}
