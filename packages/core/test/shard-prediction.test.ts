import { describe, expect, it } from 'vitest';
import {
  createShardPredictor,
  evenHashKeyRanges,
  HASH_KEY_SPACE,
  hashKeyOfPartitionKey,
  isInHashKeyRange,
  MAX_HASH_KEY,
  resolveHashKeyRange,
} from '../src/index.js';

const shardsOf = (count: number) =>
  evenHashKeyRanges(count).map((range, index) => ({
    ShardId: `shardId-${String(index).padStart(12, '0')}`,
    HashKeyRange: { StartingHashKey: range.start.toString(), EndingHashKey: range.end.toString() },
  }));

describe('evenHashKeyRanges', () => {
  it.each([1, 2, 3, 7])('covers the whole space with %i ranges, no gap, no overlap', (count) => {
    const ranges = evenHashKeyRanges(count);
    expect(ranges).toHaveLength(count);
    expect(ranges[0]?.start).toBe(0n);
    expect(ranges.at(-1)?.end).toBe(MAX_HASH_KEY);
    for (let i = 1; i < ranges.length; i += 1) {
      expect(ranges[i]?.start).toBe((ranges[i - 1]?.end ?? -2n) + 1n);
    }
  });

  it('splits two shards at 2^127, as CreateStream does', () => {
    expect(evenHashKeyRanges(2)[1]?.start).toBe(HASH_KEY_SPACE / 2n);
  });
});

describe('createShardPredictor', () => {
  it('predicts the shard whose range holds the MD5 of the key', () => {
    const predictor = createShardPredictor(shardsOf(2));
    expect(predictor.predict({ partitionKey: 'A' })?.shardId).toBe('shardId-000000000000');
    expect(predictor.predict({ partitionKey: 'B' })?.shardId).toBe('shardId-000000000001');
  });

  it('agrees with a linear scan for many keys on 7 shards given out of order', () => {
    const shards = shardsOf(7).reverse();
    const predictor = createShardPredictor(shards);
    for (let i = 0; i < 500; i += 1) {
      const key = `sensor-${i}`;
      const hashKey = hashKeyOfPartitionKey(key);
      const expected = shards.find(
        (shard) =>
          BigInt(shard.HashKeyRange.StartingHashKey) <= hashKey &&
          hashKey <= BigInt(shard.HashKeyRange.EndingHashKey),
      );
      expect(predictor.predict({ partitionKey: key })?.shardId).toBe(expected?.ShardId);
    }
  });

  it('routes by the ExplicitHashKey, ends included', () => {
    const predictor = createShardPredictor(shardsOf(2));
    const lastOfFirst = (HASH_KEY_SPACE / 2n - 1n).toString();
    expect(predictor.predict({ partitionKey: 'B', explicitHashKey: lastOfFirst })?.shardId).toBe(
      'shardId-000000000000',
    );
    expect(predictor.shardOfHashKey(MAX_HASH_KEY)?.shardId).toBe('shardId-000000000001');
  });

  it('leaves out closed shards and shards without a valid range', () => {
    const [first, second] = shardsOf(2);
    const predictor = createShardPredictor([
      { ...first, SequenceNumberRange: { EndingSequenceNumber: '42' } },
      second ?? {},
      {
        ShardId: 'shardId-000000000009',
        HashKeyRange: { StartingHashKey: 'x', EndingHashKey: '1' },
      },
      { HashKeyRange: { StartingHashKey: '0', EndingHashKey: '1' } },
    ]);
    expect(predictor.ranges.map((range) => range.shardId)).toEqual(['shardId-000000000001']);
    // 'A' hashes to the closed first half: no open shard holds it.
    expect(predictor.predict({ partitionKey: 'A' })).toBeUndefined();
  });
});

describe('hash key ranges', () => {
  it('resolves a range of decimal strings and refuses one out of order', () => {
    expect(resolveHashKeyRange({ startingHashKey: '0', endingHashKey: 9n }, 's')).toEqual({
      shardId: 's',
      start: 0n,
      end: 9n,
    });
    expect(resolveHashKeyRange({ startingHashKey: '9', endingHashKey: '1' })).toBeUndefined();
    expect(
      resolveHashKeyRange({ startingHashKey: '0', endingHashKey: HASH_KEY_SPACE }),
    ).toBeUndefined();
  });

  it('includes both ends', () => {
    const range = { start: 10n, end: 20n };
    expect([9n, 10n, 20n, 21n].map((key) => isInHashKeyRange(key, range))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });
});
