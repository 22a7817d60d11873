import { describe, expect, it } from 'vitest';
import { MAX_HASH_KEY } from '../src/index.js';
import { ShardMap } from '../src/shard-map.js';
import { closedShard, evenShards, md5HashKey, openShard } from './helpers/kinesis.js';

/**
 * On a 2-shard stream split evenly at 2^127, one-letter keys fall like this (see
 * docs/kinesis-facts.md, "Facts for tests").
 */
const FIRST_SHARD_LETTERS = 'ACEMPSUVWXYZ'.split('');
const SECOND_SHARD_LETTERS = 'BDFGHIJKLNOQRT'.split('');

describe('ShardMap.predict', () => {
  it.each([
    ...FIRST_SHARD_LETTERS.map((key) => [key, 'shardId-000000000000'] as const),
    ...SECOND_SHARD_LETTERS.map((key) => [key, 'shardId-000000000001'] as const),
  ])('puts one-letter key %s on %s of an evenly split 2-shard stream', (key, shardId) => {
    // Prepare
    const map = ShardMap.fromShards(evenShards(2));

    // Act
    const shard = map.predict(key);

    // Assess
    expect(shard?.shardId).toBe(shardId);
  });

  it('agrees with a plain BigInt reading of the MD5 for 2,000 keys on 6 uneven shards', () => {
    // Prepare
    const bounds = [0n, 3n, 1n << 100n, 1n << 126n, 1n << 127n, (1n << 127n) + 5n];
    const shards = bounds.map((start, index) =>
      openShard(`shard-${index}`, start, (bounds[index + 1] ?? MAX_HASH_KEY + 1n) - 1n),
    );
    const map = ShardMap.fromShards(shards);
    const keys = Array.from({ length: 2_000 }, (_, index) => `key-${index}-${index * 7919}`);

    // Act
    const predicted = keys.map((key) => map.predict(key)?.shardId);

    // Assess
    const expected = keys.map((key) => {
      const hash = md5HashKey(key);
      return shards.find(
        (shard) =>
          BigInt(shard.HashKeyRange?.StartingHashKey ?? '') <= hash &&
          hash <= BigInt(shard.HashKeyRange?.EndingHashKey ?? ''),
      )?.ShardId;
    });
    expect(predicted).toEqual(expected);
    expect(new Set(predicted).size).toBeGreaterThan(2);
  });

  it.each([
    ['0', 'shardId-000000000000'],
    [((1n << 127n) - 1n).toString(), 'shardId-000000000000'],
    [(1n << 127n).toString(), 'shardId-000000000001'],
    [MAX_HASH_KEY.toString(), 'shardId-000000000001'],
  ])('lets ExplicitHashKey %s decide the shard (%s), whatever the key', (hashKey, shardId) => {
    // Prepare
    const map = ShardMap.fromShards(evenShards(2));

    // Act
    const withKeyA = map.predict('A', hashKey);
    const withKeyB = map.predict('B', hashKey);

    // Assess
    expect(withKeyA?.shardId).toBe(shardId);
    expect(withKeyB?.shardId).toBe(shardId);
  });

  it('keeps separate answers for a key and an equal ExplicitHashKey text', () => {
    // Prepare
    const map = ShardMap.fromShards(evenShards(2));
    const text = MAX_HASH_KEY.toString();

    // Act
    const asExplicitHashKey = map.predict('A', text);
    const asPartitionKey = map.predict(text);

    // Assess
    expect(asExplicitHashKey?.shardId).toBe('shardId-000000000001');
    expect(asPartitionKey?.shardId).toBe(
      md5HashKey(text) < 1n << 127n ? 'shardId-000000000000' : 'shardId-000000000001',
    );
  });
});

describe('ShardMap.fromShards', () => {
  it('keeps only open shards, sorted by hash range, after a split', () => {
    // Prepare: shard 0 split at 2^127 into shards 2 (upper half) and 1 (lower half), listed out of order.
    const shards = [
      closedShard('shardId-000000000000', 0n, MAX_HASH_KEY),
      openShard('shardId-000000000002', 1n << 127n, MAX_HASH_KEY),
      openShard('shardId-000000000001', 0n, (1n << 127n) - 1n),
    ];

    // Act
    const map = ShardMap.fromShards(shards);

    // Assess
    expect(map.infos.map((shard) => shard.shardId)).toEqual([
      'shardId-000000000001',
      'shardId-000000000002',
    ]);
    expect(map.has('shardId-000000000000')).toBe(false);
    expect(map.predict('A')?.shardId).toBe('shardId-000000000001');
    expect(map.predict('B')?.shardId).toBe('shardId-000000000002');
  });

  it('predicts nothing for a hash key in a gap between open shards, or with no shard at all', () => {
    // Prepare
    const map = ShardMap.fromShards([
      openShard('low', 0n, 10n),
      openShard('high', 20n, MAX_HASH_KEY),
    ]);
    const empty = ShardMap.fromShards([]);

    // Act
    const inGap = map.predict('any', '15');
    const onEdge = map.predict('any', '20');
    const none = empty.predict('A');

    // Assess
    expect(inGap).toBeUndefined();
    expect(onEdge?.shardId).toBe('high');
    expect(none).toBeUndefined();
  });

  it('gives strategies frozen copies of the shards, in decimal', () => {
    // Prepare
    const map = ShardMap.fromShards(evenShards(2));

    // Act
    const [first] = map.infos;

    // Assess
    expect(first).toEqual({
      shardId: 'shardId-000000000000',
      startingHashKey: '0',
      endingHashKey: ((1n << 127n) - 1n).toString(),
    });
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(map.infos)).toBe(true);
  });
});
