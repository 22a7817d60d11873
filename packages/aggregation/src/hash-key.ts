import { hashKeyOfPartitionKey } from '@kds/core';
import { InvalidRecordCode, InvalidRecordError } from './errors.js';
import { checkHashKey } from './validation.js';

/**
 * The 128-bit hash key Kinesis routes a record by: its ExplicitHashKey if it has one, else the MD5
 * of its partition key's UTF-8 bytes read as an unsigned big-endian integer. The shard whose
 * `[StartingHashKey, EndingHashKey]` holds it receives the record. Any string key has a hash key
 * (user records read out of an aggregate may carry keys Kinesis would refuse on a plain record);
 * an ExplicitHashKey Kinesis would refuse, or a key that is not a string, throws
 * `InvalidRecordError`.
 *
 * @example
 * ```ts
 * import { hashKeyOf } from '@kds/aggregation';
 *
 * const onFirstHalf = hashKeyOf({ partitionKey: 'A' }) < 2n ** 127n; // true
 * const pinned = hashKeyOf({ partitionKey: 'x', explicitHashKey: '42' }); // 42n
 * ```
 */
export function hashKeyOf(record: { partitionKey: string; explicitHashKey?: string }): bigint {
  const { partitionKey, explicitHashKey } = record;
  if (explicitHashKey !== undefined) {
    checkHashKey(explicitHashKey);
    return BigInt(explicitHashKey);
  }
  if (typeof partitionKey !== 'string') {
    throw new InvalidRecordError(
      InvalidRecordCode.InvalidPartitionKey,
      'Partition key must be a string',
    );
  }
  return hashKeyOfPartitionKey(partitionKey);
}
