import { MAX_PARTITION_KEY_LENGTH } from './limits.js';
import { md5 } from './md5.js';

// Hash keys: see docs/kinesis-facts.md, "Partition keys and hash keys", and
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecordsRequestEntry.html

/** A hash key is an unsigned 128-bit integer: 16 bytes, big-endian. */
export const HASH_KEY_BYTES = 16;

/** The number of hash keys, 2^128: the space the shards of a stream divide between them. */
export const HASH_KEY_SPACE = 1n << 128n;

/** The largest hash key, 2^128 - 1: the EndingHashKey of a stream's last shard. */
export const MAX_HASH_KEY = HASH_KEY_SPACE - 1n;

/** Kinesis' pattern for ExplicitHashKey, `0|([1-9]\d{0,38})`: no sign, no leading zeros. */
const EXPLICIT_HASH_KEY = /^(?:0|[1-9]\d{0,38})$/;

/** The 39-digit decimal strings above this one are above 2^128 - 1. */
const MAX_HASH_KEY_TEXT = MAX_HASH_KEY.toString();

/** A hash key as ListShards writes it, leading zeros tolerated: 1 to 39 digits. */
const HASH_KEY_DIGITS = /^\d{1,39}$/;

/**
 * True if `text` is an ExplicitHashKey Kinesis accepts: a decimal integer from 0 to 2^128 - 1 with
 * no sign and no leading zero.
 *
 * @example
 * ```ts
 * import { isValidExplicitHashKey } from '@kds/core';
 *
 * isValidExplicitHashKey('340282366920938463463374607431768211455'); // true: 2^128 - 1
 * isValidExplicitHashKey('340282366920938463463374607431768211456'); // false: 2^128
 * isValidExplicitHashKey('007'); // false: leading zeros
 * ```
 */
export function isValidExplicitHashKey(text: string): boolean {
  if (!EXPLICIT_HASH_KEY.test(text)) return false;
  // Same-length decimal strings compare as numbers do; only 39 digits can exceed the maximum.
  return text.length < MAX_HASH_KEY_TEXT.length || text <= MAX_HASH_KEY_TEXT;
}

/**
 * A hash key given as a decimal string (as ListShards gives `StartingHashKey`; leading zeros
 * allowed) or a BigInt, as a BigInt; `undefined` when it is neither or outside 0..2^128 - 1.
 *
 * @example
 * ```ts
 * import { parseHashKey } from '@kds/core';
 *
 * parseHashKey('170141183460469231731687303715884105728'); // 2n ** 127n
 * parseHashKey('-1'); // undefined
 * ```
 */
export function parseHashKey(value: unknown): bigint | undefined {
  const key =
    typeof value === 'bigint'
      ? value
      : typeof value === 'string' && HASH_KEY_DIGITS.test(value)
        ? BigInt(value)
        : undefined;
  return key === undefined || key < 0n || key > MAX_HASH_KEY ? undefined : key;
}

/**
 * The number of Unicode characters of a partition key, the unit of its 256-character limit (a
 * character outside the Basic Multilingual Plane is one character but two UTF-16 units).
 *
 * @example
 * ```ts
 * import { partitionKeyLength } from '@kds/core';
 *
 * partitionKeyLength('sensor-1'); // 8
 * partitionKeyLength('🌡️'.repeat(2)); // 4: each is a thermometer and a variation selector
 * ```
 */
export function partitionKeyLength(partitionKey: string): number {
  let count = 0;
  for (const _ of partitionKey) count += 1;
  return count;
}

/**
 * True if `partitionKey` is one Kinesis accepts: a string of 1 to 256 Unicode characters.
 *
 * @example
 * ```ts
 * import { isValidPartitionKey } from '@kds/core';
 *
 * isValidPartitionKey('sensor-1'); // true
 * isValidPartitionKey(''); // false
 * isValidPartitionKey('k'.repeat(257)); // false
 * ```
 */
export function isValidPartitionKey(partitionKey: unknown): partitionKey is string {
  return (
    typeof partitionKey === 'string' &&
    partitionKey.length > 0 &&
    (partitionKey.length <= MAX_PARTITION_KEY_LENGTH ||
      partitionKeyLength(partitionKey) <= MAX_PARTITION_KEY_LENGTH)
  );
}

/**
 * The hash key of a partition key as 16 big-endian bytes: the MD5 of its UTF-8 bytes. Comparing
 * such buffers (`Buffer.compare`) orders them as the hash keys they are, without a BigInt.
 *
 * @example
 * ```ts
 * import { hashKeyBytesOfPartitionKey, hashKeyToBytes } from '@kds/core';
 *
 * const half = hashKeyToBytes(2n ** 127n);
 * Buffer.compare(hashKeyBytesOfPartitionKey('A'), half) < 0; // true: 'A' is on the first half
 * ```
 */
export function hashKeyBytesOfPartitionKey(partitionKey: string): Buffer {
  return md5(partitionKey);
}

/**
 * A 16-byte big-endian hash key as a BigInt.
 *
 * @example
 * ```ts
 * import { hashKeyFromBytes, hashKeyToBytes } from '@kds/core';
 *
 * hashKeyFromBytes(hashKeyToBytes(42n)); // 42n
 * ```
 */
export function hashKeyFromBytes(bytes: Uint8Array): bigint {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (view.readBigUInt64BE(0) << 64n) | view.readBigUInt64BE(8);
}

/**
 * A hash key (0 to 2^128 - 1) as 16 big-endian bytes.
 *
 * @example
 * ```ts
 * import { hashKeyToBytes } from '@kds/core';
 *
 * hashKeyToBytes(1n).toString('hex'); // '00000000000000000000000000000001'
 * ```
 */
export function hashKeyToBytes(hashKey: bigint): Buffer {
  return Buffer.from(hashKey.toString(16).padStart(HASH_KEY_BYTES * 2, '0'), 'hex');
}

/**
 * The 128-bit hash key Kinesis maps a partition key to: the MD5 of its UTF-8 bytes read as an
 * unsigned big-endian integer. Any string has one; whether Kinesis accepts the key is
 * {@link isValidPartitionKey}'s question.
 *
 * @example
 * ```ts
 * import { hashKeyOfPartitionKey } from '@kds/core';
 *
 * hashKeyOfPartitionKey('A') < 2n ** 127n; // true: on the first of two even shards
 * hashKeyOfPartitionKey('B') < 2n ** 127n; // false
 * ```
 */
export function hashKeyOfPartitionKey(partitionKey: string): bigint {
  return hashKeyFromBytes(md5(partitionKey));
}

/**
 * The hash key a record is routed by: its ExplicitHashKey if it has one, else the MD5 of its
 * partition key. The ExplicitHashKey is taken as given: check it with
 * {@link isValidExplicitHashKey} first where it comes from a user.
 *
 * @example
 * ```ts
 * import { routingHashKey } from '@kds/core';
 *
 * routingHashKey({ partitionKey: 'a', explicitHashKey: '42' }); // 42n
 * ```
 */
export function routingHashKey(record: {
  readonly partitionKey: string;
  readonly explicitHashKey?: string | undefined;
}): bigint {
  return record.explicitHashKey === undefined
    ? hashKeyOfPartitionKey(record.partitionKey)
    : BigInt(record.explicitHashKey);
}
