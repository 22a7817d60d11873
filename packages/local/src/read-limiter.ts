import { MIN_POLL_INTERVAL_MS } from './constants.js';

/**
 * Spaces the GetRecords calls on each shard so that every trigger of a process together stays
 * within Kinesis's 5 calls per second per shard (KINESIS.md, reads per shard).
 */
export interface ShardReadLimiter {
  /** Reserves the next call slot of a shard and returns how many ms to wait for it. */
  reserve(shardKey: string): number;
}

/**
 * A limiter that grants one GetRecords call per shard every `intervalMs` (default 200 ms).
 *
 * @example
 * ```ts
 * import { createShardReadLimiter } from '@kds/local';
 *
 * const limiter = createShardReadLimiter();
 * const waitMs = limiter.reserve('arn:aws:kinesis:us-east-1:000000000000:stream/S/shardId-000000000000');
 * ```
 */
export function createShardReadLimiter(
  options: { intervalMs?: number; now?: () => number } = {},
): ShardReadLimiter {
  const { intervalMs = MIN_POLL_INTERVAL_MS, now = Date.now } = options;
  const nextSlot = new Map<string, number>();
  return {
    reserve(shardKey) {
      const at = now();
      const slot = Math.max(at, nextSlot.get(shardKey) ?? 0);
      nextSlot.set(shardKey, slot + intervalMs);
      // Forget shards idle for a while so the map does not grow with every stream ever read.
      if (nextSlot.size > 10_000) {
        for (const [key, next] of nextSlot) if (next < at) nextSlot.delete(key);
      }
      return slot - at;
    },
  };
}

/**
 * The limiter every trigger of this process shares unless given its own.
 *
 * @example
 * ```ts
 * import { sharedShardReadLimiter } from './read-limiter.js';
 *
 * const waitMs = sharedShardReadLimiter.reserve('stream/shardId-000000000000');
 * ```
 */
export const sharedShardReadLimiter: ShardReadLimiter = createShardReadLimiter();
