import type { _Record } from '@aws-sdk/client-kinesis';
import {
  type GetRecordsSource,
  type KinesisStreamEvent,
  toKinesisStreamEvent,
} from '@kds/consumer';

/** Where the records of an event come from. */
export interface EventSource extends GetRecordsSource {
  /** The role the function runs as; Lambda puts it in every record. */
  readonly invokeIdentityArn?: string;
}

/**
 * Turns GetRecords records of one shard into the event Lambda sends for a Kinesis trigger,
 * field for field: base64 data, epoch-seconds arrival time, `<shardId>:<sequenceNumber>` event ID.
 * The same as `toKinesisStreamEvent` of `@kds/consumer`, which it calls.
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
  return toKinesisStreamEvent(records, source);
}
