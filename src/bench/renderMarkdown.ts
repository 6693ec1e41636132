import type { BenchResults } from './runBench.js';

/** A Markdown table: header row, separator, rows. */
function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const spread = (summary: { median: number; min: number; max: number }) =>
  `${summary.median} (${summary.min}-${summary.max})`;

const signedPercent = (value: number) => `${value > 0 ? '+' : ''}${value}%`;

/** Where and when the figures were measured: machine, load and time per section. */
function measuredOn(results: BenchResults): string {
  const { machine } = results;
  return (
    `Measured with \`${results.command}\` on ${results.startedAt.slice(0, 10)} (${results.durationS} s): ` +
    `${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}; ` +
    `1-minute load average ${machine.loadAverage.start} at the start, ${machine.loadAverage.end} at the end ` +
    `(seconds per section: ${Object.entries(results.sectionSeconds)
      .map(([section, seconds]) => `${section} ${seconds}`)
      .join(', ')}).`
  );
}

/** ns per record of each library, and where the Logfire app's meter spends its loop. */
function recordCostSections(cost: BenchResults['recordCost']): string[] {
  const parts = [
    `**Record cost**, ns per call (median, min-max over ${cost.rows[0]?.ns.rounds ?? 0} interleaved rounds of ` +
      `${cost.iterations.toLocaleString('en-US')} calls):\n\n${table(
        ['library', 'label values', 'ns per record', 'x prom-client'],
        cost.rows.map((row) => [row.library, row.labelValues, spread(row.ns), row.vsPromClient]),
      )}`,
  ];
  if (cost.profile.length > 0) {
    parts.push(
      `Where OTel explicit (the Logfire app's meter, 4 label values) spends the record loop (CPU profile, self time):\n\n${table(
        ['function', '% of loop'],
        cost.profile.map((entry) => [`\`${entry.function}\``, entry.percent]),
      )}`,
    );
  }
  return parts;
}

function freshnessSection(freshness: BenchResults['freshness']): string {
  return `**Freshness**, seconds from recording an upload to seeing it in a Prometheus query:\n\n${table(
    ['setting', 'pipeline', 'trials', 'median s', 'p95 s', 'target s', 'collector CPU %', 'Prometheus CPU %'],
    freshness.map((row) => [
      `${row.setting} (export ${row.exportIntervalS} s, scrape ${row.scrapeIntervalS} s)`,
      row.pipeline,
      row.trials,
      row.medianS,
      row.p95S,
      row.targetS,
      row.collectorCpuPercent,
      row.prometheusCpuPercent,
    ]),
  )}`;
}

function seriesSection(series: BenchResults['series']): string {
  return `**Series and storage** after the freshness run at the defaults (4 label values; bytes per sample from \`promtool tsdb analyze\` on a snapshot):\n\n${table(
    ['histogram', 'pipeline', 'representation', 'series', 'samples per chunk', 'bytes per chunk', 'bytes per sample'],
    series.map((row) => [
      row.metric,
      row.pipeline,
      row.representation,
      row.series,
      row.samplesPerChunk ?? '-',
      row.bytesPerChunk ?? '-',
      row.bytesPerSample ?? '-',
    ]),
  )}`;
}

function accuracySection(workload: BenchResults['accuracy'][number]): string {
  const quantiles = workload.pipelines[0]?.quantiles.map((entry) => entry.q) ?? [];
  return (
    `**Accuracy**, ${workload.workload} workload, ${workload.uploads.toLocaleString('en-US')} uploads, ${workload.metric}: ` +
    `error against the exact quantile interval (guaranteed bound in brackets; "unbounded" when the rank falls in +Inf):\n\n${table(
      ['pipeline', ...quantiles.map((q) => `p${q * 100}`)],
      workload.pipelines.map((pipeline) => [
        `${pipeline.pipeline} (${pipeline.representation})`,
        ...pipeline.quantiles.map(
          (entry) =>
            `${signedPercent(entry.errorPercent)} [${entry.boundPercent === null ? 'unbounded' : `±${entry.boundPercent}%`}]`,
        ),
      ]),
    )}`
  );
}

function scaleSection(scale: BenchResults['scale']): string {
  return `**Scale**, K Logfire apps (explicit and exponential) into one stack, costs over a steady window:\n\n${table(
    [
      'K',
      'uploads each',
      'collector CPU %',
      'Prometheus CPU %',
      'collector RSS MiB',
      'Prometheus RSS MiB',
      'series (logfire / native)',
      'sums exact',
    ],
    scale.map((row) => [
      row.instances,
      row.uploadsPerInstance,
      row.collectorCpuPercent,
      row.prometheusCpuPercent,
      row.collectorRssMiB,
      row.prometheusRssMiB,
      `${row.series.logfire ?? '-'} / ${row.series.native ?? '-'}`,
      row.verifyAgrees ? 'yes' : 'NO',
    ]),
  )}`;
}

