import { createHash } from 'node:crypto';

/** Hash keys are 128-bit: 16 bytes, big-endian. */
const HASH_KEY_BYTES = 16;

/**
 * The hash key Kinesis derives from a partition key: the MD5 of its UTF-8 bytes, read as an
 * unsigned 128-bit big-endian integer (see docs/kinesis-facts.md, "Partition keys and hash keys").
 * Kept as 16 bytes: comparing buffers is cheaper than building a BigInt for every record.
 */
export function hashKeyOfPartitionKey(partitionKey: string): Buffer {
  return createHash('md5').update(partitionKey, 'utf8').digest();
}

/** A 128-bit hash key as 16 big-endian bytes. */
export function hashKeyToBytes(hashKey: bigint): Buffer {
  return Buffer.from(hashKey.toString(16).padStart(HASH_KEY_BYTES * 2, '0'), 'hex');
}

/** A validated decimal ExplicitHashKey as 16 big-endian bytes. */
export function explicitHashKeyToBytes(explicitHashKey: string): Buffer {
  return hashKeyToBytes(BigInt(explicitHashKey));
}
