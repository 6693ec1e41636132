/**
 * The truth verify measures against: the values a run recorded, in recording order, one row per
 * observation. A CSV whose numeric columns are mapped to metrics (`--metric NAME=COLUMN`) and whose
 * other columns are labels: they give the scopes (`file_type="small"`). The demo's seeded upload
 * stream is the same table, generated.
 */
import { readFile } from 'node:fs/promises';
import { isPlainLabelName } from '../prometheus/names.js';
import { uploadStream } from '../workload/uploads.js';
import { TruthFileError } from './TruthFileError.js';

export interface TruthRow {
  readonly labels: Readonly<Record<string, string>>;
  /** Value columns; a row without a value in a column did not observe that metric. */
  readonly values: Readonly<Record<string, number>>;
}

export interface Truth {
  /** What the truth is, for the report: a file name or the seeded stream. */
  readonly source: string;
  readonly file?: string;
  /** The label columns, in file order: each value of each is a scope. */
  readonly labelColumns: readonly string[];
  /** The first `count` observations of a value column, in recording order, with their labels. */
  first(column: string, count: number): readonly TruthRow[];
}

/** The demo's columns: the observations file `run --observations` writes, and the seeded stream. */
export const DEMO_TRUTH_COLUMNS = { label: 'file_type', bytes: 'bytes', seconds: 'seconds' } as const;

function firstWith(rows: Iterable<TruthRow>, column: string, count: number): TruthRow[] {
  const found: TruthRow[] = [];
  if (count <= 0) return found;
  for (const row of rows) {
    if (row.values[column] === undefined) continue;
    found.push(row);
    if (found.length >= count) break;
  }
  return found;
}

/**
 * Reads a truth CSV: a header of column names, then one observation per line. The value columns
 * must hold finite numbers (or be empty: not observed); every other column is a label.
 */
export function parseTruth(text: string, file: string, valueColumns: readonly string[]): Truth {
  const lines = text
    .split('\n')
    .map((line, index) => ({ line: line.replace(/\r$/, ''), number: index + 1 }))
    .filter(({ line }) => line.trim() !== '');
  const header = lines[0]?.line.split(',').map((name) => name.trim()) ?? [];
  if (header.length === 0 || header.some((name) => name === '')) {
    throw new TruthFileError(file, 'expected a header of column names on the first line', 1);
  }
  const missing = valueColumns.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new TruthFileError(
      file,
      `no column ${missing.map((c) => `"${c}"`).join(', ')} (columns: ${header.join(', ')})`,
      1,
    );
  }
  const labelColumns = header.filter((column) => !valueColumns.includes(column));
  // Label columns become `sum by (...)` in PromQL: a name outside the plain set would break or change the query.
  const badLabel = labelColumns.find((column) => !isPlainLabelName(column));
  if (badLabel !== undefined) {
    throw new TruthFileError(
      file,
      `column ${JSON.stringify(badLabel)} is a label column, but not a label name (letters, digits and _, ` +
        'not starting with a digit or __)',
      1,
    );
  }
  const rows = lines.slice(1).map(({ line, number }): TruthRow => {
    const fields = line.split(',').map((field) => field.trim());
    if (fields.length !== header.length) {
      throw new TruthFileError(
        file,
        `${fields.length} fields where the header has ${header.length}: "${line}"`,
        number,
      );
    }
    const labels: Record<string, string> = {};
    const values: Record<string, number> = {};
    header.forEach((column, index) => {
      const field = fields[index] ?? '';
      if (!valueColumns.includes(column)) labels[column] = field;
      else if (field !== '') {
        // Number('') is 0, hence the explicit empty check above; anything else must be a finite number.
        const value = Number(field);
        if (!Number.isFinite(value))
          throw new TruthFileError(file, `column "${column}" holds "${field}", not a number`, number);
        values[column] = value;
      }
    });
    return { labels, values };
  });
  if (rows.length === 0) throw new TruthFileError(file, 'no observations after the header', 2);
  return { source: file, file, labelColumns, first: (column, count) => firstWith(rows, column, count) };
}

export async function readTruth(file: string, valueColumns: readonly string[]): Promise<Truth> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new TruthFileError(file, `cannot read it: ${(error as Error).message}`, undefined, { cause: error });
  }
  return parseTruth(csvText(bytes, file), file, valueColumns);
}

/** A CSV's text; a binary file (NUL bytes, not UTF-8) is refused before any of it is quoted back. */
function csvText(bytes: Buffer, file: string): string {
  const binary = 'is not a CSV text file: it holds';
  if (bytes.includes(0)) throw new TruthFileError(file, `${binary} NUL bytes`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new TruthFileError(file, `${binary} bytes that are not UTF-8 text`, undefined, { cause: error });
  }
}

/** The demo's seeded upload stream as a truth: what `run --seed` records, generated again. */
export function seedTruth(seed: number): Truth {
  function* rows(): Generator<TruthRow> {
    for (const upload of uploadStream(seed)) {
      yield {
        labels: { [DEMO_TRUTH_COLUMNS.label]: upload.fileType },
        values: { [DEMO_TRUTH_COLUMNS.bytes]: upload.bytes, [DEMO_TRUTH_COLUMNS.seconds]: upload.seconds },
      };
    }
  }
  const valueColumns: readonly string[] = [DEMO_TRUTH_COLUMNS.bytes, DEMO_TRUTH_COLUMNS.seconds];
  return {
    source: `the seed ${seed} upload stream`,
    labelColumns: [DEMO_TRUTH_COLUMNS.label],
    // The stream never ends: a column it does not have would be searched for ever.
    first: (column, count) => (valueColumns.includes(column) ? firstWith(rows(), column, count) : []),
  };
}
