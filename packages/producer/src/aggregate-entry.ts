import type { PendingRecord } from './pending-record.js';
import type { ShardRange } from './shard-map.js';

/**
 * One Kinesis record carrying several user records (the KPL aggregated format): partition key
 * `"a"` and the ExplicitHashKey of its first user record, which lies in the range of the shard every
 * one of them was predicted to. `records[i]` has sub-sequence number `i`.
 */
export class AggregateEntry {
  readonly data: Uint8Array;
  readonly partitionKey: string;
  readonly explicitHashKey: string;
  /** Data + partition key bytes: what Kinesis counts against its limits. */
  readonly size: number;
  readonly records: readonly PendingRecord[];
  /** The shard its records were grouped for. */
  readonly shard: ShardRange;

  constructor(
    flushed: {
      readonly data: Uint8Array;
      readonly partitionKey: string;
      readonly explicitHashKey: string;
      readonly records: readonly PendingRecord[];
    },
    shard: ShardRange,
  ) {
    this.data = flushed.data;
    this.partitionKey = flushed.partitionKey;
    this.explicitHashKey = flushed.explicitHashKey;
    this.size = flushed.data.length + Buffer.byteLength(flushed.partitionKey);
    this.records = flushed.records;
    this.shard = shard;
  }
}

/** One entry of a PutRecords request: a plain user record or an aggregate of several. */
export type KinesisEntry = PendingRecord | AggregateEntry;
