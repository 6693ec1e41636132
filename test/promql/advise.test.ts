import { describe, expect, it } from 'vitest';
import { adviseQueries } from '../../src/promql/advise.js';

describe('advise queries', () => {
  it('read a histogram at an instant, native or classic, all series summed', () => {
    expect(adviseQueries('logfire_native_api_seconds')).toEqual({
      native: 'sum (logfire_native_api_seconds)',
      classicBuckets: 'sum by (le) (logfire_native_api_seconds_bucket)',
    });
  });

  it('refuses what is not a metric name, so nothing else reaches the query', () => {
    expect(() => adviseQueries('api_seconds{job="x"}')).toThrow(/not a metric name/);
  });
});
