import { describe, expect, it } from 'vitest';
import { createShardReadLimiter, MIN_READ_INTERVAL_MS } from '../src/index.js';

describe('createShardReadLimiter', () => {
  it('grants each shard one call per interval, 200 ms by default', () => {
    // Prepare
    let now = 1_000;
    const limiter = createShardReadLimiter({ now: () => now });

    // Act
    const waits = [limiter.reserve('S/a'), limiter.reserve('S/a'), limiter.reserve('S/a')];
    now += 500;
    const afterIdle = limiter.reserve('S/a');

    // Assess
    expect(waits).toEqual([0, MIN_READ_INTERVAL_MS, 2 * MIN_READ_INTERVAL_MS]);
    expect(afterIdle).toBe(2 * MIN_READ_INTERVAL_MS + MIN_READ_INTERVAL_MS - 500);
  });

  it('counts each shard on its own', () => {
    // Prepare
    const limiter = createShardReadLimiter({ intervalMs: 100, now: () => 0 });

    // Act
    const waits = ['S/a', 'S/b', 'T/a', 'S/a'].map((key) => limiter.reserve(key));

    // Assess
    expect(waits).toEqual([0, 0, 0, 100]);
  });
});
