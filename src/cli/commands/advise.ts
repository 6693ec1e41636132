import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { formatAdviceFile } from '../../advise/adviceFile.js';
import {
  type AdviseInput,
  type AdviseObjective,
  adviseMetric,
  DEFAULT_OBJECTIVE,
  type MetricAdvice,
} from '../../advise/advise.js';
import { renderAdvice } from '../../advise/format.js';
import { inputFromPrometheus, NoDataError } from '../../advise/fromPrometheus.js';
import { Reference } from '../../advise/Reference.js';
import { instrumentName } from '../../advise/snippets.js';
import { parseHttpUrl } from '../../config/env.js';
import { DEFAULT_PORTS } from '../../config/ports.js';
import { DemoError } from '../../errors/DemoError.js';
import { UsageError } from '../../errors/UsageError.js';
import { HISTOGRAMS } from '../../metrics/definitions.js';
import { isLegacyMetricName } from '../../prometheus/names.js';
import { PrometheusClient } from '../../prometheus/PrometheusClient.js';
import { TruthFileError } from '../../verify/TruthFileError.js';
import { readTruth, type Truth } from '../../verify/truth.js';
import { duration, positiveInteger, positiveNumber, quantileList, repeatable } from '../parsers.js';
import { checkOutputFile } from '../pathFlags.js';

interface AdviseCommandOptions {
  truth?: string;
  metric?: string[];
  prometheusUrl: string;
  range: number;
  windows: number;
  buckets: number;
  quantiles: number[];
  threshold?: number[];
  nice: boolean;
  json?: boolean;
  out?: string;
}

/**
 * With --truth and no --metric: the demo's two histograms from an observations file, whose
 * columns are named after the metrics' units (file_type,bytes,seconds).
 */
const DEMO_COLUMNS = HISTOGRAMS.map((metric) => `${metric.name}=${metric.unit}`);

/** The demo's layout for a metric of the demo (under any pipeline's name): the current one. */
function demoLayout(metric: string): readonly number[] | undefined {
  return HISTOGRAMS.find((definition) => definition.name === instrumentName(metric))?.boundaries.seed;
}

/** `--truth`: the file read as verify reads it; each `--metric NAME=COLUMN` is one column, in row order. */
async function truthInputs(file: string, specs: readonly string[], windows: number): Promise<AdviseInput[]> {
  const parsed = specs.map((spec) => {
    const [metric, column] = spec.split('=').map((part) => part.trim());
    if (!metric || !column || !isLegacyMetricName(metric)) {
      throw new UsageError(`--metric with --truth takes NAME=COLUMN, e.g. api_latency_seconds=seconds; got "${spec}"`);
    }
    return { metric, column };
  });
  let truth: Truth;
  try {
    truth = await readTruth(
      file,
      parsed.map((entry) => entry.column),
    );
  } catch (error) {
    if (error instanceof TruthFileError) throw new UsageError(`--truth ${error.message}`, { cause: error });
    throw error;
  }
  return parsed.map(({ metric, column }) => {
    const values = truth.first(column, Number.POSITIVE_INFINITY).map((row) => row.values[column] as number);
    if (values.length === 0) throw new UsageError(`--truth ${file}: column "${column}" holds no values`);
    const current = demoLayout(metric);
    return {
      metric,
      reference: Reference.fromValues(values, windows),
      source: `column "${column}" of ${file}`,
      ...(current ? { current } : {}),
    };
  });
}

function prometheusInputs(options: AdviseCommandOptions): Promise<AdviseInput[]> {
  const specs = options.metric ?? [];
  if (specs.length === 0) {
    throw new UsageError('advise needs --truth FILE or --metric NAME (a histogram in Prometheus); see advise --help');
  }
  parseHttpUrl(options.prometheusUrl, '--prometheus-url');
  const client = new PrometheusClient(options.prometheusUrl);
  const end = Date.now() / 1000;
  return Promise.all(
    specs.map(async (metric) => {
      if (!isLegacyMetricName(metric)) throw new UsageError(`--metric must be a metric name, got "${metric}"`);
      const input = await inputFromPrometheus(client, {
        metric,
        rangeSeconds: options.range,
        windows: options.windows,
        quantiles: options.quantiles,
        end,
      });
      const current = input.current ?? demoLayout(metric);
      return current ? { ...input, current } : input;
    }),
  );
}

