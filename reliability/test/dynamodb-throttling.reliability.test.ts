import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type LocalEmulators, startEmulators } from '@kds/emulators';
import { type FaultProxy, startFaultProxy } from '@kds/fault-proxy';
import { localClientConfig } from '@kds/local';
import { encodeReading } from '@kds/schema';
import { createHandler, silentLogger } from 'handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kinesisEvents } from '../src/events.js';
import { createReadingsTable, scanReadings } from '../src/pipeline.js';
import { countByTimestamp, makeReadings, matching } from '../src/readings.js';
import { recordResult } from '../src/results.js';
import { sized } from '../src/scale.js';

const READINGS = sized({ ci: 3_000, full: 20_000 });
/** The share of BatchWriteItem puts DynamoDB hands back as UnprocessedItems. */
const UNPROCESSED_RATE = 0.3;
const BATCH_SIZE = 100;
const MIN_TEMPERATURE = 35;

let emulators: LocalEmulators;
let proxy: FaultProxy;
const clients: Array<{ destroy(): void }> = [];

beforeAll(async () => {
  emulators = await startEmulators();
  proxy = await startFaultProxy({
    target: emulators.dynamodb.endpoint,
    faults: { unprocessedRate: UNPROCESSED_RATE },
    seed: 4,
  });
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await proxy?.close();
  await emulators?.stop();
});

function documentClient(endpoint: string): DynamoDBDocumentClient {
  const client = new DynamoDBClient(localClientConfig(endpoint));
  clients.push(client);
  return DynamoDBDocumentClient.from(client);
}

describe('scenario 4: DynamoDB throttling and the same batch delivered twice', () => {
  it('stores every matching reading exactly once', async () => {
    // Prepare
    const tableName = `readings-${randomUUID()}`;
    const direct = new DynamoDBClient(localClientConfig(emulators.dynamodb.endpoint));
    clients.push(direct);
    await createReadingsTable(direct, tableName);
    const handler = createHandler({
      client: documentClient(proxy.endpoint),
      tableName,
      minTemperature: MIN_TEMPERATURE,
      logger: silentLogger,
    });
    const readings = makeReadings(READINGS);
    const events = kinesisEvents(
      readings.map((reading) => ({ partitionKey: reading.Spot, data: encodeReading(reading) })),
      { batchSize: BATCH_SIZE },
    );

    // Act: every batch twice in a row, as Lambda retries a batch whose response was lost.
    let failures = 0;
    let maxInvocationMs = 0;
    for (const event of events) {
      for (let delivery = 0; delivery < 2; delivery += 1) {
        const started = performance.now();
        const { batchItemFailures } = await handler(event);
        maxInvocationMs = Math.max(maxInvocationMs, performance.now() - started);
        failures += batchItemFailures.length;
      }
    }
    const stored = await scanReadings(documentClient(emulators.dynamodb.endpoint), tableName);

    // Assess
    const expected = matching(readings, MIN_TEMPERATURE);
    const storedCounts = countByTimestamp(stored);
    const missing = expected.filter((reading) => storedCounts.get(reading.Timestamp) !== 1);
    const unexpected = stored.filter((reading) => reading.Temperature < MIN_TEMPERATURE);
    const figures = {
      sent: readings.length,
      deliveries: events.length * 2,
      matching: expected.length,
      stored: stored.length,
      lost: missing.length,
      duplicates: stored.length - storedCounts.size,
      unprocessedItemsInjected: proxy.stats().unprocessedItems,
      batchItemFailures: failures,
      maxInvocationMs: Math.round(maxInvocationMs),
    };
    recordResult('dynamodb-throttling', figures);
    expect(proxy.stats().unprocessedItems).toBeGreaterThan(0);
    expect(failures).toBe(0);
    expect(missing).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(stored.length).toBe(expected.length);
  });
});
