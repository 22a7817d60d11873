import { readFileSync } from 'node:fs';
import type { KinesisStreamEvent, KinesisStreamRecord } from '@kds/consumer';
import type { Reading } from '@kds/schema';

/** A sequence number of the size Kinesis hands out: far beyond 2^53. */
const BASE_SEQUENCE_NUMBER = 49590338271490256608559692538361571095921575989136588898n;
const SHARD_ID = 'shardId-000000000000';
const REGION = 'us-east-1';

/** The sequence number `offset` places after a realistic base, as Lambda writes it. */
export function sequenceNumber(offset: number): string {
  return (BASE_SEQUENCE_NUMBER + BigInt(offset)).toString();
}

/** A reading with sensible defaults; override any field. */
export function makeReading(overrides: Partial<Reading> = {}): Reading {
  return { Timestamp: 1_732_600_000_000, Spot: 'Q', Temperature: 36, ...overrides };
}

/** One record of a Lambda Kinesis event whose `kinesis.data` is `data`, verbatim (base64). */
export function makeRecord(data: string, seq: string): KinesisStreamRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: 'Q',
      sequenceNumber: seq,
      data,
      approximateArrivalTimestamp: 1_545_084_650.987,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${SHARD_ID}:${seq}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
    awsRegion: REGION,
    eventSourceARN: `arn:aws:kinesis:${REGION}:123456789012:stream/lambda-stream`,
  };
}

/** A record carrying a reading (or any value) as base64 JSON. */
export function makeReadingRecord(value: unknown, seq: string): KinesisStreamRecord {
  return makeRecord(Buffer.from(JSON.stringify(value), 'utf8').toString('base64'), seq);
}

/** A Lambda Kinesis event of readings, numbered from sequence offset 0. */
export function makeReadingsEvent(readings: readonly unknown[]): KinesisStreamEvent {
  return { Records: readings.map((reading, i) => makeReadingRecord(reading, sequenceNumber(i))) };
}

/** `count` distinct readings (one per millisecond) at the given temperature. */
export function makeHotReadings(count: number, Temperature = 36): Reading[] {
  return Array.from({ length: count }, (_, i) =>
    makeReading({ Timestamp: 1_732_600_000_000 + i, Temperature }),
  );
}

/** A JSON fixture of `test/events/`. */
export function loadEvent(name: string): KinesisStreamEvent {
  const url = new URL(`../events/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as KinesisStreamEvent;
}

/** The sequence number of the record at `index` of an event. */
export function sequenceNumberAt(event: KinesisStreamEvent, index: number): string {
  const record = event.Records[index];
  if (record === undefined) throw new RangeError(`The event has no record ${index}`);
  return record.kinesis.sequenceNumber;
}
