import { describe, expect, it } from 'vitest';
import { adviseQueries } from '../../src/promql/advise.js';

describe('advise queries', () => {
  it('read one window of a histogram, native or classic, all series summed', () => {
    expect(adviseQueries('logfire_native_api_seconds', 900)).toEqual({
      native: 'sum (increase(logfire_native_api_seconds[900s]))',
      classicBuckets: 'sum by (le) (increase(logfire_native_api_seconds_bucket[900s]))',
    });
  });

  it('refuses what is not a metric name, so nothing else reaches the query', () => {
    expect(() => adviseQueries('api_seconds{job="x"}', 60)).toThrow(/not a metric name/);
  });
});
