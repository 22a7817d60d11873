import type { KinesisStreamRecord, SinkItem } from '@kds/consumer';
import type { Reading } from '@kds/schema';
import type { TableKeyAttribute } from '../../src/index.js';

/** The key of the readings table in these tests: partition key Timestamp, sort key Spot. */
export const READINGS_KEY: readonly TableKeyAttribute[] = [
  { name: 'Timestamp', type: 'N' },
  { name: 'Spot', type: 'S' },
];

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

/** `count` distinct readings (one per millisecond) at the given temperature. */
export function makeHotReadings(count: number, Temperature = 36): Reading[] {
  return Array.from({ length: count }, (_, i) =>
    makeReading({ Timestamp: 1_732_600_000_000 + i, Temperature }),
  );
}

/** One record of a Lambda Kinesis event carrying a value as base64 JSON. */
export function makeRecord(value: unknown, seq: string): KinesisStreamRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: 'Q',
      sequenceNumber: seq,
      data: Buffer.from(JSON.stringify(value), 'utf8').toString('base64'),
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

/** Sink items of the values, with records numbered in order from offset 0. */
export function itemsOf<T>(values: readonly T[]): SinkItem<T>[] {
  return values.map((value, i) => ({ value, record: makeRecord(value, sequenceNumber(i)) }));
}
