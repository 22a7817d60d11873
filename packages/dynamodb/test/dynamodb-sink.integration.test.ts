import { randomUUID } from 'node:crypto';
import {
  type BatchWriteItemCommandInput,
  type BatchWriteItemCommandOutput,
  CreateTableCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { createDecoder, createPipeline, processKinesisEvent, where } from '@kds/consumer';
import { type LocalEmulators, startEmulators } from '@kds/emulators';
import { localClientConfig } from '@kds/local';
import { type Reading, ReadingSchema } from '@kds/schema';
import { makeJsonEvent } from '@kds/test-support/kinesis-records';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbSink } from '../src/index.js';
import { READINGS_KEY } from './helpers/items.js';
import { keyedTable } from './helpers/table.js';

const MIN_TEMPERATURE = 35;

/**
 * Makes DynamoDB throttle like it does under load: while `budget` lasts, each BatchWriteItem call
 * passes only its first third of items to the server and returns the rest as UnprocessedItems.
 * It runs before the request is serialised, so the server really receives only what it passed on.
 */
function injectThrottling(client: DynamoDBClient, budget: { calls: number; left: number }): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'BatchWriteItemCommand' || budget.calls >= budget.left) {
        return next(args);
      }
      budget.calls += 1;
      const input = args.input as BatchWriteItemCommandInput;
      const kept: NonNullable<BatchWriteItemCommandInput['RequestItems']> = {};
      const refused: NonNullable<BatchWriteItemCommandOutput['UnprocessedItems']> = {};
      for (const [table, requests] of Object.entries(input.RequestItems ?? {})) {
        const cut = Math.ceil(requests.length / 3);
        kept[table] = requests.slice(0, cut);
        refused[table] = requests.slice(cut);
      }
      const result = await next({ ...args, input: { ...input, RequestItems: kept } });
      const output = result.output as BatchWriteItemCommandOutput;
      return { ...result, output: { ...output, UnprocessedItems: refused } };
    },
    { step: 'initialize', name: 'injectThrottling', priority: 'low' },
  );
}

/** The tutorial's readings: 300 of them, 10 to 40 °C, two spots per millisecond. */
function makeReadings(): Reading[] {
  return Array.from({ length: 300 }, (_, i) => ({
    Timestamp: 1_732_600_000_000 + Math.floor(i / 2),
    Spot: i % 2 === 0 ? 'A' : 'B',
    Temperature: 10 + ((i * 7) % 31),
  }));
}

const byKey = (a: Reading, b: Reading): number =>
  a.Timestamp - b.Timestamp || a.Spot.localeCompare(b.Spot);

describe('createDynamoDbSink on dynalite', () => {
  let emulators: LocalEmulators;
  let base: DynamoDBClient;

  beforeAll(async () => {
    emulators = await startEmulators();
    base = new DynamoDBClient(localClientConfig(emulators.dynamodb.endpoint));
  });

  afterAll(async () => {
    base?.destroy();
    await emulators?.stop();
  });

  async function freshTable(): Promise<string> {
    const tableName = `readings-${randomUUID()}`;
    await base.send(
      new CreateTableCommand({ ...keyedTable(tableName), BillingMode: 'PAY_PER_REQUEST' }),
    );
    return tableName;
  }

  async function scan(tableName: string): Promise<Reading[]> {
    const documents = DynamoDBDocumentClient.from(base);
    const items: Reading[] = [];
    for await (const page of paginateScan({ client: documents }, { TableName: tableName })) {
      items.push(...((page.Items ?? []) as Reading[]));
    }
    return items.sort(byKey);
  }

  /** A document client for the emulator whose BatchWriteItem calls are throttled. */
  function throttledClient(budget: { calls: number; left: number }): DynamoDBDocumentClient {
    const client = new DynamoDBClient(localClientConfig(emulators.dynamodb.endpoint));
    injectThrottling(client, budget);
    return DynamoDBDocumentClient.from(client);
  }

  const decoder = createDecoder({ schema: ReadingSchema });
  const pipeline = createPipeline<Reading>().filter(where('Temperature', '>=', MIN_TEMPERATURE));

  it('stores every matching reading exactly once from a throttled batch, and again on a replay', async () => {
    // Prepare
    const tableName = await freshTable();
    const budget = { calls: 0, left: 20 };
    const sink = createDynamoDbSink<Reading>({ client: throttledClient(budget), tableName });
    const readings = makeReadings();
    const matching = readings.filter((reading) => reading.Temperature >= MIN_TEMPERATURE);
    const event = makeJsonEvent(readings);

    // Act
    const first = await processKinesisEvent(event, { decoder, pipeline, sink });
    const afterFirst = await scan(tableName);
    const replay = await processKinesisEvent(event, { decoder, pipeline, sink });
    const afterReplay = await scan(tableName);

    // Assess
    expect(budget.calls).toBe(20);
    expect(first.batchItemFailures).toEqual([]);
    expect(first.summary).toMatchObject({ stored: matching.length, failed: 0 });
    expect(afterFirst).toEqual([...matching].sort(byKey));
    expect(replay.batchItemFailures).toEqual([]);
    expect(afterReplay).toEqual(afterFirst);
  });

  it('reports the lowest unwritten record at the deadline, and the retry from it stores the rest once', async () => {
    // Prepare
    const tableName = await freshTable();
    const endless = { calls: 0, left: Number.POSITIVE_INFINITY };
    const throttled = createDynamoDbSink<Reading>({
      client: throttledClient(endless),
      tableName,
      key: READINGS_KEY,
      concurrency: 1,
      deadlineMs: 300,
    });
    const healthy = createDynamoDbSink<Reading>({
      client: DynamoDBDocumentClient.from(base),
      tableName,
    });
    const readings = makeReadings();
    const matching = readings.filter((reading) => reading.Temperature >= MIN_TEMPERATURE);
    const event = makeJsonEvent(readings);

    // Act
    const first = await processKinesisEvent(event, { decoder, pipeline, sink: throttled });
    const afterFirst = await scan(tableName);
    const reported = first.batchItemFailures[0]?.itemIdentifier ?? '';
    // Lambda retries from the reported record: the batch from there, as the trigger would send it.
    const retried = {
      Records: event.Records.filter(
        (record) => BigInt(record.kinesis.sequenceNumber) >= BigInt(reported),
      ),
    };
    const retry = await processKinesisEvent(retried, { decoder, pipeline, sink: healthy });

    // Assess
    expect(first.batchItemFailures).toHaveLength(1);
    expect(first.summary.stored).toBeGreaterThan(0);
    expect(first.summary.failed).toBeGreaterThan(0);
    // Every matching reading before the reported record is stored; a write still in flight at the
    // deadline may land after the report (on a busy machine it does), and the retry rewrites it.
    const beforeReported = matching.filter((reading) => {
      const index = readings.indexOf(reading);
      return BigInt(event.Records[index]?.kinesis.sequenceNumber ?? 0) < BigInt(reported);
    });
    expect(afterFirst).toEqual(expect.arrayContaining(beforeReported));
    expect(afterFirst.length).toBeGreaterThanOrEqual(first.summary.stored);
    expect(afterFirst.length).toBeLessThan(matching.length);
    expect(retry.batchItemFailures).toEqual([]);
    expect(await scan(tableName)).toEqual([...matching].sort(byKey));
  });
});
