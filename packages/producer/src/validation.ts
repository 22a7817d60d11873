import { isValidExplicitHashKey, MAX_PARTITION_KEY_LENGTH, partitionKeyLength } from '@kds/core';
import { InvalidHashKeyError, InvalidPartitionKeyError, RecordTooLargeError } from './errors.js';

export function checkPartitionKey(partitionKey: string): void {
  if (partitionKey.length === 0) {
    throw new InvalidPartitionKeyError('Partition key is empty; it must be 1 to 256 characters');
  }
  // A string of at most 256 UTF-16 units has at most 256 code points: skip the count then.
  if (partitionKey.length > MAX_PARTITION_KEY_LENGTH) {
    const length = partitionKeyLength(partitionKey);
    if (length > MAX_PARTITION_KEY_LENGTH) {
      throw new InvalidPartitionKeyError(
        `Partition key is ${length} characters; the limit is ${MAX_PARTITION_KEY_LENGTH}`,
      );
    }
  }
}

export function checkHashKey(hashKey: string): void {
  if (!isValidExplicitHashKey(hashKey)) throw new InvalidHashKeyError(hashKey);
}

export function checkRecordSize(size: number, limit: number): void {
  if (size > limit) throw new RecordTooLargeError(size, limit);
}
