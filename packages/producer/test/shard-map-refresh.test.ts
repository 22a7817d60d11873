import { ListShardsCommand, type Shard } from '@aws-sdk/client-kinesis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { constant, hashKeyRoundRobin, MAX_HASH_KEY } from '../src/index.js';
import {
  closedShard,
  createTestProducer,
  evenShards,
  fakeStream,
  listShardsCalls,
  openShard,
  recordsOf,
  sdkError,
  sentRequests,
} from './helpers/kinesis.js';
import { kinesisMock } from './helpers/kinesis-mock.js';

const HALF = 1n << 127n;
const middleOf = (start: bigint, end: bigint): string => ((start + end) / 2n).toString();

/** Shard 0 (the whole range) split at 2^127 into shard 1 (lower half) and shard 2 (upper half). */
const SPLIT = [
  closedShard('shardId-000000000000', 0n, MAX_HASH_KEY),
  openShard('shardId-000000000001', 0n, HALF - 1n),
  openShard('shardId-000000000002', HALF, MAX_HASH_KEY),
];

const values = (count: number, prefix: string): string[] =>
  Array.from({ length: count }, (_, index) => `${prefix}${index}`);

/** The ExplicitHashKeys of every record sent so far, in order. */
const sentHashKeys = (): Array<string | undefined> =>
  sentRequests(kinesisMock).flatMap((input) =>
    recordsOf(input).map((entry) => entry.ExplicitHashKey),
  );

beforeEach(() => {
  kinesisMock.reset();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('after a reshard', () => {
  it('reads the shard map again once a record lands on an unexpected shard, and spreads over the new shards', async () => {
    // Prepare
    const stream = fakeStream(kinesisMock, evenShards(1));
    const producer = createTestProducer<string>({
      partitionKey: hashKeyRoundRobin(),
      shardMapRefreshMs: 3_600_000,
    });
    const before = producer.putMany(values(4, 'before-'));
    await producer.flush();
    await before;
    stream.shards = SPLIT;

    // Act
    const during = producer.putMany(values(4, 'during-'));
    await producer.flush();
    // Refreshes are at most one a second: let that second pass.
    await vi.advanceTimersByTimeAsync(1_000);
    const after = producer.putMany(values(4, 'after-'));
    await producer.flush();

    // Assess
    const whole = middleOf(0n, MAX_HASH_KEY);
    const lower = middleOf(0n, HALF - 1n);
    const upper = middleOf(HALF, MAX_HASH_KEY);
    expect(listShardsCalls(kinesisMock)).toBe(2);
    expect(sentHashKeys()).toEqual([...Array<string>(8).fill(whole), lower, upper, lower, upper]);
    const shardsAfter = (await after).map((outcome) => outcome.ok && outcome.value.shardId);
    expect(shardsAfter).toEqual([
      'shardId-000000000001',
      'shardId-000000000002',
      'shardId-000000000001',
      'shardId-000000000002',
    ]);
    expect((await during).every((outcome) => outcome.ok)).toBe(true);
  });

  it('does not read the map again while every record lands where predicted', async () => {
    // Prepare
    fakeStream(kinesisMock, evenShards(2));
    const producer = createTestProducer<string>({ shardMapRefreshMs: 3_600_000 });

    // Act
    const outcomes = producer.putMany(values(300, 'r'));
    await producer.flush();
    await vi.advanceTimersByTimeAsync(5_000);

    // Assess
    expect((await outcomes).every((outcome) => outcome.ok)).toBe(true);
    expect(listShardsCalls(kinesisMock)).toBe(1);
  });

  it('reads the map again every shardMapRefreshMs, and uses what it finds', async () => {
    // Prepare
    const stream = fakeStream(kinesisMock, evenShards(1));
    const producer = createTestProducer<string>({
      partitionKey: hashKeyRoundRobin(),
      shardMapRefreshMs: 10_000,
    });
    const first = producer.put('first');
    await producer.flush();
    await first;
    stream.shards = SPLIT;

    // Act
    await vi.advanceTimersByTimeAsync(9_999);
    const readsBeforeDue = listShardsCalls(kinesisMock);
    await vi.advanceTimersByTimeAsync(1);
    const later = producer.putMany(['a', 'b']);
    await producer.flush();

    // Assess
    expect(readsBeforeDue).toBe(1);
    expect(listShardsCalls(kinesisMock)).toBe(2);
    expect((await later).map((outcome) => outcome.ok && outcome.value.shardId)).toEqual([
      'shardId-000000000001',
      'shardId-000000000002',
    ]);
  });
});

describe('reading the map', () => {
  it('follows ListShards pages, sending only NextToken after the first', async () => {
    // Prepare
    const [low, high] = evenShards(2) as [Shard, Shard];
    fakeStream(kinesisMock, [low, high]);
    kinesisMock
      .on(ListShardsCommand)
      .resolvesOnce({ Shards: [low], NextToken: 'page-2' })
      .resolves({ Shards: [high] });
    const producer = createTestProducer<string>({ partitionKey: hashKeyRoundRobin() });

    // Act
    const outcomes = producer.putMany(['a', 'b']);
    await producer.flush();

    // Assess
    const inputs = kinesisMock.commandCalls(ListShardsCommand).map((call) => call.args[0].input);
    expect(inputs).toEqual([{ StreamName: 'TestDataStream' }, { NextToken: 'page-2' }]);
    expect((await outcomes).map((outcome) => outcome.ok && outcome.value.shardId)).toEqual([
      'shardId-000000000000',
      'shardId-000000000001',
    ]);
  });

  it('still sends records when ListShards fails, and tries it again later', async () => {
    // Prepare
    const stream = fakeStream(kinesisMock, evenShards(2));
    kinesisMock.on(ListShardsCommand).rejectsOnce(sdkError('AccessDeniedException', 400));
    const producer = createTestProducer<string>({ partitionKey: constant('k') });

    // Act
    const outcome = producer.put('r0');
    await producer.flush();
    await vi.advanceTimersByTimeAsync(5_000);

    // Assess
    await expect(outcome).resolves.toMatchObject({ attempts: 1 });
    expect(stream.accepted).toHaveLength(1);
    expect(listShardsCalls(kinesisMock)).toBe(2);
    expect(producer.metrics().shardMapRefreshes).toBe(2);
  });
});
