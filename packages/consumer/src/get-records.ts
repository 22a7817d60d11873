import type { KinesisStreamEvent, KinesisStreamRecord } from '@kds/core';
import { DEFAULT_INVOKE_IDENTITY_ARN } from './constants.js';

/**
 * One record as GetRecords returns it, typed by the fields read, so the SDK's `_Record`
 * (`@aws-sdk/client-kinesis`) fits without this package depending on the SDK.
 */
export interface GetRecordsRecord {
  readonly Data?: Uint8Array | undefined;
  readonly PartitionKey?: string | undefined;
  readonly SequenceNumber?: string | undefined;
  readonly ApproximateArrivalTimestamp?: Date | undefined;
  /** `"KMS"` on an encrypted stream, `"NONE"` otherwise. */
  readonly EncryptionType?: string | undefined;
}

/** Where the records of an event come from: the shard, its stream and the identity to report. */
export interface GetRecordsSource {
  /** The shard the records were read from; with a sequence number it makes each `eventID`. */
  readonly shardId: string;
  /** The stream's ARN, reported as each record's `eventSourceARN`. */
  readonly streamARN: string;
  /** The stream's region, reported as each record's `awsRegion`. */
  readonly region: string;
  /** The role the reader runs as (Lambda reports the function's role). Default {@link DEFAULT_INVOKE_IDENTITY_ARN}. */
  readonly invokeIdentityArn?: string | undefined;
}

// The constant fields of every record of a Lambda Kinesis event:
// https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html (example event).
const KINESIS_SCHEMA_VERSION = '1.0';
const EVENT_SOURCE = 'aws:kinesis';
const EVENT_VERSION = '1.0';
const EVENT_NAME = 'aws:kinesis:record';
const KMS = 'KMS';
const MS_PER_SECOND = 1000;

function base64Of(data: Uint8Array | undefined): string {
  if (data === undefined || data.byteLength === 0) return '';
  // A view over the same memory: no copy of the record's bytes before encoding.
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/**
 * Turns records of one shard, as GetRecords returns them, into the event Lambda sends for a
 * Kinesis trigger, field for field: base64 data, arrival time in epoch seconds with a fraction
 * (the time of the call when a record has none), `<shardId>:<sequenceNumber>` event ID,
 * `encryptionType` on KMS-encrypted records. The result goes to a decoder's `decodeAll` or to
 * {@link processKinesisEvent} as a Lambda event would, so a reader outside Lambda (a worker
 * polling GetRecords) decodes and deaggregates exactly as the Lambda handler does.
 *
 * @example
 * ```ts
 * import { GetRecordsCommand, KinesisClient } from '@aws-sdk/client-kinesis';
 * import { createDecoder, toKinesisStreamEvent } from '@kds/consumer';
 * import { ReadingSchema } from '@kds/schema';
 *
 * const client = new KinesisClient({});
 * const { Records = [] } = await client.send(new GetRecordsCommand({ ShardIterator: 'iterator' }));
 * const event = toKinesisStreamEvent(Records, {
 *   shardId: 'shardId-000000000000',
 *   streamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/TestDataStream',
 *   region: 'us-east-1',
 * });
 * for (const result of createDecoder({ schema: ReadingSchema }).decodeAll(event.Records)) {
 *   if (result.ok) console.log(result.value.Temperature);
 * }
 * ```
 */
export function toKinesisStreamEvent(
  records: readonly GetRecordsRecord[],
  source: GetRecordsSource,
): KinesisStreamEvent {
  const { shardId, streamARN, region } = source;
  const invokeIdentityArn = source.invokeIdentityArn ?? DEFAULT_INVOKE_IDENTITY_ARN;
  const eventIdPrefix = `${shardId}:`;
  // Read once, so records without an arrival time in one event share it.
  const now = Date.now();
  const Records = new Array<KinesisStreamRecord>(records.length);
  for (let i = 0; i < records.length; i += 1) {
    const record = records[i] as GetRecordsRecord;
    const sequenceNumber = record.SequenceNumber ?? '';
    const arrivedAt = record.ApproximateArrivalTimestamp?.getTime() ?? now;
    Records[i] = {
      kinesis: {
        kinesisSchemaVersion: KINESIS_SCHEMA_VERSION,
        partitionKey: record.PartitionKey ?? '',
        sequenceNumber,
        data: base64Of(record.Data),
        approximateArrivalTimestamp: arrivedAt / MS_PER_SECOND,
        ...(record.EncryptionType === KMS ? { encryptionType: KMS } : {}),
      },
      eventSource: EVENT_SOURCE,
      eventVersion: EVENT_VERSION,
      eventID: eventIdPrefix + sequenceNumber,
      eventName: EVENT_NAME,
      invokeIdentityArn,
      awsRegion: region,
      eventSourceARN: streamARN,
    };
  }
  return { Records };
}
