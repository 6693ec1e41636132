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
import { unitOfName, type VerifyMetric } from '../../verify/collect.js';
import { renderHtml } from '../../verify/renderHtml.js';
import { renderVerifyText } from '../../verify/renderText.js';
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
    .option('--json', 'print the report as JSON instead of the table')
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .option('--summary', 'print only the all-series tables (the JSON and HTML keep everything)')
    .action(async (options: VerifyCommandOptions) => {
      parseHttpUrl(options.prometheusUrl, '--prometheus-url');
      if (options.html) await checkOutputFile('--html', options.html);
      if (options.truth && options.observations) {
        throw new UsageError('--truth and --observations name the same file: give one of them');
      }
      const pipelines = options.pipeline.length > 0 ? options.pipeline : DEMO_PIPELINES;
      const metrics = (
        options.metric.length > 0 ? options.metric : HISTOGRAMS.map((metric) => ({ name: metric.name }))
      ).map(toVerifyMetric);
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
      const report = await verify(new PrometheusClient(options.prometheusUrl), { pipelines, metrics, required, truth });
      if (options.html) {
        await writeFile(options.html, await renderHtml(report));
      }
      process.stdout.write(
        options.json
          ? `${JSON.stringify(report, null, 2)}\n`
          : renderVerifyText(report, { scopes: options.summary ? 'all' : 'every' }),
      );
      if (options.html && !options.json) console.log(`HTML report: ${options.html}`);
      if (report.verdict !== 'agree') process.exitCode = 1;
    });
}
