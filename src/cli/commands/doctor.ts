import { Command, InvalidArgumentError, Option } from 'commander';
import { parseHttpUrl } from '../../config/env.js';
import { DEFAULT_PORTS } from '../../config/ports.js';
import { doctor } from '../../doctor/doctor.js';
import { MatchSelectorError } from '../../doctor/MatchSelectorError.js';
import { renderDoctorText } from '../../doctor/renderText.js';
import { EVERY_FAMILY, parseSelection } from '../../doctor/selection.js';
import { SEVERITIES, type Severity, severityRank } from '../../doctor/types.js';
import { UsageError } from '../../errors/UsageError.js';
import { PrometheusClient } from '../../prometheus/PrometheusClient.js';
import { PrometheusError } from '../../prometheus/PrometheusError.js';
import { oneOf } from '../parsers.js';

interface DoctorCommandOptions {
  prometheusUrl: string;
  match?: string;
  json?: boolean;
  failOn: Severity;
  maxError: number;
}

/** `--max-error 10` or `10%`: a percentage, kept as a fraction. */
function percentage(flag: string) {
  return (raw: string): number => {
    const value = Number(raw.trim().replace(/%$/, ''));
    if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
      throw new InvalidArgumentError(`${flag} must be a positive percentage such as 10, got "${raw}"`);
    }
    return value / 100;
  };
}

export function doctorCommand(): Command {
  return new Command('doctor')
    .description('audit every histogram family on a Prometheus-compatible server: layouts, units, +Inf, quantile error')
    .option(
      '--prometheus-url <url>',
      'Prometheus (or Thanos query) base URL',
      `http://127.0.0.1:${DEFAULT_PORTS.prometheus}`,
    )
    .option('--match <selector>', 'audit only these families/series, e.g. \'api_latency_seconds{job="api"}\'')
    .option('--json', 'print {"families": [...], "findings": [...]} instead of the report')
    .option(
      '--fail-on <severity>',
      `exit 1 when a finding is at least this severe (${SEVERITIES.join(', ')})`,
      oneOf('--fail-on', SEVERITIES),
      'error',
    )
    .addOption(
      new Option(
        '--max-error <pct>',
        'warn when histogram_quantile can be off by more than this many percent at p50, p90 or p99',
      )
        .argParser(percentage('--max-error'))
        .default(0.1, '10'),
    )
    .action(async (options: DoctorCommandOptions) => {
      parseHttpUrl(options.prometheusUrl, '--prometheus-url');
      let selection = EVERY_FAMILY;
      if (options.match !== undefined) {
        try {
          selection = parseSelection(options.match);
        } catch (error) {
          if (error instanceof MatchSelectorError) throw new UsageError(`--match ${error.message}`, { cause: error });
          throw error;
        }
      }
      let report: Awaited<ReturnType<typeof doctor>>;
      try {
        report = await doctor(new PrometheusClient(options.prometheusUrl), {
          selection,
          maxError: options.maxError,
          ...(options.match === undefined ? {} : { match: options.match }),
        });
      } catch (error) {
        // doctor cannot audit what it cannot read: a usage problem (wrong URL, server down), not a finding.
        if (error instanceof PrometheusError) throw new UsageError(error.message, { cause: error });
        throw error;
      }
      const text = options.json
        ? `${JSON.stringify({ families: report.families, findings: report.findings }, null, 2)}\n`
        : renderDoctorText(report);
      process.stdout.write(text);
      if (report.findings.some((finding) => severityRank(finding.severity) >= severityRank(options.failOn))) {
        process.exitCode = 1;
      }
    });
}
