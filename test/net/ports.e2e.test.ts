import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FREE_PORT_RANGE, freePort } from '../../src/net/ports.js';

/** The kernel's range for outbound connections' local ports, read from the kernel itself. */
function ephemeralRange(): [number, number] {
  const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  return [low ?? 0, high ?? 0];
}

describe('freePort', () => {
  it("picks outside the kernel's ephemeral range, so an outbound connection cannot take it before the bind", async () => {
    const [low, high] = ephemeralRange();
    expect(FREE_PORT_RANGE.to).toBeLessThanOrEqual(low);
    for (let pick = 0; pick < 20; pick++) {
      const port = await freePort();
      expect(port < low || port > high).toBe(true);
      expect(port).toBeGreaterThanOrEqual(FREE_PORT_RANGE.from);
    }
  });

  it('never hands out the same port twice in one process', async () => {
    const picks = new Set<number>();
    for (let pick = 0; pick < 200; pick++) picks.add(await freePort());
    expect(picks.size).toBe(200);
  });
});
