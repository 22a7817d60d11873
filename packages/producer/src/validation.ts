import { MAX_HASH_KEY, MAX_PARTITION_KEY_LENGTH } from './constants.js';
import { InvalidHashKeyError, InvalidPartitionKeyError, RecordTooLargeError } from './errors.js';

/** Kinesis' pattern for ExplicitHashKey, `0|([1-9]\d{0,38})`: no sign, no leading zeros. */
const DECIMAL = /^(?:0|[1-9]\d*)$/;

/** Partition keys count Unicode characters (code points), not UTF-16 units. */
function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

export function checkPartitionKey(partitionKey: string): void {
  if (partitionKey.length === 0) {
    throw new InvalidPartitionKeyError('Partition key is empty; it must be 1 to 256 characters');
  }
  // A string of at most 256 UTF-16 units has at most 256 code points: skip the count then.
  if (partitionKey.length > MAX_PARTITION_KEY_LENGTH) {
    const length = characterCount(partitionKey);
    if (length > MAX_PARTITION_KEY_LENGTH) {
      throw new InvalidPartitionKeyError(
        `Partition key is ${length} characters; the limit is ${MAX_PARTITION_KEY_LENGTH}`,
      );
    }
  }
}

export function checkHashKey(hashKey: string): void {
  if (!DECIMAL.test(hashKey) || BigInt(hashKey) > MAX_HASH_KEY) {
    throw new InvalidHashKeyError(hashKey);
  }
}

export function checkRecordSize(size: number, limit: number): void {
  if (size > limit) throw new RecordTooLargeError(size, limit);
}
