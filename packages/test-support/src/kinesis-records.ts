import type { KinesisStreamEvent, KinesisStreamRecord } from '@kds/core';
import type { Reading } from '@kds/schema';

/** A sequence number of the size Kinesis hands out: far beyond 2^53. */
export const BASE_SEQUENCE_NUMBER = 49590338271490256608559692538361571095921575989136588898n;

/** The sequence number `offset` places after {@link BASE_SEQUENCE_NUMBER}, as Lambda writes it. */
export function sequenceNumber(offset: number | bigint): string {
  return (BASE_SEQUENCE_NUMBER + BigInt(offset)).toString();
}

/** Base64 of a text's UTF-8 bytes. */
export function encodeText(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Base64 of a value's JSON, the way a producer puts it on the stream. */
export function encodeJson(value: unknown): string {
  return encodeText(JSON.stringify(value));
}

/** What a record says besides its data and sequence number; each has a default. */
export interface RecordOptions {
  /** Default `Q`. */
  partitionKey?: string;
  /** Default `shardId-000000000000`. */
  shardId?: string;
  /** Default `us-east-1`. */
  region?: string;
  /** Absent by default; `KMS` on an encrypted stream. */
  encryptionType?: string;
  /** Epoch seconds; default 1545084650.987. */
  approximateArrivalTimestamp?: number;
}

/** One record of a Lambda Kinesis event whose `kinesis.data` is `data` (base64), verbatim. */
export function makeRecord(
  data: string,
  seq: string = sequenceNumber(0),
  options: RecordOptions = {},
): KinesisStreamRecord {
  const {
    partitionKey = 'Q',
    shardId = 'shardId-000000000000',
    region = 'us-east-1',
    encryptionType,
    approximateArrivalTimestamp = 1_545_084_650.987,
  } = options;
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey,
      sequenceNumber: seq,
      data,
      approximateArrivalTimestamp,
      ...(encryptionType === undefined ? {} : { encryptionType }),
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${seq}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
    awsRegion: region,
    eventSourceARN: `arn:aws:kinesis:${region}:123456789012:stream/lambda-stream`,
  };
}

/** A record carrying a value (a reading, or anything else) as base64 JSON. */
export function makeJsonRecord(
  value: unknown,
  seq?: string,
  options?: RecordOptions,
): KinesisStreamRecord {
  return makeRecord(encodeJson(value), seq, options);
}

/** A Lambda Kinesis event of values as JSON records, numbered from sequence offset 0. */
export function makeJsonEvent(values: readonly unknown[]): KinesisStreamEvent {
  return { Records: values.map((value, i) => makeJsonRecord(value, sequenceNumber(i))) };
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
