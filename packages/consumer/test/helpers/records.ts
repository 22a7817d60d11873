import { readFileSync, writeFileSync } from 'node:fs';
import type { Reading } from '@kds/schema';
import type { KinesisStreamEvent, KinesisStreamRecord } from '../../src/index.js';

/** A sequence number of the size Kinesis hands out: far beyond 2^53. */
export const BASE_SEQUENCE_NUMBER = 49590338271490256608559692538361571095921575989136588898n;

const SHARD_ID = 'shardId-000000000006';
const REGION = 'us-east-2';

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

/** A reading with sensible defaults; override any field. */
export function makeReading(overrides: Partial<Reading> = {}): Reading {
  return { Timestamp: 1_732_600_000_000, Spot: 'Q', Temperature: 36, ...overrides };
}

export interface RecordOptions {
  partitionKey?: string;
  shardId?: string;
  encryptionType?: string;
  approximateArrivalTimestamp?: number;
}

/** One record of a Lambda Kinesis event whose `kinesis.data` is `data`, verbatim. */
export function makeRecord(
  data: string,
  seq: string = sequenceNumber(0),
  options: RecordOptions = {},
): KinesisStreamRecord {
  const {
    partitionKey = 'Q',
    shardId = SHARD_ID,
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
    awsRegion: REGION,
    eventSourceARN: `arn:aws:kinesis:${REGION}:123456789012:stream/lambda-stream`,
  };
}

/**
 * The records of one shard of a generated fixture: `record(offset, partitionKey, bytes, arrival)`
 * is the record `offset` places after `base`, carrying `bytes`, that arrived at `arrival`.
 */
export function shardRecords(
  base: bigint,
  shardId: string,
): (
  offset: number,
  partitionKey: string,
  bytes: Uint8Array,
  arrival: number,
) => KinesisStreamRecord {
  return (offset, partitionKey, bytes, arrival) =>
    makeRecord(Buffer.from(bytes).toString('base64'), (base + BigInt(offset)).toString(), {
      partitionKey,
      shardId,
      approximateArrivalTimestamp: arrival,
    });
}

/** A record carrying a value as JSON. */
export function makeJsonRecord(value: unknown, seq?: string): KinesisStreamRecord {
  return makeRecord(encodeJson(value), seq);
}

/** A Lambda Kinesis event of the given records. */
export function makeEvent(records: KinesisStreamRecord[]): KinesisStreamEvent {
  return { Records: records };
}

/** A JSON fixture of `test/events/`. */
export function loadEvent(name: string): KinesisStreamEvent {
  const url = new URL(`../events/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as KinesisStreamEvent;
}

/** Writes a JSON fixture of `test/events/`, as {@link loadEvent} reads it. */
export function writeEvent(name: string, records: readonly KinesisStreamRecord[]): void {
  const url = new URL(`../events/${name}`, import.meta.url);
  writeFileSync(url, `${JSON.stringify({ Records: records }, null, 2)}\n`);
}

/** The record at `index` of an event; fails loudly when there is none. */
export function recordAt(event: KinesisStreamEvent, index: number): KinesisStreamRecord {
  const record = event.Records[index];
  if (record === undefined) throw new RangeError(`The event has no record ${index}`);
  return record;
}
