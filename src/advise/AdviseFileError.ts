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
