/**
 * The README's example queries: the dashboards' PromQL (src/promql/dashboards.ts) with a literal
 * rate window, each under a title that says what it answers. `histogram-demo dashboards queries`
 * prints them; scripts/update-readme.mjs puts that output in the docs and test/readme.test.ts
 * checks it there.
 */
import type { Pipeline } from '../pipelines/registry.js';
import {
  type ClassicQueries,
  classicQueries,
  DURATION_SLO,
  type NativeQueries,
  nativeQueries,
  README_RATE_WINDOW,
  type Representation,
} from '../promql/dashboards.js';

/** A pipeline and the representation its queries are written for. */
export interface PipelineInRepresentation {
  readonly pipeline: Pipeline;
  readonly representation: Representation;
}

export interface ReadmeQuery {
  /** What the query answers, as a PromQL comment line. */
  readonly title: string;
  readonly expr: string;
}

export interface ReadmeQueryGroup {
  readonly pipeline: string;
  readonly heading: string;
  readonly queries: readonly ReadmeQuery[];
}

const { satisfiedSeconds, toleratedSeconds } = DURATION_SLO;

function classicReadmeQueries(q: ClassicQueries): ReadmeQuery[] {
  return [
    { title: 'Total uploads since the app started', expr: q.totalUploads },
    { title: `Uploads per second, by file type (last ${README_RATE_WINDOW})`, expr: q.uploadRateByType },
    { title: 'Average file size in bytes', expr: q.averageFileSize },
    { title: '95th percentile of file size in bytes', expr: q.fileSizeQuantile[0.95] },
    { title: '95th percentile of request duration in seconds, by file type', expr: q.durationP95ByType },
    {
      title: 'Cumulative bucket counts (le is the upper bound, stored as Prometheus normalises it)',
      expr: q.fileSizeBuckets,
    },
    { title: 'Files of at most 1 MB (le="1e+06", not "1000000")', expr: q.filesUnder1MB },
    {
      title: `Apdex: requests within ${satisfiedSeconds} s (T), half credit within ${toleratedSeconds} s (4T, interpolated between buckets)`,
      expr: q.apdex,
    },
  ];
}

function nativeReadmeQueries(q: NativeQueries): ReadmeQuery[] {
  return [
    { title: 'Total uploads since the app started', expr: q.totalUploads },
    { title: `Uploads per second, by file type (last ${README_RATE_WINDOW})`, expr: q.uploadRateByType },
    { title: 'Average file size in bytes: histogram_sum over histogram_count', expr: q.averageFileSize },
    {
      title: '95th percentile of file size in bytes (no "by (le)": the buckets are in the sample)',
      expr: q.fileSizeQuantile[0.95],
    },
    { title: '95th percentile of request duration in seconds, by file type', expr: q.durationP95ByType },
    {
      title: 'Share of files of at most 1 MB (interpolated: 1e6 is not an exponential bucket boundary)',
      expr: q.shareUnder1MB,
    },
    { title: 'Files of at most 1 MB, estimated: that share times the count', expr: q.filesUnder1MB },
    {
      title: `Apdex: requests within ${satisfiedSeconds} s (T), half credit within ${toleratedSeconds} s (4T); both are boundaries at every scale`,
      expr: q.apdex,
    },
  ];
}

/**
 * The README's example queries for Prometheus' expression browser, one group per pipeline
 * in registry order: the dashboards' queries with a literal rate window. The README is
 * checked against this list; `histogram-demo dashboards queries` prints it.
 */
export function readmeQueries(pipelines: readonly PipelineInRepresentation[]): ReadmeQueryGroup[] {
  return pipelines.map(({ pipeline, representation }) => ({
    pipeline: pipeline.name,
    heading: `${pipeline.name}: ${pipeline.title} (${representation} histograms, series ${pipeline.template})`,
    queries:
      representation === 'native'
        ? nativeReadmeQueries(nativeQueries(pipeline, README_RATE_WINDOW))
        : classicReadmeQueries(classicQueries(pipeline, README_RATE_WINDOW)),
  }));
}

/** The README query list as text: one section per pipeline, each query under a `#` comment. */
export function formatReadmeQueries(groups: readonly ReadmeQueryGroup[]): string {
  return groups
    .map((group) =>
      [`## ${group.heading}`, ...group.queries.flatMap((query) => [`# ${query.title}`, query.expr])].join('\n'),
    )
    .join('\n\n')
    .concat('\n');
}