function checkObjective(objective: AdviseObjective): void {
  if (objective.thresholds.length > objective.buckets) {
    throw new UsageError(
      `--threshold given ${objective.thresholds.length} times, more than --buckets ${objective.buckets}: raise --buckets`,
    );
  }
}

export function adviseCommand(): Command {
  return new Command('advise')
    .description('advise bucket boundaries for a budget of N buckets, from real data, with predicted quantile errors')
    .option('--truth <file>', 'a CSV of observations (run --observations writes one), rows in time order')
    .option(
      '--metric <spec>',
      'with --truth: NAME=COLUMN (default: the demo metrics from an observations file); else a histogram in Prometheus (repeatable)',
      repeatable((raw: string) => raw),
    )
    .addOption(
      new Option('--prometheus-url <url>', 'Prometheus base URL, to read --metric from')
        .default(`http://127.0.0.1:${DEFAULT_PORTS.prometheus}`)
        .conflicts('truth'),
    )
    .addOption(
      new Option('--range <duration>', 'with --prometheus-url: how far back to read (30m, 1h, 7d)')
        .argParser(duration('--range'))
        .default(3600, '1h')
        .conflicts('truth'),
    )
    .option('--windows <n>', 'time windows the layout must fit, each on its own', positiveInteger('--windows'), 4)
    .option('--buckets <n>', 'finite boundaries to advise', positiveInteger('--buckets'), DEFAULT_OBJECTIVE.buckets)
    .option('--quantiles <list>', 'target quantiles, comma-separated', quantileList('--quantiles'), [
      ...DEFAULT_OBJECTIVE.quantiles,
    ])
    .option(
      '--threshold <value>',
      'a value that must be a boundary, e.g. an SLO target (repeatable)',
      repeatable(positiveNumber('--threshold')),
    )
    .option('--no-nice', 'boundaries on a fine grid instead of the nice 1-2-2.5-5 steps')
    .option('--json', 'print {"metrics": [{"metric", "boundaries", "predicted"}]} instead of the report')
    .option('--out <file>', 'also write that JSON to a file (for run --buckets FILE)')
    .action(async (options: AdviseCommandOptions) => {
      const objective: AdviseObjective = {
        buckets: options.buckets,
        quantiles: options.quantiles,
        thresholds: [...new Set(options.threshold ?? [])].sort((a, b) => a - b),
        nice: options.nice,
      };
      checkObjective(objective);
      if (options.out) await checkOutputFile('--out', options.out);
      let advice: MetricAdvice[];
      try {
        const inputs = options.truth
          ? await truthInputs(options.truth, options.metric ?? DEMO_COLUMNS, options.windows)
          : await prometheusInputs(options);
        advice = inputs.map((input) => adviseMetric(input, objective));
      } catch (error) {
        if (error instanceof NoDataError) {
          throw new DemoError(
            `${error.message} at ${options.prometheusUrl}: check the name (a histogram's, without _bucket) or widen --range`,
            { cause: error },
          );
        }
        throw error;
      }
      const json = formatAdviceFile(advice);
      if (options.out) {
        try {
          await writeFile(options.out, json);
        } catch (error) {
          throw new UsageError(`--out: cannot write "${options.out}": ${(error as Error).message}`, { cause: error });
        }
      }
      process.stdout.write(options.json ? json : renderAdvice(advice));
      if (options.out && !options.json)
        console.log(`\nAdvice written to ${options.out}: run --buckets ${options.out} uses it`);
    });
}
