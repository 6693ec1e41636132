import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { AdviseFileError } from '../../advise/AdviseFileError.js';
import { parseAdviceFile } from '../../advise/adviceFile.js';
import { instrumentName } from '../../advise/snippets.js';
import { AGGREGATIONS, type HistogramAggregation } from '../../apps/logfire/LogfireRecorder.js';
import {
  APPS,
  type AppChoice,
  DEFAULT_INSTANCE_ID,
  defaultAggregation,
  type RunOptions,
  runApps,
  SDKS,
} from '../../apps/runApps.js';
import { DEFAULT_HOST, DEFAULT_OTLP_ENDPOINT, DEFAULT_OTLP_EXPONENTIAL_ENDPOINT } from '../../config/defaults.js';
import { DEFAULT_PORTS } from '../../config/ports.js';
import { UsageError } from '../../errors/UsageError.js';
import { BUCKET_LAYOUTS, type BucketChoice, type BucketLayout, HISTOGRAMS } from '../../metrics/definitions.js';
import { MAX_SEED } from '../../workload/SeededRandom.js';
import { SEED_RATE } from '../../workload/uploads.js';
import { layoutOrJsonFile, nonNegativeInteger, oneOf, port, positiveInteger, positiveNumber } from '../parsers.js';
import { checkOutputFile } from '../pathFlags.js';

/**
 * `--buckets`: a named layout, or advise's JSON, whose entries are matched to the demo's metrics
 * by instrument name (advise may have read them as `logfire_native_...` from Prometheus).
 */
async function bucketChoice(raw: string): Promise<BucketChoice> {
  if ((BUCKET_LAYOUTS as readonly string[]).includes(raw)) return raw as BucketLayout;
  let text: string;
  try {
    text = await readFile(raw, 'utf8');
  } catch (error) {
    throw new UsageError(`--buckets: cannot read "${raw}": ${(error as Error).message}`, { cause: error });
  }
  let advised: Map<string, number[]>;
  try {
    advised = parseAdviceFile(text, raw);
  } catch (error) {
    if (error instanceof AdviseFileError) throw new UsageError(`--buckets ${error.message}`, { cause: error });
    throw error;
  }
  const boundaries = new Map<string, number[]>();
  for (const [metric, bounds] of advised) boundaries.set(instrumentName(metric), bounds);
  if (!HISTOGRAMS.some((metric) => boundaries.has(metric.name))) {
    throw new UsageError(
      `--buckets ${raw} advises none of the demo's histograms (${HISTOGRAMS.map((metric) => metric.name).join(', ')})`,
    );
  }
  return { source: raw, boundaries };
}

export function runCommand(): Command {
  return new Command('run')
    .description('run the Logfire app, the direct prom-client app, or both side by side on one seeded workload')
    .argument('[app]', `which app: ${APPS.join(', ')}`, oneOf('app', APPS), 'both')
    .option(
      '--seed <n>',
      'workload seed: the same seed gives the same uploads',
      nonNegativeInteger('--seed', MAX_SEED),
      42,
    )
    .option('--count <n>', 'record N uploads as fast as possible, flush, then exit', positiveInteger('--count'))
    .option(
      '--rate <n>',
      `uploads per second in real time (default ${SEED_RATE}, the seed's pace)`,
      positiveNumber('--rate'),
    )
    .option('--stay', 'with --count: stay up after recording so Prometheus can scrape', false)
    .option('--observations <file>', 'write every recorded upload (file_type,bytes,seconds) as CSV')
    .option('--port <n>', 'direct app: port of /metrics', port('--port'), DEFAULT_PORTS.directApp)
    .option('--host <addr>', 'direct app: address to listen on (0.0.0.0 for Docker)', DEFAULT_HOST)
    .option(
      '--otlp-endpoint <url>',
      `Logfire app: OTLP/HTTP base URL (default $OTEL_EXPORTER_OTLP_ENDPOINT or ${DEFAULT_OTLP_ENDPOINT})`,
    )
    .option(
      '--otlp-exponential-endpoint <url>',
      `Logfire app: OTLP/HTTP base URL for exponential histograms (default ${DEFAULT_OTLP_EXPONENTIAL_ENDPOINT})`,
    )
    .option(
      '--prometheus-otlp-endpoint <url>',
      "Logfire app: also send exponential histograms straight to Prometheus' OTLP receiver, no collector (base URL, e.g. http://localhost:9090/api/v1/otlp)",
    )
    .option(
      '--sdk <sdk>',
      `which SDKs record: ${SDKS.join(', ')} (the seed's logfire and prometheus_client)`,
      oneOf('--sdk', SDKS),
      'node',
    )
    .option(
      '--instance-id <id>',
      'Logfire app: service.instance.id, stable across restarts; give concurrent Logfire apps distinct ids',
      DEFAULT_INSTANCE_ID,
    )
    .option(
      '--buckets <layout>',
      `bucket layout: ${BUCKET_LAYOUTS.join(', ')}, or a FILE.json written by advise --out`,
      layoutOrJsonFile('--buckets', BUCKET_LAYOUTS),
      'seed',
    )
    .option(
      '--aggregation <kind>',
      `Logfire app histograms: ${AGGREGATIONS.join(', ')} (exponential goes to --otlp-exponential-endpoint; default: each SDK's own, explicit for node, exponential for python)`,
      oneOf('--aggregation', AGGREGATIONS),
    )
    .action(
      async (
        app: AppChoice,
        options: Omit<RunOptions, 'buckets' | 'aggregation'> & { buckets: string; aggregation?: HistogramAggregation },
      ) => {
        // Every flag is checked before an app starts: a bad path must not cost a run.
        const buckets = await bucketChoice(options.buckets);
        if (options.observations) await checkOutputFile('--observations', options.observations);
        await runApps(app, {
          ...options,
          buckets,
          aggregation: options.aggregation ?? defaultAggregation(options.sdk),
        });
      },
    );
}
