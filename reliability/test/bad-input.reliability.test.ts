import { createHash, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AGGREGATE_MAGIC, encodeAggregate } from '@kds/aggregation';
import {
  createDecoder,
  DecodeErrorCode,
  EventError,
  type KinesisStreamEvent,
  PoisonPolicy,
  processKinesisEvent,
} from '@kds/consumer';
import { createDynamoDbSink } from '@kds/dynamodb';
import { type LocalEmulators, startEmulators } from '@kds/emulators';
import { createStream, localClientConfig } from '@kds/local';
import {
  createProducer,
  InvalidHashKeyError,
  InvalidPartitionKeyError,
  type ProducerError,
  RecordTooLargeError,
} from '@kds/producer';
import { encodeReading, type Reading, ReadingSchema } from '@kds/schema';
import { createHandler, READINGS_TABLE_KEY } from 'handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateOf, badRecords } from '../src/bad-input.js';
import { kinesisEvents } from '../src/events.js';
import { createReadingsTable, scanReadings } from '../src/pipeline.js';
import { makeReadings } from '../src/readings.js';
import { recordResult } from '../src/results.js';
import { startSimulator } from '../src/simulator.js';
import { readStream } from '../src/stream.js';

const MIN_TEMPERATURE = 35;

/** What the matrix came to, recorded once every case ran. */
const tally = {
  hostileRecords: 0,
  hostileUserRecords: 0,
  producerCases: 0,
  cliCases: 0,
  typedOrReported: 0,
  good: 0,
  stored: 0,
  crashes: 0,
};

let emulators: LocalEmulators;
let dynamodb: DynamoDBClient;
let documents: DynamoDBDocumentClient;
let kinesis: KinesisClient;

beforeAll(async () => {
  emulators = await startEmulators();
  dynamodb = new DynamoDBClient(localClientConfig(emulators.dynamodb.endpoint));
  documents = DynamoDBDocumentClient.from(dynamodb);
  kinesis = new KinesisClient(localClientConfig(emulators.kinesis.endpoint));
});

afterAll(async () => {
  recordResult('bad-input', { ...tally, lost: tally.good - tally.stored });
  kinesis?.destroy();
  dynamodb?.destroy();
  await emulators?.stop();
});

async function freshTable(): Promise<string> {
  const tableName = `readings-${randomUUID()}`;
  await createReadingsTable(dynamodb, tableName);
  return tableName;
}

/** Hot readings (all stored), one before each bad record and one after the last. */
function interleave(bad: readonly string[]): { event: KinesisStreamEvent; good: Reading[] } {
  const good = makeReadings(bad.length + 1).map((reading) => ({ ...reading, Temperature: 36 }));
  const records = good.flatMap((reading, index) => {
    const entry = { partitionKey: reading.Spot, data: encodeReading(reading) };
    const hostile = bad[index];
    return hostile === undefined ? [entry] : [entry, { partitionKey: 'Q', data: hostile }];
  });
  // `data` of hostile records is already base64: rebuild those fields verbatim.
  const [event] = kinesisEvents(
    records.map((record) => ({
      partitionKey: record.partitionKey,
      data: typeof record.data === 'string' ? new Uint8Array() : record.data,
    })),
    { batchSize: records.length },
  );
  if (event === undefined) throw new RangeError('no event');
  records.forEach((record, index) => {
    const target = event.Records[index];
    if (typeof record.data === 'string' && target !== undefined) target.kinesis.data = record.data;
  });
  return { event, good };
}

