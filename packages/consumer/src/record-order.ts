import type { KinesisStreamEvent, KinesisStreamRecord } from '@kds/core';
import { compareSequenceNumbers } from '@kds/core';
import type { UserRecord } from './deaggregation.js';
import { EventError } from './errors.js';
import type { RecordFailure } from './process-options.js';

export function sequenceNumberOf(record: KinesisStreamRecord): string {
  return record.kinesis.sequenceNumber;
}

/** The records in sequence order: as Lambda sends them, or sorted when they are not. */
export function inSequenceOrder(event: KinesisStreamEvent): readonly KinesisStreamRecord[] {
  const records = (event as { Records?: unknown } | null | undefined)?.Records;
  if (!Array.isArray(records)) {
    throw new EventError('The event has no Records array: it is not a Lambda Kinesis event');
  }
  let sorted = true;
  let previous: string | undefined;
  for (let i = 0; i < records.length; i += 1) {
    const sequenceNumber = (records[i] as KinesisStreamRecord | undefined)?.kinesis?.sequenceNumber;
    if (typeof sequenceNumber !== 'string' || sequenceNumber.length === 0) {
      throw new EventError(`Record ${i} of the event has no kinesis.sequenceNumber`);
    }
    if (previous !== undefined && sorted) {
      try {
        sorted = compareSequenceNumbers(previous, sequenceNumber) <= 0;
      } catch (cause) {
        throw new EventError(
          `Record ${i} of the event has a sequence number that is not a decimal integer`,
          { cause },
        );
      }
    }
    previous = sequenceNumber;
  }
  const typed = records as KinesisStreamRecord[];
  if (sorted) return typed;
  return [...typed].sort((a, b) =>
    compareSequenceNumbers(sequenceNumberOf(a), sequenceNumberOf(b)),
  );
}

/**
 * Whether an item comes before the failure found so far: by sequence number (as BigInt), then, for
 * two user records of one aggregate, by sub-sequence number.
 */
export function comesBefore(
  record: KinesisStreamRecord,
  userRecord: UserRecord | undefined,
  failure: RecordFailure,
): boolean {
  const order = compareSequenceNumbers(sequenceNumberOf(record), sequenceNumberOf(failure.record));
  if (order !== 0) return order < 0;
  return (userRecord?.subSequenceNumber ?? -1) < (failure.userRecord?.subSequenceNumber ?? -1);
}

/** `record <sequence number>`, and which user record for one of a KPL aggregate. */
export function describeRecord(
  record: KinesisStreamRecord,
  userRecord: UserRecord | undefined,
): string {
  const sequenceNumber = sequenceNumberOf(record);
  return userRecord === undefined
    ? `record ${sequenceNumber}`
    : `record ${sequenceNumber} (user record ${userRecord.subSequenceNumber})`;
}
