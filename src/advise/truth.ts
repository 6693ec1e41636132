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

/** The values of one column, in row order; every cell must be a finite number. */
export function parseColumn(text: string, column: string, file: string): number[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0]?.split(',').map((name) => name.trim());
  if (header === undefined) throw new AdviseFileError(file, 'the file is empty');
  const index = header.indexOf(column);
  if (index < 0) throw new AdviseFileError(file, `no column "${column}" (columns: ${header.join(', ')})`);
  const values: number[] = [];
  for (let row = 1; row < lines.length; row++) {
    const cell = (lines[row] as string).split(',')[index]?.trim() ?? '';
    const value = Number(cell);
    if (cell === '' || !Number.isFinite(value)) {
      throw new AdviseFileError(file, `line ${row + 1}: "${cell}" in column "${column}" is not a number`);
    }
    values.push(value);
  }
  if (values.length === 0) throw new AdviseFileError(file, 'the file has a header but no rows');
  return values;
}
