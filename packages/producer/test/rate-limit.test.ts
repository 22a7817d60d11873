import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { constant, RecordExpiredError } from '../src/index.js';
import { createTestProducer, evenShards, type FakeStream, fakeStream } from './helpers/kinesis.js';
import { kinesisMock } from './helpers/kinesis-mock.js';

const KiB = 1024;

/** One-letter keys of each shard of an evenly split 2-shard stream (see
 * docs/kinesis-facts.md, "Facts for tests").
 */
const FIRST_SHARD_KEY = 'A';
const SECOND_SHARD_KEY = 'B';

/** The most records any window of `windowMs` saw accepted on `shardId`. */
function busiestWindow(stream: FakeStream, shardId: string, windowMs: number): number {
  const times = stream.accepted
    .filter((entry) => entry.shardId === shardId)
    .map((entry) => entry.at);
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

const SETTLE_STEP_MS = 50;

/** Advances fake time in steps until every put settled; returns how long that took. */
async function settleAll(
  outcomes: Promise<unknown>,
  stepMs = SETTLE_STEP_MS,
  maxMs = 60_000,
): Promise<number> {
  let settled = false;
  void outcomes.then(() => {
    settled = true;
  });
  let elapsed = 0;
  while (!settled && elapsed < maxMs) {
    await vi.advanceTimersByTimeAsync(stepMs);
    elapsed += stepMs;
  }
  return elapsed;
}

beforeEach(() => {
  kinesisMock.reset();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('per-shard rate limit', () => {
  it.each([
    { percent: 100, perSecond: 1_000 },
    { percent: 150, perSecond: 1_500 },
    { percent: 50, perSecond: 500 },
  ])(
    "at rateLimitPercent $percent sends one shard at most $perSecond records/s after a first second's burst",
    async ({ percent, perSecond }) => {
      // Prepare
      const stream = fakeStream(kinesisMock, evenShards(1));
      const producer = createTestProducer<string>({
        rateLimitPercent: percent,
        partitionKey: constant('k'),
        maxBufferedRecords: 100_000,
      });
      const count = 4 * perSecond;

      // Act
      const outcomes = producer.putMany(Array.from({ length: count }, (_, index) => `r${index}`));
      const elapsed = await settleAll(outcomes);

      // Assess
      expect((await outcomes).every((outcome) => outcome.ok)).toBe(true);
      expect(stream.accepted).toHaveLength(count);
      // A full bucket (one second's worth) plus one second of refill, at most, in any second.
      expect(busiestWindow(stream, 'shardId-000000000000', 1_000)).toBeLessThanOrEqual(
        2 * perSecond,
      );
      // The 3 seconds' worth beyond the burst cannot go faster than the rate.
      expect(elapsed).toBeGreaterThanOrEqual(3_000);
    },
  );

  it('limits bytes: 100 KiB records go about ten a second at 100 %', async () => {
    // Prepare
    const stream = fakeStream(kinesisMock, evenShards(1));
    const producer = createTestProducer<Uint8Array>({
      rateLimitPercent: 100,
      partitionKey: constant('k'),
    });
    const records = Array.from({ length: 40 }, (_, index) => new Uint8Array(100 * KiB).fill(index));

    // Act
    const outcomes = producer.putMany(records);
    const elapsed = await settleAll(outcomes);

    // Assess
    expect((await outcomes).every((outcome) => outcome.ok)).toBe(true);
    expect(busiestWindow(stream, 'shardId-000000000000', 1_000)).toBeLessThanOrEqual(21);
    expect(elapsed).toBeGreaterThanOrEqual(2_900);
  });

  it('holds back a hot shard at the client while the other shard keeps flowing', async () => {
    // Prepare
    const stream = fakeStream(kinesisMock, evenShards(2));
    const producer = createTestProducer<{ key: string; index: number }>({
      rateLimitPercent: 100,
      partitionKey: (value) => value.key,
      maxBufferedRecords: 100_000,
    });
    const hot = Array.from({ length: 3_000 }, (_, index) => ({ key: FIRST_SHARD_KEY, index }));
    const cold = Array.from({ length: 200 }, (_, index) => ({ key: SECOND_SHARD_KEY, index }));

    // Act: the cold records are put after every hot one.
    const outcomes = producer.putMany([...hot, ...cold]);
    await vi.advanceTimersByTimeAsync(200);
    const acceptedEarly = [...stream.accepted];
    await settleAll(outcomes);

    // Assess
    const earlyCold = acceptedEarly.filter((entry) => entry.partitionKey === SECOND_SHARD_KEY);
    const earlyHot = acceptedEarly.filter((entry) => entry.partitionKey === FIRST_SHARD_KEY);
    expect(earlyCold).toHaveLength(200);
    expect(earlyHot.length).toBeLessThanOrEqual(1_200);
    expect(stream.accepted).toHaveLength(3_200);
  });

  it('sends everything at once with rateLimitPercent: Infinity', async () => {
    // Prepare
    const stream = fakeStream(kinesisMock, evenShards(1));
    const producer = createTestProducer<string>({
      rateLimitPercent: Number.POSITIVE_INFINITY,
      partitionKey: constant('k'),
    });

    // Act
    const outcomes = producer.putMany(Array.from({ length: 5_000 }, (_, index) => `r${index}`));
    await vi.advanceTimersByTimeAsync(0);
    await producer.flush();

    // Assess
    expect(stream.accepted).toHaveLength(5_000);
    expect(busiestWindow(stream, 'shardId-000000000000', 1)).toBe(5_000);
    expect((await outcomes).every((outcome) => outcome.ok)).toBe(true);
  });

  it('expires records held back past recordTtlMs, with no last error code: they were never sent', async () => {
    // Prepare
    const stream = fakeStream(kinesisMock, evenShards(1));
    const producer = createTestProducer<string>({
      rateLimitPercent: 100,
      partitionKey: constant('k'),
      recordTtlMs: 1_500,
      maxBufferedRecords: 100_000,
    });

    // Act
    const outcomes = producer.putMany(Array.from({ length: 4_000 }, (_, index) => `r${index}`));
    const settledAfterMs = await settleAll(outcomes);
    const settled = await outcomes;

    // Assess
    // Those held back expire when their time is up, not when they reach the head of their queue.
    expect(settledAfterMs).toBeLessThanOrEqual(1_500 + SETTLE_STEP_MS);
    const expired = settled.filter((outcome) => !outcome.ok);
    expect(stream.accepted.length + expired.length).toBe(4_000);
    expect(stream.accepted.length).toBeGreaterThanOrEqual(2_000);
    expect(stream.accepted.length).toBeLessThanOrEqual(2_600);
    for (const outcome of expired) {
      if (outcome.ok) continue;
      expect(outcome.error).toBeInstanceOf(RecordExpiredError);
      expect(outcome.error).toMatchObject({ lastErrorCode: undefined, attempts: 0 });
    }
    expect(producer.metrics().expired).toBe(expired.length);
  });
});

describe('held-back time in metrics()', () => {
  it('counts the records the limit held back and how long they waited, per shard', async () => {
    // Prepare: 1 % of a shard is 10 records/s; its bucket starts with one second's worth.
    fakeStream(kinesisMock, evenShards(2));
    const producer = createTestProducer<{ key: string }>({
      rateLimitPercent: 1,
      partitionKey: (value) => value.key,
    });
    const hot = Array.from({ length: 30 }, () => ({ key: FIRST_SHARD_KEY }));
    const cold = Array.from({ length: 5 }, () => ({ key: SECOND_SHARD_KEY }));

    // Act
    const outcomes = producer.putMany([...hot, ...cold]);
    await settleAll(outcomes);
    const metrics = producer.metrics();

    // Assess
    expect((await outcomes).every((outcome) => outcome.ok)).toBe(true);
    // The first 10 hot records take the full bucket; the other 20 wait, the k-th at least k
    // tenths of a second: 100 ms x (1 + 2 + ... + 20) in all.
    expect(metrics.heldBackRecords).toBe(20);
    expect(metrics.heldBackMs).toBeGreaterThanOrEqual(100 * ((20 * 21) / 2));
    // The cold shard never reached its limit.
    expect(metrics.heldBackByShard).toEqual({
      'shardId-000000000000': { records: 20, ms: metrics.heldBackMs },
    });
  });

  it('reports nothing held back while no shard reaches its limit', async () => {
    // Prepare
    fakeStream(kinesisMock, evenShards(2));
    const producer = createTestProducer<{ key: string }>({
      rateLimitPercent: 100,
      partitionKey: (value) => value.key,
    });
    const values = Array.from({ length: 400 }, (_, index) => ({
      key: index % 2 === 0 ? FIRST_SHARD_KEY : SECOND_SHARD_KEY,
    }));

    // Act
    const outcomes = producer.putMany(values);
    await settleAll(outcomes);

    // Assess
    expect((await outcomes).every((outcome) => outcome.ok)).toBe(true);
    expect(producer.metrics()).toMatchObject({
      recordsPut: 400,
      heldBackRecords: 0,
      heldBackMs: 0,
      heldBackByShard: {},
    });
  });
});
