import { DemoError } from '../errors/DemoError.js';

/** A metric to verify whose series on the server hold plain values (a gauge or a counter), not a histogram. */
export class NotAHistogramError extends DemoError {
  override name = 'NotAHistogramError';
  override readonly exitCode = 2;

  constructor(
    readonly metric: string,
    /** How many series hold plain values under that name. */
    readonly floatSeries: number,
  ) {
    super(
      `${metric} is not a histogram: its ${floatSeries} series on the server hold plain values (a gauge or a counter), ` +
        'with no _bucket series and no native histogram',
    );
  }
}
