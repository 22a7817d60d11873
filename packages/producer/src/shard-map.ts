import type { Shard } from '@aws-sdk/client-kinesis';
import { hashKeyBytesOfPartitionKey, hashKeyToBytes } from '@kds/core';

/** An open shard of the stream and the hash keys it owns, as ListShards gives them (decimal). */
export interface ShardInfo {
  readonly shardId: string;
  readonly startingHashKey: string;
  readonly endingHashKey: string;
}

/** A shard of the map: its range also as 16-byte big-endian keys, for fast comparison. */
export interface ShardRange extends ShardInfo {
  readonly start: Buffer;
  readonly end: Buffer;
  /** Its position in the map, by hash range: 0 to the map's size - 1. */
  readonly index: number;
}

/** Predictions remembered per map; the tutorial's 100 keys never hash twice. Cleared when full. */
const MAX_CACHED_PREDICTIONS = 10_000;

/**
 * The open shards of a stream, sorted by hash range, and the shard each record should land on: the
 * one whose [StartingHashKey, EndingHashKey] holds the record's ExplicitHashKey, or else the MD5 of
 * its partition key (see docs/kinesis-facts.md, "Partition keys and hash keys"). A map is
 * immutable; a reshard yields a new one.
 */
export class ShardMap {
  readonly shards: readonly ShardRange[];
  /** The shards as strategies see them: plain, frozen, without the byte forms. */
  readonly infos: readonly ShardInfo[];
  private readonly byId: ReadonlyMap<string, ShardRange>;
  private readonly byPartitionKey = new Map<string, ShardRange | undefined>();
  private readonly byExplicitHashKey = new Map<string, ShardRange | undefined>();

  private constructor(shards: readonly ShardRange[]) {
    this.shards = shards;
    this.infos = Object.freeze(
      shards.map(({ shardId, startingHashKey, endingHashKey }) =>
        Object.freeze({ shardId, startingHashKey, endingHashKey }),
      ),
    );
    this.byId = new Map(shards.map((shard) => [shard.shardId, shard]));
  }

  /** The map of the open shards (no EndingSequenceNumber) among a ListShards result. */
  static fromShards(shards: readonly Shard[]): ShardMap {
    const open: Omit<ShardRange, 'index'>[] = [];
    for (const shard of shards) {
      const range = shard.HashKeyRange;
      if (
        shard.ShardId === undefined ||
        range?.StartingHashKey === undefined ||
        range.EndingHashKey === undefined ||
        shard.SequenceNumberRange?.EndingSequenceNumber !== undefined
      ) {
        continue;
      }
      open.push({
        shardId: shard.ShardId,
        startingHashKey: range.StartingHashKey,
        endingHashKey: range.EndingHashKey,
        start: hashKeyToBytes(BigInt(range.StartingHashKey)),
        end: hashKeyToBytes(BigInt(range.EndingHashKey)),
      });
    }
    open.sort((a, b) => Buffer.compare(a.start, b.start));
    return new ShardMap(open.map((shard, index) => ({ ...shard, index })));
  }

  get size(): number {
    return this.shards.length;
  }

  has(shardId: string): boolean {
    return this.byId.has(shardId);
  }

  /** The shard whose range holds a 16-byte hash key, by binary search; none if it falls in a gap. */
  shardOfHashKey(hashKey: Buffer): ShardRange | undefined {
    let low = 0;
    let high = this.shards.length - 1;
    let candidate: ShardRange | undefined;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const shard = this.shards[middle] as ShardRange;
      if (Buffer.compare(shard.start, hashKey) <= 0) {
        candidate = shard;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return candidate !== undefined && Buffer.compare(hashKey, candidate.end) <= 0
      ? candidate
      : undefined;
  }

  /** The shard a record of this key (and optional ExplicitHashKey) should land on. */
  predict(partitionKey: string, explicitHashKey?: string): ShardRange | undefined {
    if (this.shards.length === 0) return undefined;
    const cache = explicitHashKey === undefined ? this.byPartitionKey : this.byExplicitHashKey;
    const cacheKey = explicitHashKey ?? partitionKey;
    const cached = cache.get(cacheKey);
    if (cached !== undefined || cache.has(cacheKey)) return cached;
    const hashKey =
      explicitHashKey === undefined
        ? hashKeyBytesOfPartitionKey(partitionKey)
        : hashKeyToBytes(BigInt(explicitHashKey));
    const shard = this.shardOfHashKey(hashKey);
    if (cache.size >= MAX_CACHED_PREDICTIONS) cache.clear();
    cache.set(cacheKey, shard);
    return shard;
  }
}
