import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS, PORT_TABLE } from '../../src/config/ports.js';
import { THANOS_INTERNAL_PORT_COUNT } from '../../src/stack/thanos.js';

describe('the port table', () => {
  it('gives every port its own key, flag, default and compose variable', () => {
    for (const column of ['key', 'flag', 'default', 'composeVariable', 'collectorVariable', 'scrapeJob'] as const) {
      const values = PORT_TABLE.flatMap((row) => (column in row ? [(row as Record<string, unknown>)[column]] : []));
      expect(new Set(values).size, column).toBe(values.length);
    }
  });

  it("keeps the seed's ports and ours beside them", () => {
    expect(DEFAULT_PORTS).toMatchObject({
      otlpGrpc: 4317,
      otlpHttp: 4318,
      collectorPrometheus: 8889,
      prometheus: 9090,
    });
    expect(DEFAULT_PORTS).toMatchObject({ grafana: 3000, directApp: 8001, otlpExponentialHttp: 4319 });
  });

  it('says how many ports the Thanos cluster takes from its first one', () => {
    const row = PORT_TABLE.find((candidate) => candidate.key === 'thanosInternal');
    expect(row?.description).toContain(`first of ${THANOS_INTERNAL_PORT_COUNT} consecutive ports`);
  });
});
