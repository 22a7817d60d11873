import type { _Record } from '@aws-sdk/client-kinesis';
import type { KinesisStreamEvent, KinesisStreamRecord } from '@kds/consumer';
import { LOCAL_ACCOUNT_ID } from './constants.js';

/** Where the records of an event come from. */
export interface EventSource {
  readonly shardId: string;
  readonly streamARN: string;
  readonly region: string;
  /** The role the function runs as; Lambda puts it in every record. */
  readonly invokeIdentityArn?: string;
}

/**
 * Turns GetRecords records of one shard into the event Lambda sends for a Kinesis trigger,
 * field for field: base64 data, epoch-seconds arrival time, `<shardId>:<sequenceNumber>` event ID.
 *
 * @example
 * ```ts
 * import { toKinesisEvent } from '@kds/local';
 *
 * const event = toKinesisEvent([], {
 *   shardId: 'shardId-000000000000',
 *   streamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/TestDataStream',
 *   region: 'us-east-1',
 * });
 * ```
 */
export function toKinesisEvent(
  records: readonly _Record[],
  source: EventSource,
): KinesisStreamEvent {
  const invokeIdentityArn =
    source.invokeIdentityArn ?? `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/kds-local-trigger`;
  return {
    Records: records.map((record): KinesisStreamRecord => {
      const sequenceNumber = record.SequenceNumber ?? '';
      return {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: record.PartitionKey ?? '',
          sequenceNumber,
          data: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
          approximateArrivalTimestamp:
            (record.ApproximateArrivalTimestamp?.getTime() ?? Date.now()) / 1000,
          ...(record.EncryptionType === 'KMS' ? { encryptionType: 'KMS' } : {}),
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `${source.shardId}:${sequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn,
        awsRegion: source.region,
        eventSourceARN: source.streamARN,
      };
    }),
  };
}
