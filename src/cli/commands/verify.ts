import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { DEFAULT_PORTS } from '../../config/defaults.js';
import { parseHttpUrl } from '../../config/env.js';
import { UsageError } from '../../errors/UsageError.js';
import { PrometheusClient } from '../../verify/PrometheusClient.js';
import { PIPELINE_IDS, type PipelineId } from '../../verify/pipelines.js';
import { renderHtml } from '../../verify/renderHtml.js';
import { renderText } from '../../verify/renderText.js';
import { type Truth, verify } from '../../verify/verify.js';
import { readObservations } from '../../workload/observations.js';
import { MAX_SEED } from '../../workload/SeededRandom.js';
import { nonNegativeInteger } from '../parsers.js';

interface VerifyCommandOptions {
  prometheusUrl: string;
  observations?: string;
  json?: boolean;
  html?: string;
  require: PipelineId[];
  seed: number;
  summary?: boolean;
}

function pipelineList(raw: string): PipelineId[] {
  const ids = raw.split(',').map((id) => id.trim());
  for (const id of ids) {
    if (!(PIPELINE_IDS as readonly string[]).includes(id)) {
      throw new UsageError(`--require must list pipelines among ${PIPELINE_IDS.join(', ')}, got "${id}"`);
    }
  }
  return ids as PipelineId[];
}

export function verifyCommand(): Command {
  return new Command('verify')
    .description('compare the pipelines in Prometheus bucket by bucket, and quantile estimates with the exact truth')
    .option('--prometheus-url <url>', 'Prometheus base URL', `http://127.0.0.1:${DEFAULT_PORTS.prometheus}`)
    .option('--observations <file>', "the run's observations CSV (run --observations): the exact truth")
    .option(
      '--seed <n>',
      "without --observations: the run's seed, whose upload stream is the exact truth",
      nonNegativeInteger('--seed', MAX_SEED),
      42,
    )
    .option('--require <pipelines>', `pipelines that must be present (${PIPELINE_IDS.join(',')})`, pipelineList, [
      'logfire',
      'direct',
    ])
    .option('--json', 'print the report as JSON instead of the table')
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .option('--summary', 'print only the all-file-types tables (the JSON and HTML keep everything)')
    .action(async (options: VerifyCommandOptions) => {
      parseHttpUrl(options.prometheusUrl, '--prometheus-url');
      const truth: Truth = options.observations
        ? { kind: 'observations', file: options.observations, uploads: await readObservations(options.observations) }
        : { kind: 'seed', seed: options.seed };
      const report = await verify(new PrometheusClient(options.prometheusUrl), { required: options.require, truth });
      if (options.html) {
        await writeFile(options.html, await renderHtml(report));
      }
      process.stdout.write(
        options.json
          ? `${JSON.stringify(report, null, 2)}\n`
          : renderText(report, { scopes: options.summary ? 'all' : 'every' }),
      );
      if (options.html && !options.json) console.log(`HTML report: ${options.html}`);
      if (report.verdict !== 'agree') process.exitCode = 1;
    });
}
