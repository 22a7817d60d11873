import { HASH_KEY_SPACE, parseHashKey, routingHashKey } from './hash-key.js';

// Which shard holds a hash key: see docs/kinesis-facts.md, "Partition keys and hash keys", and
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_HashKeyRange.html

/** A shard's hash key range, both ends included: decimal strings as ListShards gives them, or BigInts. */
export interface HashKeyRange {
  readonly startingHashKey: string | bigint;
  readonly endingHashKey: string | bigint;
}

/**
 * A shard as `ListShards` (or `DescribeStream`) describes it: only the fields kds reads, so the
 * SDK's `Shard` objects fit as they are.
 */
export interface ShardDescription {
  readonly ShardId?: string | undefined;
  readonly HashKeyRange?:
    | {
        readonly StartingHashKey?: string | undefined;
        readonly EndingHashKey?: string | undefined;
      }
    | undefined;
  readonly SequenceNumberRange?: { readonly EndingSequenceNumber?: string | undefined } | undefined;
}

/** A shard's range as BigInts, checked: `start <= end`, both within 0..2^128 - 1. */
export interface ResolvedHashKeyRange {
  readonly shardId: string | undefined;
  readonly start: bigint;
  readonly end: bigint;
}

/**
 * A range checked and converted to BigInts; `undefined` when an end is not a hash key or the start
 * is above the end.
 *
 * @example
 * ```ts
 * import { resolveHashKeyRange } from '@kds/core';
 *
 * resolveHashKeyRange({ startingHashKey: '0', endingHashKey: '99' }); // { shardId: undefined, start: 0n, end: 99n }
 * resolveHashKeyRange({ startingHashKey: '9', endingHashKey: '1' }); // undefined
 * ```
 */
export function resolveHashKeyRange(
  range: HashKeyRange,
  shardId?: string,
): ResolvedHashKeyRange | undefined {
  const start = parseHashKey(range.startingHashKey);
  const end = parseHashKey(range.endingHashKey);
  if (start === undefined || end === undefined || start > end) return undefined;
  return { shardId, start, end };
}

/**
 * True if `hashKey` is inside `range`, both ends included.
 *
 * @example
 * ```ts
 * import { isInHashKeyRange } from '@kds/core';
 *
 * isInHashKeyRange(5n, { start: 0n, end: 5n }); // true
 * ```
 */
export function isInHashKeyRange(
  hashKey: bigint,
  range: { readonly start: bigint; readonly end: bigint },
): boolean {
  return hashKey >= range.start && hashKey <= range.end;
}

/**
 * The `count` ranges of equal width that split the hash key space, in order (the last absorbs the
 * remainder): the shards `CreateStream` or an even `UpdateShardCount` makes. `count` is a positive
 * integer.
 *
 * @example
 * ```ts
 * import { evenHashKeyRanges } from '@kds/core';
 *
 * evenHashKeyRanges(2).map((range) => range.start); // [0n, 2n ** 127n]
 * ```
 */
export function evenHashKeyRanges(count: number): { start: bigint; end: bigint }[] {
  const ranges: { start: bigint; end: bigint }[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = (BigInt(i) * HASH_KEY_SPACE) / BigInt(count);
    const next = (BigInt(i + 1) * HASH_KEY_SPACE) / BigInt(count);
    ranges.push({ start, end: next - 1n });
  }
  return ranges;
}

/**
 * Predicts shards: the open shard (no EndingSequenceNumber) of a ListShards result whose range
 * holds a record's hash key, found by binary search; `undefined` when the key falls in no open
 * shard. Shards without an id or a valid range are left out.
 */
export interface ShardPredictor {
  /** The open shards' ranges, sorted by hash key. */
  readonly ranges: readonly ResolvedHashKeyRange[];
  /** The shard whose range holds `hashKey`. */
  shardOfHashKey(hashKey: bigint): ResolvedHashKeyRange | undefined;
  /** The shard a record lands on: its ExplicitHashKey, else the MD5 of its partition key. */
  predict(record: {
    readonly partitionKey: string;
    readonly explicitHashKey?: string | undefined;
  }): ResolvedHashKeyRange | undefined;
}

/**
 * Builds a {@link ShardPredictor} of the open shards among `shards`.
 *
 * @example
 * ```ts
 * import { createShardPredictor } from '@kds/core';
 *
 * const predictor = createShardPredictor([
 *   { ShardId: 'shardId-000000000000', HashKeyRange: { StartingHashKey: '0', EndingHashKey: '170141183460469231731687303715884105727' } },
 *   { ShardId: 'shardId-000000000001', HashKeyRange: { StartingHashKey: '170141183460469231731687303715884105728', EndingHashKey: '340282366920938463463374607431768211455' } },
 * ]);
 * predictor.predict({ partitionKey: 'A' })?.shardId; // 'shardId-000000000000'
 * predictor.predict({ partitionKey: 'B' })?.shardId; // 'shardId-000000000001'
 * ```
 */
export function createShardPredictor(shards: readonly ShardDescription[]): ShardPredictor {
  const ranges: ResolvedHashKeyRange[] = [];
  for (const shard of shards) {
    if (shard.ShardId === undefined || shard.HashKeyRange === undefined) continue;
    if (shard.SequenceNumberRange?.EndingSequenceNumber !== undefined) continue;
    const range = resolveHashKeyRange(
      {
        startingHashKey: shard.HashKeyRange.StartingHashKey ?? '',
        endingHashKey: shard.HashKeyRange.EndingHashKey ?? '',
      },
      shard.ShardId,
    );
    if (range !== undefined) ranges.push(range);
  }
  ranges.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const shardOfHashKey = (hashKey: bigint): ResolvedHashKeyRange | undefined => {
    let low = 0;
    let high = ranges.length - 1;
    let candidate: ResolvedHashKeyRange | undefined;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const range = ranges[middle] as ResolvedHashKeyRange;
      if (range.start <= hashKey) {
        candidate = range;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return candidate !== undefined && hashKey <= candidate.end ? candidate : undefined;
  };
  return {
    ranges,
    shardOfHashKey,
    predict: (record) => shardOfHashKey(routingHashKey(record)),
  };
}
