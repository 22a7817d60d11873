import {
  type KinesisClientConfig,
  PutRecordCommand,
  PutRecordsCommand,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { type Aggregator, createAggregator, hashKeyOf } from '@kds/aggregation';
import { awsAggregate } from '@kds/interop';
import {
  createKinesisClient,
  createProducer,
  type Producer,
  type ProducerSettings,
  type PutOutcome,
  random,
} from '@kds/producer';
import type { Reading } from '@kds/schema';
import { tutorialKey } from './readings.js';

/** The stream every variant writes to; the stub accepts any name. */
export const STREAM_NAME = 'TestDataStream';

const PUT_RECORDS_BATCH = 500;

/** Client settings for the stub: its endpoint, a region and dummy credentials. */
export function stubClientConfig(endpoint: string): KinesisClientConfig {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  };
}

/** How a variant turns a reading into text: `JSON.stringify` or `@kds/schema`'s codec. */
export type ReadingText = (reading: Reading) => string;

/** What a hand-written sender does with a reading: JSON text, as UTF-8 bytes. */
const encode = (reading: Reading, toText: ReadingText = JSON.stringify): Buffer =>
  Buffer.from(toText(reading), 'utf8');

/** (a) One PutRecord per reading, each awaited: the tutorial's way. */
export async function putRecordEach(endpoint: string, readings: readonly Reading[]): Promise<void> {
  const client = createKinesisClient(stubClientConfig(endpoint));
  try {
    for (const reading of readings) {
      await client.send(
        new PutRecordCommand({
          StreamName: STREAM_NAME,
          PartitionKey: tutorialKey(),
          Data: encode(reading),
        }),
      );
    }
  } finally {
    client.destroy();
  }
}

/** (b) A hand-written loop: PutRecords of 500, one request at a time, over a keep-alive client. */
export async function putRecordsLoop(
  endpoint: string,
  readings: readonly Reading[],
): Promise<void> {
  const client = createKinesisClient(stubClientConfig(endpoint));
  try {
    for (let start = 0; start < readings.length; start += PUT_RECORDS_BATCH) {
      const Records: PutRecordsRequestEntry[] = readings
        .slice(start, start + PUT_RECORDS_BATCH)
        .map((reading) => ({ PartitionKey: tutorialKey(), Data: encode(reading) }));
      const response = await client.send(
        new PutRecordsCommand({ StreamName: STREAM_NAME, Records }),
      );
      if ((response.FailedRecordCount ?? 0) > 0) throw new Error('the stub refused records');
    }
  } finally {
    client.destroy();
  }
}

/** The settings a benchmark variant may change; the rest are the producer's defaults. */
type BenchSettings = Pick<
  ProducerSettings<Reading>,
  'rateLimitPercent' | 'aggregation' | 'maxBufferedRecords' | 'serialize'
>;

/** A producer for the stub's stream with the tutorial's keys, "1".."100". */
function benchProducer(endpoint: string, settings: BenchSettings): Producer<Reading> {
  return createProducer<Reading>({
    clientConfig: stubClientConfig(endpoint),
    streamName: STREAM_NAME,
    partitionKey: random({ min: 1, max: 100 }),
    ...settings,
  });
}

/** Throws unless Kinesis (the stub) took every one of `count` readings and none failed. */
function checkAllPut(producer: Producer<Reading>, count: number, failed: number): void {
  const { recordsPut } = producer.metrics();
  if (failed > 0 || recordsPut !== count) {
    throw new Error(`@kds/producer: ${recordsPut} of ${count} readings put, ${failed} failed`);
  }
}

/**
 * (c) `@kds/producer` with its defaults, puts as fast as it takes them: the writer awaits
 * `waitForRoom()` when `hasRoom()` says the buffer is full, never an acknowledgement, so memory
 * stays within the buffer limits.
 */
export async function producerPuts(
  endpoint: string,
  readings: Iterable<Reading>,
  settings: BenchSettings = {},
): Promise<{ failed: number }> {
  const producer = benchProducer(endpoint, settings);
  let failed = 0;
  const onError = (): void => {
    failed += 1;
  };
  let count = 0;
  for (const reading of readings) {
    if (!producer.hasRoom()) await producer.waitForRoom();
    producer.put(reading).catch(onError);
    count += 1;
  }
  await producer.close();
  checkAllPut(producer, count, failed);
  return { failed };
}

/** Values per `putMany` call of {@link producerPutMany}. */
export const PUT_MANY_CHUNK = 1_000;

/**
 * `@kds/producer` fed with `putMany` in chunks of {@link PUT_MANY_CHUNK}: one promise per chunk
 * instead of one per reading. The writer waits for room before each chunk, so at most one chunk
 * waits beyond the buffer limits.
 */
