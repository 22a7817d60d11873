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
  for (const result of results) keepLast(last, result);
  return last;
}

/**
 * Raises a shard's entry of `last` to a put's sequence number if it is higher: a running
 * {@link lastPerShard} that keeps nothing per put.
 *
 * @example
 * ```ts
 * import { keepLast } from './put-results.js';
 *
 * const last: Record<string, string> = {};
 * keepLast(last, { shardId: 's0', sequenceNumber: '7' });
 * ```
 */
export function keepLast(last: Record<string, string>, { shardId, sequenceNumber }: Landed): void {
  const current = last[shardId];
  // Sequence numbers exceed 2^53: compare them as BigInt (see docs/kinesis-facts.md, "Sequence
  // numbers").
  if (current === undefined || BigInt(sequenceNumber) > BigInt(current))
    last[shardId] = sequenceNumber;
}
