/**
 * advise's file input: one column of a CSV with a header (the observations file `run
 * --observations` writes, or any other), rows in time order.
 */

/** A problem with an input file, named by its facts; the CLI words it. */
export class AdviseFileError extends Error {
  override name = 'AdviseFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${problem}`, options);
  }
}

/** The `index`-th comma-separated field of a line, without splitting the whole line. */
function field(line: string, index: number): string {
  let start = 0;
  for (let i = 0; i < index; i++) {
    const comma = line.indexOf(',', start);
    if (comma < 0) return '';
    start = comma + 1;
  }
  const end = line.indexOf(',', start);
  return line.slice(start, end < 0 ? undefined : end).trim();
}

/**
 * The values of some columns, in row order; every cell must be a finite number. One pass over
 * the text, whatever the number of columns (a million rows is a normal input).
 */
export function parseColumns(text: string, columns: readonly string[], file: string): Map<string, number[]> {
  const lines = text.split('\n');
  const headerLine = lines.findIndex((line) => line.trim() !== '');
  if (headerLine < 0) throw new AdviseFileError(file, 'the file is empty');
  const header = (lines[headerLine] as string).split(',').map((name) => name.trim());
  const indices = columns.map((column) => {
    const index = header.indexOf(column);
    if (index < 0) throw new AdviseFileError(file, `no column "${column}" (columns: ${header.join(', ')})`);
    return index;
  });
  const values = columns.map((): number[] => []);
  for (let row = headerLine + 1; row < lines.length; row++) {
    const line = lines[row] as string;
    if (line.trim() === '') continue;
    indices.forEach((index, i) => {
      const cell = field(line, index);
      const value = Number(cell);
      if (cell === '' || !Number.isFinite(value)) {
        throw new AdviseFileError(file, `line ${row + 1}: "${cell}" in column "${columns[i]}" is not a number`);
      }
      (values[i] as number[]).push(value);
    });
  }
  if ((values[0]?.length ?? 0) === 0) throw new AdviseFileError(file, 'the file has a header but no rows');
  return new Map(columns.map((column, i) => [column, values[i] as number[]]));
}