export async function producerPutMany(
  endpoint: string,
  readings: readonly Reading[],
  settings: BenchSettings = {},
): Promise<{ failed: number }> {
  const producer = benchProducer(endpoint, settings);
  let failed = 0;
  const count = (outcomes: readonly PutOutcome[]): void => {
    for (const outcome of outcomes) if (!outcome.ok) failed += 1;
  };
  const settled: Promise<void>[] = [];
  for (let start = 0; start < readings.length; start += PUT_MANY_CHUNK) {
    if (!producer.hasRoom()) await producer.waitForRoom();
    settled.push(producer.putMany(readings.slice(start, start + PUT_MANY_CHUNK)).then(count));
  }
  await producer.close();
  await Promise.all(settled);
  checkAllPut(producer, readings.length, failed);
  return { failed };
}

/** (d) The encoding floor: JSON.stringify + Buffer + base64 per reading, no network. */
export function encodingFloor(readings: readonly Reading[]): number {
  let characters = 0;
  for (const reading of readings) {
    characters += Buffer.from(JSON.stringify(reading)).toString('base64').length;
  }
  return characters;
}

/**
 * PutRecords limits: 500 entries, 5 MiB of data + keys (see docs/kinesis-facts.md, "Service
 * limits").
 */
const MAX_REQUEST_ENTRIES = 500;
const MAX_REQUEST_BYTES = 5 * 1024 * 1024;

/**
 * (ii) A hand-written loop with `aws-kinesis-agg`: every reading encoded (`toText`, UTF-8) and
 * aggregated with its `aggregate` (1 MiB aggregates, not shard-aware), then PutRecords of at most
 * 500 entries and 5 MiB, one request at a time, over a keep-alive client.
 */
export async function awsKinesisAggLoop(
  endpoint: string,
  readings: readonly Reading[],
  toText: ReadingText = JSON.stringify,
): Promise<void> {
  const client = createKinesisClient(stubClientConfig(endpoint));
  try {
    const aggregates = await awsAggregate(
      readings.map((reading) => ({
        partitionKey: tutorialKey(),
        data: encode(reading, toText),
      })),
    );
    let Records: PutRecordsRequestEntry[] = [];
    let bytes = 0;
    const send = async (): Promise<void> => {
      const response = await client.send(
        new PutRecordsCommand({ StreamName: STREAM_NAME, Records }),
      );
      if ((response.FailedRecordCount ?? 0) > 0) throw new Error('the stub refused records');
      Records = [];
      bytes = 0;
    };
    for (const { partitionKey, ExplicitHashKey: explicitHashKey, data } of aggregates) {
      const size = data.length + Buffer.byteLength(partitionKey);
      if (Records.length === MAX_REQUEST_ENTRIES || bytes + size > MAX_REQUEST_BYTES) await send();
      Records.push(
        explicitHashKey === undefined
          ? { PartitionKey: partitionKey, Data: data }
          : { PartitionKey: partitionKey, ExplicitHashKey: explicitHashKey, Data: data },
      );
      bytes += size;
    }
    if (Records.length > 0) await send();
  } finally {
    client.destroy();
  }
}

/** The shards of {@link bareAggregation}'s stream: the hash space cut evenly, as the stub's. */
const BARE_SHARDS = 4;

/**
 * (iv) The least any aggregating sender does, with nothing else: per reading a tutorial key, its
 * shard (MD5, remembered per key), the text (`toText`) and a place in that shard's aggregate
 * (`@kds/aggregation`, 51,200 bytes); per aggregate its encoding, MD5 and base64. No producer (no
 * buffer limits, retries, results or promises), no request, no network. Returns the base64
 * characters written.
 */
export function bareAggregation(
  readings: readonly Reading[],
  toText: ReadingText = JSON.stringify,
): number {
  const aggregators = Array.from({ length: BARE_SHARDS }, () => createAggregator());
  const shardOfKey = new Map<string, number>();
  let characters = 0;
  const send = (index: number): void => {
    const flushed = aggregators[index]?.flush();
    if (flushed !== undefined) characters += Buffer.from(flushed.data).toString('base64').length;
  };
  for (const reading of readings) {
    const partitionKey = tutorialKey();
    let shard = shardOfKey.get(partitionKey);
    if (shard === undefined) {
      // floor(hash key × shards / 2^128): the shard whose even slice of the space holds it.
      shard = Number((hashKeyOf({ partitionKey }) * BigInt(BARE_SHARDS)) >> 128n);
      shardOfKey.set(partitionKey, shard);
    }
    const aggregator = aggregators[shard] as Aggregator;
    const record = { partitionKey, data: toText(reading) };
    if (aggregator.tryAdd(record)) continue;
    send(shard);
    if (!aggregator.tryAdd(record)) throw new Error('a reading larger than an aggregate');
  }
  for (let index = 0; index < BARE_SHARDS; index += 1) send(index);
  return characters;
}
