/** Base of every error this project raises on purpose; the CLI prints its message as one line. */
export class DemoError extends Error {
  override name = 'DemoError';
  /** Process exit code the CLI uses for this kind of failure. */
  readonly exitCode: number = 1;
}
