import { randomUUID } from 'node:crypto';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { createStream, localClientConfig } from '@kds/local';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type FaultPlan, type FaultProxy, startFaultProxy } from '../src/index.js';

const proxies: FaultProxy[] = [];
const clients: Array<{ destroy(): void }> = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

async function proxyFor(target: string, faults: FaultPlan): Promise<FaultProxy> {
  const proxy = await startFaultProxy({ target, faults, seed: 7 });
  proxies.push(proxy);
  return proxy;
}

function kinesisVia(endpoint: string): KinesisClient {
  // One attempt: the test sees exactly what the proxy answered.
  const client = new KinesisClient({ ...localClientConfig(endpoint), maxAttempts: 1 });
  clients.push(client);
  return client;
}

async function streamWithOneShard(): Promise<string> {
  const direct = kinesisVia(inject('kinesisEndpoint'));
  const name = `proxy-${randomUUID()}`;
  await createStream(direct, name, { shardCount: 1 });
  return name;
}

async function countRecords(streamName: string): Promise<number> {
  const direct = kinesisVia(inject('kinesisEndpoint'));
  const { ShardIterator } = await direct.send(
    new GetShardIteratorCommand({
      StreamName: streamName,
      ShardId: 'shardId-000000000000',
      ShardIteratorType: 'TRIM_HORIZON',
    }),
  );
  const { Records = [] } = await direct.send(new GetRecordsCommand({ ShardIterator }));
  return Records.length;
}

const entries = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    PartitionKey: `k${i}`,
    Data: new TextEncoder().encode(`r${i}`),
  }));

describe('fault proxy in front of kinesalite', () => {
  it('throttles a share of PutRecords entries, in request order, without storing them', async () => {
    // Prepare
    const streamName = await streamWithOneShard();
    const proxy = await proxyFor(inject('kinesisEndpoint'), { throttleRate: 0.3 });

    // Act
    const response = await kinesisVia(proxy.endpoint).send(
      new PutRecordsCommand({ StreamName: streamName, Records: entries(200) }),
    );

    // Assess
    const throttled = (response.Records ?? []).filter(
      (r) => r.ErrorCode === 'ProvisionedThroughputExceededException',
    );
    expect(response.Records).toHaveLength(200);
    expect(response.FailedRecordCount).toBe(throttled.length);
    expect(throttled.length).toBe(proxy.stats().throttledEntries);
    expect(throttled.length).toBeGreaterThan(30);
    expect(throttled.length).toBeLessThan(90);
    expect(await countRecords(streamName)).toBe(200 - throttled.length);
  });

  it('answers a request whose every entry is throttled itself: all refused, nothing stored', async () => {
    // Prepare
    const streamName = await streamWithOneShard();
    const proxy = await proxyFor(inject('kinesisEndpoint'), { throttleRate: 1 });

    // Act
    const response = await kinesisVia(proxy.endpoint).send(
      new PutRecordsCommand({ StreamName: streamName, Records: entries(3) }),
    );

    // Assess
    expect(response.FailedRecordCount).toBe(3);
    expect(response.Records?.map((record) => record.ErrorCode)).toEqual(
      Array(3).fill('ProvisionedThroughputExceededException'),
    );
    expect(proxy.stats()).toMatchObject({ throttledEntries: 3, forwarded: 0 });
    expect(await countRecords(streamName)).toBe(0);
  });

  it('answers 500 or 503 without reaching the stream', async () => {
    // Prepare
    const streamName = await streamWithOneShard();
    const proxy = await proxyFor(inject('kinesisEndpoint'), { requestFailureRate: 1 });

    // Act
    const failure = kinesisVia(proxy.endpoint).send(
      new PutRecordsCommand({ StreamName: streamName, Records: entries(5) }),
    );

    // Assess
    await expect(failure).rejects.toMatchObject({
      $metadata: { httpStatusCode: expect.any(Number) },
    });
    const error = await failure.catch((e: { $metadata: { httpStatusCode: number } }) => e);
    expect([500, 503]).toContain(error.$metadata.httpStatusCode);
    expect(await countRecords(streamName)).toBe(0);
  });

  it('resets the connection after the call took effect: the client fails, the records are there', async () => {
    // Prepare
    const streamName = await streamWithOneShard();
    const proxy = await proxyFor(inject('kinesisEndpoint'), {
      resetAfterSendRate: 1,
      operations: ['PutRecords'],
    });

    // Act
    const failure = kinesisVia(proxy.endpoint).send(
      new PutRecordsCommand({ StreamName: streamName, Records: entries(8) }),
    );

    // Assess
    await expect(failure).rejects.toThrow();
    expect(await countRecords(streamName)).toBe(8);
    expect(proxy.stats()).toMatchObject({ resets: 1, ambiguousEntries: 8 });
  });

  it('delays requests by the latency asked for', async () => {
    // Prepare
    const streamName = await streamWithOneShard();
    const proxy = await proxyFor(inject('kinesisEndpoint'), { latencyMs: 150 });

    // Act
    const started = performance.now();
    await kinesisVia(proxy.endpoint).send(
      new PutRecordsCommand({ StreamName: streamName, Records: entries(1) }),
    );

    // Assess
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
  });
});

describe('fault proxy in front of dynalite', () => {
  it('hands back a share of BatchWriteItem puts as UnprocessedItems and stores only the rest', async () => {
    // Prepare
    const direct = new DynamoDBClient(localClientConfig(inject('dynamodbEndpoint')));
    clients.push(direct);
    const table = `proxy-${randomUUID()}`;
    await direct.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    const proxy = await proxyFor(inject('dynamodbEndpoint'), { unprocessedRate: 0.5 });
    const viaProxy = new DynamoDBClient({ ...localClientConfig(proxy.endpoint), maxAttempts: 1 });
    clients.push(viaProxy);
    const writes = Array.from({ length: 25 }, (_, i) => ({
      PutRequest: { Item: { id: { S: `item-${i}` } } },
    }));

    // Act
    const response = await viaProxy.send(
      new BatchWriteItemCommand({ RequestItems: { [table]: writes } }),
    );

    // Assess
    const unprocessed = response.UnprocessedItems?.[table] ?? [];
    expect(unprocessed.length).toBe(proxy.stats().unprocessedItems);
    expect(unprocessed.length).toBeGreaterThan(5);
    const { Count } = await direct.send(new ScanCommand({ TableName: table }));
    expect(Count).toBe(25 - unprocessed.length);
  });
});