describe('scenario 5: bad input matrix', () => {
  it('the handler reports each hostile record with its code and stores every good reading of the batch', async () => {
    // Prepare
    const tableName = await freshTable();
    const matrix = badRecords();
    const { event, good } = interleave(matrix.map((bad) => bad.data));
    const logged: Array<Record<string, unknown>> = [];
    const handler = createHandler({
      client: documents,
      tableName,
      minTemperature: MIN_TEMPERATURE,
      // Reported, not skipped (the handler's default): the matrix counts what the mapping sees.
      poison: PoisonPolicy.Report,
      logger: { info: () => {}, error: (entry) => logged.push(entry) },
    });
    const badSequenceNumbers = event.Records.filter((_, index) => index % 2 === 1).map(
      (record) => record.kinesis.sequenceNumber,
    );

    // Act
    const response = await handler(event);
    const stored = await scanReadings(documents, tableName);

    // Assess
    const codes = Object.fromEntries(
      logged.map((entry) => [String(entry.sequenceNumber), String(entry.code)]),
    );
    const observed = matrix.map((bad, index) => ({
      name: bad.name,
      code: codes[badSequenceNumbers[index] ?? ''],
    }));
    expect(observed).toEqual(matrix.map((bad) => ({ name: bad.name, code: bad.code })));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: badSequenceNumbers[0] }]);
    expect(stored.sort((a, b) => a.Timestamp - b.Timestamp)).toEqual(good);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    tally.hostileRecords += matrix.length;
    tally.typedOrReported += observed.filter((o, i) => o.code === matrix[i]?.code).length;
    tally.good += good.length;
    tally.stored += stored.length;
  });

  it('the consumer stores the good user records of an aggregate and names the bad ones', async () => {
    // Prepare
    const tableName = await freshTable();
    const readings = makeReadings(6).map((reading) => ({ ...reading, Temperature: 36 }));
    const [r0, r1, r2, r3, r4, r5] = readings as [
      Reading,
      Reading,
      Reading,
      Reading,
      Reading,
      Reading,
    ];
    const withBadUserRecord = encodeAggregate([
      { partitionKey: r0.Spot, data: encodeReading(r0) },
      { partitionKey: 'Q', data: new TextEncoder().encode('{"Temperature":"hot"}') },
      { partitionKey: r1.Spot, data: encodeReading(r1) },
    ]);
    const good = aggregateOf([r2, r3]);
    const truncated = aggregateOf([r4, r5]).subarray(0, 40);
    const unreadable = aggregateWithBody(Uint8Array.of(0x0a, 0xff, 0xff, 0xff));
    const [event] = kinesisEvents(
      [withBadUserRecord, good, truncated, unreadable].map((data) => ({ partitionKey: 'a', data })),
    );
    if (event === undefined) throw new RangeError('no event');
    const failures: Array<{ sequenceNumber: string; sub: number | undefined; code: string }> = [];

    // Act
    const result = await processKinesisEvent(event, {
      // KPL deaggregation is the decoder's default stage.
      decoder: createDecoder({ schema: ReadingSchema }),
      poison: PoisonPolicy.Report,
      onPoison: ({ record, error, userRecord }) => {
        failures.push({
          sequenceNumber: record.kinesis.sequenceNumber,
          sub: userRecord?.subSequenceNumber,
          code: error.code,
        });
      },
      sink: createDynamoDbSink<Reading>({ client: documents, tableName, key: READINGS_TABLE_KEY }),
    });
    const stored = await scanReadings(documents, tableName);

    // Assess
    const seq = event.Records.map((record) => record.kinesis.sequenceNumber);
    expect(failures).toEqual([
      { sequenceNumber: seq[0], sub: 1, code: DecodeErrorCode.Schema },
      { sequenceNumber: seq[2], sub: undefined, code: DecodeErrorCode.BadJson },
      { sequenceNumber: seq[3], sub: undefined, code: DecodeErrorCode.BadAggregate },
    ]);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: seq[0] }]);
    expect(stored.map((reading) => reading.Timestamp).sort()).toEqual(
      [r0, r1, r2, r3].map((reading) => reading.Timestamp),
    );
    tally.hostileUserRecords += failures.length;
    tally.typedOrReported += failures.length;
    tally.good += 4;
    tally.stored += stored.length;
  });

  it('a malformed event is refused with a typed error, not a crash', async () => {
    // Prepare
    const handler = createHandler({ client: documents, tableName: 'unused' });

    // Act
    const outcome = handler({ Records: 'nope' } as unknown as KinesisStreamEvent);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(EventError);
    tally.typedOrReported += 1;
  });

  it('the producer refuses oversize records and bad keys with typed errors and sends the rest', async () => {
    // Prepare
    const streamName = `bad-input-${randomUUID()}`;
    await createStream(kinesis, streamName, { shardCount: 1 });
    const producer = createProducer<Uint8Array>({ client: kinesis, streamName });
    const goodData = makeReadings(5).map(encodeReading);
    const bad: Array<{
      name: string;
      put: () => Promise<unknown>;
      error: new (...args: never[]) => ProducerError;
    }> = [
      {
        name: 'record over 1 MiB',
        put: () => producer.put(new Uint8Array(1024 * 1024)),
        error: RecordTooLargeError,
      },
      {
        name: 'empty partition key',
        put: () => producer.put(goodData[0] as Uint8Array, { partitionKey: '' }),
        error: InvalidPartitionKeyError,
      },
      {
        name: '257-character key',
        put: () => producer.put(goodData[0] as Uint8Array, { partitionKey: 'k'.repeat(257) }),
        error: InvalidPartitionKeyError,
      },
      {
        name: 'negative hash key',
        put: () => producer.put(goodData[0] as Uint8Array, { explicitHashKey: '-1' }),
        error: InvalidHashKeyError,
      },
      {
        name: 'hash key of 2^128',
        put: () =>
          producer.put(goodData[0] as Uint8Array, { explicitHashKey: (1n << 128n).toString() }),
        error: InvalidHashKeyError,
      },
      {
        name: 'hash key not a number',
        put: () => producer.put(goodData[0] as Uint8Array, { explicitHashKey: '12abc' }),
        error: InvalidHashKeyError,
      },
    ];

    // Act
    const outcomes = await Promise.allSettled([
      ...goodData.map((data) => producer.put(data)),
      ...bad.map((entry) => entry.put()),
    ]);
    await producer.close();
    const inStream = await readStream(kinesis, streamName);

    // Assess
    const goodOutcomes = outcomes.slice(0, goodData.length);
    const badOutcomes = outcomes.slice(goodData.length);
    expect(goodOutcomes.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    badOutcomes.forEach((outcome, index) => {
      const expected = bad[index];
      expect(outcome.status, expected?.name).toBe('rejected');
      if (outcome.status === 'rejected' && expected !== undefined)
        expect(outcome.reason, expected.name).toBeInstanceOf(expected.error);
    });
    expect(inStream.map((record) => Buffer.from(record.data).toString())).toEqual(
      goodData.map((data) => Buffer.from(data).toString()),
    );
    tally.producerCases += bad.length;
    tally.typedOrReported += badOutcomes.filter(
      (o, i) => o.status === 'rejected' && o.reason instanceof (bad[i]?.error ?? Error),
    ).length;
    tally.good += goodData.length;
    tally.stored += inStream.length;
  });

  it('the simulator refuses invalid arguments with exit code 2 and one line naming the flag', async () => {
    // Prepare
    const cases: Array<{ args: string[]; names: string }> = [
      { args: ['--count', '-5'], names: '--count' },
      { args: ['--count', 'abc'], names: '--count' },
      { args: ['--shards', '0'], names: '--shards' },
      { args: ['--rate', 'fast'], names: '--rate' },
      { args: ['--rate', '10', '--duration', '5x'], names: '--duration' },
      { args: ['--reshard-to', '5'], names: '--reshard-to' },
      { args: ['--no-such-flag'], names: '--no-such-flag' },
    ];

    // Act
    const runs = await Promise.all(
      cases.map(({ args }) => startSimulator(args, { timeoutMs: 300_000 }).exited),
    );

    // Assess
    runs.forEach((run, index) => {
      const expected = cases[index];
      expect(run.code, expected?.args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines, expected?.args.join(' ')).toHaveLength(1);
      expect(lines[0]).toContain(expected?.names);
    });
    tally.cliCases += cases.length;
    tally.typedOrReported += runs.filter((run) => run.code === 2).length;
    tally.crashes += runs.filter((run) => run.stderr.includes('    at ')).length;
  });
});

/** Magic + a body that is not a valid AggregatedRecord + the body's right MD5. */
function aggregateWithBody(body: Uint8Array): Uint8Array {
  const md5 = createHash('md5').update(body).digest();
  return Buffer.concat([Buffer.from(AGGREGATE_MAGIC), Buffer.from(body), md5]);
}
