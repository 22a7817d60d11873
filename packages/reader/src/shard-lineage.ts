/** What the lineage rules read of a shard, as ListShards lists it (a `Shard` fits). */
export interface LineageShard {
  ShardId?: string | undefined;
  ParentShardId?: string | undefined;
  AdjacentParentShardId?: string | undefined;
  /** A closed shard has an `EndingSequenceNumber`. */
  SequenceNumberRange?:
    | { StartingSequenceNumber?: string | undefined; EndingSequenceNumber?: string | undefined }
    | undefined;
}

/**
 * The parents a shard names: none, one (a split, or a shard a reshard opened) or two (a merge).
 *
 * @example
 * ```ts
 * import { parentShardIds } from '@kds/reader';
 *
 * parentShardIds({ ShardId: 'shardId-000000000004', ParentShardId: 'shardId-000000000001', AdjacentParentShardId: 'shardId-000000000002' });
 * // ['shardId-000000000001', 'shardId-000000000002']
 * ```
 */
export function parentShardIds(shard: LineageShard): string[] {
  return [shard.ParentShardId, shard.AdjacentParentShardId].filter(
    (parent): parent is string => parent !== undefined && parent !== '',
  );
}

/**
 * The shards that may be read now: those not done themselves whose every parent is done. A
 * child is read only after each of its parents has been read to its end, so that records of a
 * partition key are seen in order across a reshard (the KCL's rule). `isDone` answers for a
 * shard id: true when the shard is read to its end (checkpointed `SHARD_END`), or is unknown or
 * trimmed, so nothing of it is left to read.
 *
 * @example
 * ```ts
 * import { readableShards } from '@kds/reader';
 *
 * const ended = new Set(['shardId-000000000000']);
 * const known = new Set(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']);
 * const ready = readableShards(
 *   [
 *     { ShardId: 'shardId-000000000000' },
 *     { ShardId: 'shardId-000000000001', ParentShardId: 'shardId-000000000000' },
 *     { ShardId: 'shardId-000000000002', ParentShardId: 'shardId-000000000001' },
 *   ],
 *   (shardId) => ended.has(shardId) || !known.has(shardId),
 * );
 * // [{ ShardId: 'shardId-000000000001', ... }]: its child waits for it
 * ```
 */
export function readableShards<S extends LineageShard>(
  shards: readonly S[],
  isDone: (shardId: string) => boolean,
): S[] {
  return shards.filter(
    (shard) =>
      shard.ShardId !== undefined &&
      !isDone(shard.ShardId) &&
      parentShardIds(shard).every((parent) => isDone(parent)),
  );
}

/**
 * The closed shards a consumer starting at `LATEST` never reads: a closed shard without a
 * checkpoint whose parents are all unlisted (trimmed) or skipped themselves. A closed shard with
 * a checkpoint, or the child of a shard that will be read, is kept, so nothing between a read
 * parent and its children is lost.
 *
 * @example
 * ```ts
 * import { closedShardsSkippedAtLatest } from '@kds/reader';
 *
 * const skipped = closedShardsSkippedAtLatest(
 *   [
 *     { ShardId: 'shardId-000000000000', SequenceNumberRange: { StartingSequenceNumber: '1', EndingSequenceNumber: '9' } },
 *     { ShardId: 'shardId-000000000001', ParentShardId: 'shardId-000000000000', SequenceNumberRange: { StartingSequenceNumber: '10' } },
 *   ],
 *   () => false,
 * );
 * // Set { 'shardId-000000000000' }
 * ```
 */
export function closedShardsSkippedAtLatest(
  shards: readonly LineageShard[],
  hasCheckpoint: (shardId: string) => boolean,
): Set<string> {
  const listed = new Set(shards.map((shard) => shard.ShardId));
  const skipped = new Set<string>();
  const neverRead = (parent: string): boolean => !listed.has(parent) || skipped.has(parent);
  let changed = true;
  while (changed) {
    changed = false;
    for (const shard of shards) {
      const shardId = shard.ShardId;
      if (
        shardId !== undefined &&
        !skipped.has(shardId) &&
        shard.SequenceNumberRange?.EndingSequenceNumber !== undefined &&
        !hasCheckpoint(shardId) &&
        parentShardIds(shard).every(neverRead)
      ) {
        skipped.add(shardId);
        changed = true;
      }
    }
  }
  return skipped;
}
