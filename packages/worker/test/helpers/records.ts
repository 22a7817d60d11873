import type { _Record } from '@aws-sdk/client-kinesis';
import { encodeAggregate } from '@kds/aggregation';
import { createDecoder, type KinesisStreamRecord, toKinesisStreamEvent } from '@kds/consumer';
import { type Reading, ReadingSchema } from '@kds/schema';

/** A sequence number of the size Kinesis hands out: far beyond 2^53. */
export const BASE_SEQUENCE_NUMBER = 49590338271490256608559692538361571095921575989136588898n;

/** The shard every record of these helpers comes from. */
export const SHARD_ID = 'shardId-000000000006';

const STREAM_ARN = 'arn:aws:kinesis:us-east-2:123456789012:stream/readings';

/** The sequence number `offset` places after {@link BASE_SEQUENCE_NUMBER}. */
export function sequenceNumber(offset: number): string {
  return (BASE_SEQUENCE_NUMBER + BigInt(offset)).toString();
}

/** A reading whose `Timestamp` tells which one it is. */
export function reading(id: number): Reading {
  return { Timestamp: 1_732_600_000_000 + id, Spot: 'Q', Temperature: 36 };
}

/** The id {@link reading} gave a reading. */
export function idOf(value: Reading): number {
  return value.Timestamp - 1_732_600_000_000;
}

const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

/** A plain record as GetRecords returns it, carrying reading `id`. */
export function plainRecord(offset: number, id: number = offset * 100): _Record {
  return {
    SequenceNumber: sequenceNumber(offset),
    PartitionKey: 'Q',
    Data: json(reading(id)),
    ApproximateArrivalTimestamp: new Date(1_732_600_000_000),
  };
}

/** A KPL aggregate as GetRecords returns it: user record `i` carries reading `ids[i]`. */
export function aggregateRecord(offset: number, ids: readonly number[]): _Record {
  return {
    SequenceNumber: sequenceNumber(offset),
    PartitionKey: 'a',
    Data: encodeAggregate(ids.map((id) => ({ partitionKey: `Q${id}`, data: json(reading(id)) }))),
    ApproximateArrivalTimestamp: new Date(1_732_600_000_000),
  };
}

/** GetRecords records as the Lambda records the processor takes, as the worker converts them. */
export function toRecords(records: readonly _Record[]): KinesisStreamRecord[] {
  return toKinesisStreamEvent(records, {
    shardId: SHARD_ID,
    streamARN: STREAM_ARN,
    region: 'us-east-2',
  }).Records;
}

/** The decoder of the readings every test here puts on the stream. */
export const readingDecoder = createDecoder({ schema: ReadingSchema });