function memorySection(memory: BenchResults['memory']): string {
  return `**Memory**, peak RSS MiB of each app after ${memory.observations.toLocaleString('en-US')} observations:\n\n${table(
    ['app', 'peak RSS MiB'],
    memory.rows.map((row) => [row.app, spread(row.peakRssMiB)]),
  )}`;
}

/** The README's benchmark block, generated from bench/results.json (test/readme.test.ts checks it). */
export function renderBenchMarkdown(results: BenchResults): string {
  const parts = [
    measuredOn(results),
    ...recordCostSections(results.recordCost),
    freshnessSection(results.freshness),
    seriesSection(results.series),
    ...results.accuracy.map(accuracySection),
    scaleSection(results.scale),
    memorySection(results.memory),
  ];
  return `${parts.join('\n\n')}\n`;
}

/** One first start, as scripts/time-to-first-data.sh records it in bench/first-start.json. */
export interface FirstStartRun {
  /** Seconds from `npm start` to all three pipelines' series in Prometheus. */
  readonly seconds: number;
  readonly measuredAt: string;
  /** The 1-minute load average when the run started (absent from runs recorded before it was). */
  readonly loadAverageAtStart?: number;
  /** Each build step's own time, from the progress lines of the start log (cold runs). */
  readonly steps?: Readonly<Record<string, string>>;
}

export interface FirstStartResults {
  /** Offline: everything built from source (`time-to-first-data.sh --cold`). */
  readonly cold?: FirstStartRun;
  /** The official release archives, from a local mirror (`time-to-first-data.sh --cold --mirror`). */
  readonly 'cold-release'?: FirstStartRun;
  readonly warm?: FirstStartRun;
}

const FIRST_START_KINDS = {
  'cold-release': 'cold, official release archives from a local mirror (empty caches, no Go build)',
  cold: 'cold, offline: built from source (empty Go, npm and binary caches)',
  warm: 'warm (binaries cached)',
} as const;

const load = (run: FirstStartRun) => (run.loadAverageAtStart === undefined ? '' : `, load ${run.loadAverageAtStart}`);

/**
 * The README's Quick start table: the three ways a first start gets its binaries, with the
 * figures of bench/first-start.json.
 */
export function renderQuickStartMarkdown(results: FirstStartResults): string {
  const figure = (run: FirstStartRun | undefined, extra = '') =>
    run ? `${run.seconds} s${extra} (${run.measuredAt.slice(0, 10)}${load(run)})` : 'not measured yet';
  const rows = [
    [
      'A Docker engine answers',
      'pulls the pinned images (docker-compose.yml)',
      'not measured: our machines have no Docker engine',
    ],
    [
      'github.com answers (or the mirror in `HISTOGRAM_DEMO_DOWNLOAD_BASE`)',
      'downloads the official collector and Prometheus archives and checks their SHA-256',
      figure(results['cold-release'], ' plus the download'),
    ],
    [
      'Offline (Go and the Go module proxy)',
      'builds the collector and Prometheus from source (promtool, its web UI and the dashboards page follow first data)',
      figure(results.cold),
    ],
    ['Any, once the binaries are cached', 'starts them', figure(results.warm)],
  ];
  return `${table(['Your machine', 'The first `npm start`', 'First data after'], rows)}\n`;
}

/** The README's first-start block, generated from bench/first-start.json. */
export function renderFirstStartMarkdown(results: FirstStartResults): string {
  const rows = (Object.keys(FIRST_START_KINDS) as (keyof typeof FIRST_START_KINDS)[]).flatMap((kind) => {
    const run = results[kind];
    if (!run) return [];
    const steps = Object.entries(run.steps ?? {})
      .map(([step, took]) => `${step}: ${took}`)
      .join('; ');
    return [
      [FIRST_START_KINDS[kind], run.seconds, run.measuredAt.slice(0, 10), run.loadAverageAtStart ?? '-', steps || '-'],
    ];
  });
  return `${table(['npm start', 's to first data', 'measured', 'load at start', 'download and build steps (concurrent)'], rows)}\n`;
}

/** What `npm pack` makes of the package (docs/package-size.json, written by scripts/package-size.mjs). */
export interface PackageSize {
  readonly version: string;
  /** The tarball's bytes. */
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly measuredAt: string;
}

/** The README's package-size line. */
export function renderPackageSize(pack: PackageSize): string {
  const kB = (bytes: number) => `${Math.round(bytes / 1000)} kB`;
  return `The package (${pack.version}, \`npm pack\` on ${pack.measuredAt.slice(0, 10)}): ${kB(pack.size)} packed, ${kB(pack.unpackedSize)} unpacked, ${pack.entryCount} files, plus its dependencies.\n`;
}
