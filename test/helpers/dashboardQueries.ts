import type { PipelineQueries } from '../../src/promql/dashboards.js';

/** Every expression of a PipelineQueries, flattened, for tests that treat them alike. */
export function allQueries(queries: PipelineQueries): string[] {
  return Object.values(queries).flatMap((value: string | Readonly<Record<string, string>>) =>
    typeof value === 'string' ? [value] : Object.values(value),
  );
}
