import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../src/token-bucket.js';

const RATES = { recordsPerSecond: 1_000, bytesPerSecond: 1_000_000 };

/** How many records of `size` bytes the bucket lets through at `now`, trying up to `limit`. */
function takeAll(bucket: TokenBucket, size: number, now: number, limit = 10_000): number {
  let taken = 0;
  while (taken < limit && bucket.tryTake(size, now)) taken += 1;
  return taken;
}

describe('TokenBucket', () => {
  it.each([
    { name: 'starts full: one second of records, then nothing more at the same instant', now: 0 },
    { name: 'never holds more than one second of tokens, however long it idles', now: 60_000 },
  ])('$name', ({ now }) => {
    // Prepare
    const bucket = new TokenBucket(RATES, 0);

    // Act
    const taken = takeAll(bucket, 10, now);

    // Assess
    expect(taken).toBe(1_000);
  });

  it('refills continuously: 250 records after a quarter of a second', () => {
    // Prepare
    const bucket = new TokenBucket(RATES, 0);
    takeAll(bucket, 10, 0);

    // Act
    const taken = takeAll(bucket, 10, 250);

    // Assess
    expect(taken).toBe(250);
  });

  it('limits bytes too: 100 KB records, ten to the second', () => {
    // Prepare
    const bucket = new TokenBucket(RATES, 0);

    // Act
    const atOnce = takeAll(bucket, 100_000, 0);
    const halfASecondLater = takeAll(bucket, 100_000, 500);

    // Assess
    expect(atOnce).toBe(10);
    expect(halfASecondLater).toBe(5);
  });

  it('lets a record larger than a second of bytes pass once full, leaving the bucket in debt', () => {
    // Prepare
    const bucket = new TokenBucket(RATES, 0);

    // Act
    const huge = bucket.tryTake(3_000_000, 0);
    const nextAtOnce = bucket.tryTake(10, 0);
    const nextAfterTwoSeconds = bucket.tryTake(10, 2_000);
    const nextAfterThreeSeconds = bucket.tryTake(10, 3_001);

    // Assess
    expect(huge).toBe(true);
    expect(nextAtOnce).toBe(false);
    expect(nextAfterTwoSeconds).toBe(false);
    expect(nextAfterThreeSeconds).toBe(true);
  });

  it.each([
    { name: 'records it has', count: 5, size: 10, empty: false, expected: 0 },
    { name: '100 records once emptied', count: 100, size: 10, empty: true, expected: 100 },
    { name: 'a 500 KB record once emptied', count: 1, size: 500_000, empty: true, expected: 500 },
  ])('says how long until it can pass $name: $expected ms', ({ count, size, empty, expected }) => {
    // Prepare
    const bucket = new TokenBucket(RATES, 0);
    if (empty) takeAll(bucket, 1_000, 0);

    // Act
    const wait = bucket.msUntil(count, size, 0);

    // Assess
    expect(wait).toBe(expected);
  });
});
