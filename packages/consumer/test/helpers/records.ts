import { readFileSync, writeFileSync } from 'node:fs';
import {
  encodeJson,
  makeRecord as makeKinesisRecord,
  type RecordOptions,
  sequenceNumber,
} from '@kds/test-support/kinesis-records';
import type { KinesisStreamEvent, KinesisStreamRecord } from '../../src/index.js';

export {
  BASE_SEQUENCE_NUMBER,
  encodeJson,
  encodeText,
  makeReading,
  type RecordOptions,
  sequenceNumber,
} from '@kds/test-support/kinesis-records';

const SHARD_ID = 'shardId-000000000006';
const REGION = 'us-east-2';

/** One record of a Lambda Kinesis event on this package's shard and region, `data` verbatim. */
export function makeRecord(
  data: string,
  seq: string = sequenceNumber(0),
  options: RecordOptions = {},
): KinesisStreamRecord {
  return makeKinesisRecord(data, seq, { shardId: SHARD_ID, region: REGION, ...options });
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
