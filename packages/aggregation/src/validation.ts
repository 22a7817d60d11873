import { MAX_HASH_KEY, MAX_PARTITION_KEY_LENGTH } from './constants.js';
import { InvalidRecordCode, InvalidRecordError } from './errors.js';
import type { UserRecord } from './types.js';

/** Kinesis' pattern for ExplicitHashKey, `0|([1-9]\d{0,38})`: no sign, no leading zeros. */
const DECIMAL_HASH_KEY = /^(?:0|[1-9]\d{0,38})$/;

/** The 39-digit decimal strings above this one are above 2^128 - 1. */
const MAX_HASH_KEY_TEXT = MAX_HASH_KEY.toString();

/** True if `text` is an ExplicitHashKey Kinesis accepts. */
export function isValidHashKey(text: string): boolean {
  if (!DECIMAL_HASH_KEY.test(text)) return false;
  // Same-length decimal strings compare as numbers do; only 39 digits can exceed the maximum.
  return text.length < MAX_HASH_KEY_TEXT.length || text <= MAX_HASH_KEY_TEXT;
}

export function checkPartitionKey(partitionKey: unknown): asserts partitionKey is string {
  if (typeof partitionKey !== 'string' || partitionKey.length === 0) {
    throw new InvalidRecordError(
      InvalidRecordCode.InvalidPartitionKey,
      'Partition key must be a string of 1 to 256 characters',
    );
  }
  // A string of at most 256 UTF-16 units has at most 256 code points: count only beyond that.
  if (partitionKey.length > MAX_PARTITION_KEY_LENGTH) {
    let characters = 0;
    for (const _ of partitionKey) characters += 1;
    if (characters > MAX_PARTITION_KEY_LENGTH) {
      throw new InvalidRecordError(
        InvalidRecordCode.InvalidPartitionKey,
        `Partition key is ${characters} characters; the limit is ${MAX_PARTITION_KEY_LENGTH}`,
      );
    }
  }
}

export function checkHashKey(explicitHashKey: unknown): asserts explicitHashKey is string {
  if (typeof explicitHashKey !== 'string' || !isValidHashKey(explicitHashKey)) {
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
