import type { FileType } from '../../src/metrics/definitions.js';
import { DEMO_TRUTH_COLUMNS, readTruth, type Truth } from '../../src/verify/truth.js';
import type { Upload } from '../../src/workload/uploads.js';

/** The first `count` uploads of a truth, as the apps recorded them. */
export function uploadsOf(truth: Truth, count: number): Upload[] {
  return truth.first(DEMO_TRUTH_COLUMNS.bytes, count).map((row) => ({
    fileType: row.labels[DEMO_TRUTH_COLUMNS.label] as FileType,
    bytes: row.values[DEMO_TRUTH_COLUMNS.bytes] as number,
    seconds: row.values[DEMO_TRUTH_COLUMNS.seconds] as number,
  }));
}

/** Every upload of an observations file (`run --observations`), read by verify's one reader of it. */
export async function readObservations(path: string): Promise<Upload[]> {
  return uploadsOf(
    await readTruth(path, [DEMO_TRUTH_COLUMNS.bytes, DEMO_TRUTH_COLUMNS.seconds]),
    Number.MAX_SAFE_INTEGER,
  );
}
