import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../src/net/poll.js';

describe('pollUntil', () => {
  it('tries until the check holds, and says so', async () => {
    let tries = 0;
    expect(await pollUntil(() => ++tries === 3, { timeoutMs: 5000, intervalMs: 1 })).toBe(true);
    expect(tries).toBe(3);
  });

  it('tries at least once, even with no time at all', async () => {
    expect(await pollUntil(() => true, { timeoutMs: 0 })).toBe(true);
  });

  it('counts a check that throws as not yet, and gives up with false when the time is up', async () => {
    let tries = 0;
    const held = await pollUntil(
      () => {
        tries += 1;
        throw new Error('connection refused');
      },
      { timeoutMs: 30, intervalMs: 5 },
    );
    expect(held).toBe(false);
    expect(tries).toBeGreaterThan(1);
  });

  it('stops at once when told to give up', async () => {
    let tries = 0;
    const check = () => {
      tries += 1;
      return false;
    };
    expect(await pollUntil(check, { timeoutMs: 60_000, intervalMs: 1, giveUp: () => tries >= 2 })).toBe(false);
    expect(tries).toBe(2);
  });
});
