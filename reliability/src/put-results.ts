/** Where a put landed. */
export interface Landed {
  readonly shardId: string;
  readonly sequenceNumber: string;
}

/**
 * The highest sequence number per shard: what a trigger must have checkpointed before every put
 * so far has reached the handler.
 *
 * @example
 * ```ts
 * import { lastPerShard } from './put-results.js';
 *
 * lastPerShard([{ shardId: 's0', sequenceNumber: '2' }, { shardId: 's0', sequenceNumber: '10' }]); // { s0: '10' }
 * ```
 */
export function lastPerShard(results: Iterable<Landed>): Record<string, string> {
  const last: Record<string, string> = {};
  for (const { shardId, sequenceNumber } of results) {
    const current = last[shardId];
    // Sequence numbers exceed 2^53: compare them as BigInt (KINESIS.md).
    if (current === undefined || BigInt(sequenceNumber) > BigInt(current))
      last[shardId] = sequenceNumber;
  }
  return last;
}
