import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { listShards } from '@kds/local';

/**
 * GetRecords returns at most 10,000 records per call (see docs/kinesis-facts.md, "Service limits").
 */
const GET_RECORDS_LIMIT = 10_000;

/** Bounds the calls per shard: far more than any scenario's records need. */
const MAX_CALLS_PER_SHARD = 10_000;

/** A record as read back, with the shard it is in. */
export interface StoredRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

/**
 * Reads every record of every shard (open and closed) from TRIM_HORIZON to its end: what the
 * stream really holds, to compare with what the producer said it put.
 *
 * @example
 * ```ts
 * import { readStream } from './stream.js';
 *
 * const records = await readStream(client, 'TestDataStream');
 * ```
 */
export async function readStream(
  client: KinesisClient,
  streamName: string,
): Promise<StoredRecord[]> {
  const stored: StoredRecord[] = [];
  for (const shard of await listShards(client, streamName)) {
    const shardId = shard.ShardId ?? '';
    const { ShardIterator } = await client.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    let iterator = ShardIterator;
    for (let calls = 0; iterator !== undefined && calls < MAX_CALLS_PER_SHARD; calls += 1) {
      const page = await client.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: GET_RECORDS_LIMIT }),
      );
      const records: _Record[] = page.Records ?? [];
      for (const record of records) {
        stored.push({
          shardId,
          sequenceNumber: record.SequenceNumber ?? '',
          partitionKey: record.PartitionKey ?? '',
          data: record.Data ?? new Uint8Array(),
        });
      }
      // A closed shard ends with no next iterator; an open one is read once a page comes back empty.
      if (records.length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return stored;
}
