import type { _Record } from '@aws-sdk/client-kinesis';
import type { KinesisStreamEvent } from '@kds/consumer';
import { toKinesisEvent } from '@kds/local';

/** A sequence number of the size Kinesis hands out: far beyond 2^53. */
const BASE_SEQUENCE_NUMBER =
  49_590_338_271_490_256_608_559_692_538_361_571_095_921_575_989_136_588_898n;

/** The shard the made-up events come from. */
export const EVENT_SHARD_ID = 'shardId-000000000000';

/** One record's bytes and partition key. */
export interface RawRecord {
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

/**
 * Lambda Kinesis events of one shard, `batchSize` records each, with increasing sequence numbers
 * from `firstOffset`: exactly what the trigger would deliver for these bytes.
 *
 * @example
 * ```ts
 * import { kinesisEvents } from './events.js';
 *
 * const [event] = kinesisEvents([{ partitionKey: 'Q', data: new Uint8Array([123, 125]) }]);
 * ```
 */
export function kinesisEvents(
  records: readonly RawRecord[],
  options: { batchSize?: number; firstOffset?: number } = {},
): KinesisStreamEvent[] {
  const { batchSize = 100, firstOffset = 0 } = options;
  const arrived = new Date();
  const all: _Record[] = records.map((record, index) => ({
    SequenceNumber: (BASE_SEQUENCE_NUMBER + BigInt(firstOffset + index)).toString(),
    PartitionKey: record.partitionKey,
    Data: record.data,
    ApproximateArrivalTimestamp: arrived,
  }));
  const events: KinesisStreamEvent[] = [];
  for (let offset = 0; offset < all.length; offset += batchSize) {
    events.push(
      toKinesisEvent(all.slice(offset, offset + batchSize), {
        shardId: EVENT_SHARD_ID,
        streamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/reliability',
        region: 'us-east-1',
      }),
    );
  }
  return events;
}
