import { isValidExplicitHashKey, MAX_PARTITION_KEY_LENGTH, partitionKeyLength } from '@kds/core';
import { InvalidRecordCode, InvalidRecordError } from './errors.js';
import type { UserRecord } from './types.js';

export function checkPartitionKey(partitionKey: unknown): asserts partitionKey is string {
  if (typeof partitionKey !== 'string' || partitionKey.length === 0) {
    throw new InvalidRecordError(
      InvalidRecordCode.InvalidPartitionKey,
      'Partition key must be a string of 1 to 256 characters',
    );
  }
  // A string of at most 256 UTF-16 units has at most 256 code points: count only beyond that.
  if (partitionKey.length > MAX_PARTITION_KEY_LENGTH) {
    const characters = partitionKeyLength(partitionKey);
    if (characters > MAX_PARTITION_KEY_LENGTH) {
      throw new InvalidRecordError(
        InvalidRecordCode.InvalidPartitionKey,
        `Partition key is ${characters} characters; the limit is ${MAX_PARTITION_KEY_LENGTH}`,
      );
    }
  }
}

export function checkHashKey(explicitHashKey: unknown): asserts explicitHashKey is string {
  if (typeof explicitHashKey !== 'string' || !isValidExplicitHashKey(explicitHashKey)) {
    throw new InvalidRecordError(
      InvalidRecordCode.InvalidHashKey,
      `ExplicitHashKey ${JSON.stringify(explicitHashKey)} is not a decimal integer between 0 and 2^128-1`,
    );
  }
}

export function checkData(data: unknown): asserts data is Uint8Array | string {
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
    throw new InvalidRecordError(
      InvalidRecordCode.InvalidData,
      'User record data must be a Uint8Array (or a Buffer), or a string sent as UTF-8',
    );
  }
}

export function checkTags(tags: UserRecord['tags']): void {
  if (tags === undefined) return;
  if (!Array.isArray(tags)) {
    throw new InvalidRecordError(InvalidRecordCode.InvalidTag, 'Tags must be an array');
  }
  for (const tag of tags as readonly unknown[]) {
    const { key, value } = (tag ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || (value !== undefined && typeof value !== 'string')) {
      throw new InvalidRecordError(
        InvalidRecordCode.InvalidTag,
        'A tag needs a string key and, if any, a string value',
      );
    }
  }
}
