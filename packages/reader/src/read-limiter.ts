import { MIN_READ_INTERVAL_MS, READ_LIMITER_PRUNE_THRESHOLD } from './constants.js';

/**
 * Spaces the GetRecords calls on each shard so that every reader of a process together stays
 * within Kinesis's 5 calls per second per shard
 * (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html).
 */
export interface ShardReadLimiter {
  /** Reserves the next call slot of a shard and returns how many ms to wait for it. */
  reserve(shardKey: string): number;
}

/** Options of {@link createShardReadLimiter}. */
export interface ShardReadLimiterOptions {
  /** Time between two calls on one shard. Default 200 ms (`MIN_READ_INTERVAL_MS`). */
  intervalMs?: number;
  /** The clock. Default `Date.now`. */
  now?: () => number;
}

/**
 * A limiter that grants one GetRecords call per shard every `intervalMs` (default 200 ms).
 *
 * @example
 * ```ts
 * import { createShardReadLimiter } from '@kds/reader';
 *
 * const limiter = createShardReadLimiter();
 * const waitMs = limiter.reserve('arn:aws:kinesis:us-east-1:000000000000:stream/S/shardId-000000000000');
 * ```
 */
export function createShardReadLimiter(options: ShardReadLimiterOptions = {}): ShardReadLimiter {
  const { intervalMs = MIN_READ_INTERVAL_MS, now = () => Date.now() } = options;
  const nextSlot = new Map<string, number>();
  return {
    reserve(shardKey) {
      const at = now();
      const slot = Math.max(at, nextSlot.get(shardKey) ?? 0);
      nextSlot.set(shardKey, slot + intervalMs);
      // Forget shards idle for a while so the map does not grow with every stream ever read.
      if (nextSlot.size > READ_LIMITER_PRUNE_THRESHOLD) {
        for (const [key, next] of nextSlot) if (next < at) nextSlot.delete(key);
      }
      return slot - at;
    },
  };
}

/**
 * The limiter every reader of this process shares unless given its own.
 *
 * @example
 * ```ts
 * import { sharedShardReadLimiter } from '@kds/reader';
 *
 * const waitMs = sharedShardReadLimiter.reserve('stream/shardId-000000000000');
 * ```
 */
export const sharedShardReadLimiter: ShardReadLimiter = createShardReadLimiter();
