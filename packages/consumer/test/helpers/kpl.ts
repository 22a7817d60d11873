import { createHash } from 'node:crypto';
import { AGGREGATE_MAGIC, encodeAggregate, type UserRecord } from '@kds/aggregation';
import type { Spot } from '@kds/schema';
import type { KinesisStreamRecord, ShardDescription } from '../../src/index.js';
import { makeRecord, type RecordOptions, sequenceNumber } from './records.js';

/** The partition key the KPL sends aggregates with. */
export const AGGREGATE_PARTITION_KEY = 'a';

/** The shards of a 2-shard stream split evenly at 2^127, as ListShards describes them. */
export const TWO_SHARDS: readonly ShardDescription[] = [
  {
    ShardId: 'shardId-000000000000',
    HashKeyRange: { StartingHashKey: '0', EndingHashKey: (2n ** 127n - 1n).toString() },
  },
  {
    ShardId: 'shardId-000000000001',
    HashKeyRange: {
      StartingHashKey: (2n ** 127n).toString(),
      EndingHashKey: (2n ** 128n - 1n).toString(),
    },
  },
];

/**
 * One-letter partition keys of each shard of {@link TWO_SHARDS} (see docs/kinesis-facts.md, "Facts
 * for tests").
 */
export const FIRST_SHARD_KEYS = [...'ACEMPSUVWXYZ'] as Spot[];
export const SECOND_SHARD_KEYS = [...'BDFGHIJKLNOQRT'] as Spot[];

/** Magic + body + the body's MD5: an aggregate's frame around any body, valid or not. */
export function framed(body: Uint8Array): Buffer {
  return Buffer.concat([AGGREGATE_MAGIC, body, createHash('md5').update(body).digest()]);
}

/** The aggregate with its last MD5 byte flipped. */
export function withCorruptedMd5(aggregate: Uint8Array): Buffer {
  const bytes = Buffer.from(aggregate);
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
  return bytes;
}

/** A user record carrying a value as JSON. */
export function jsonUser(
  value: unknown,
  partitionKey: string,
  explicitHashKey?: string,
): UserRecord {
  const data = Buffer.from(JSON.stringify(value));
  return explicitHashKey === undefined
    ? { partitionKey, data }
    : { partitionKey, explicitHashKey, data };
}

/** A record of a Lambda event holding these bytes, sent with the KPL's partition key "a". */
export function makeBytesRecord(
  bytes: Uint8Array,
  seq: string = sequenceNumber(0),
  options: RecordOptions = {},
): KinesisStreamRecord {
  return makeRecord(Buffer.from(bytes).toString('base64'), seq, {
    partitionKey: AGGREGATE_PARTITION_KEY,
    ...options,
  });
}

/** A record of a Lambda event holding a KPL aggregate of the user records. */
export function makeAggregateRecord(
  users: readonly UserRecord[],
  seq: string = sequenceNumber(0),
  options: RecordOptions = {},
): KinesisStreamRecord {
  return makeBytesRecord(encodeAggregate(users), seq, options);
}
