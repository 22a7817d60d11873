import { BatchWriteCommand, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { SinkError, type SinkItem } from '@kds/consumer';
import type { Reading } from '@kds/schema';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbSink, type DynamoDbSinkOptions } from '../src/index.js';
import { awsError, dynamoMock, makeDocumentClient, writtenBatches } from './helpers/dynamodb.js';
import {
  makeHotReadings,
  makeReading,
  makeReadingRecord,
  sequenceNumber,
} from './helpers/events.js';

const TABLE = 'TestTable';

function makeSink(options: Partial<DynamoDbSinkOptions<Reading>> = {}) {
  return createDynamoDbSink<Reading>({
    client: makeDocumentClient(),
    tableName: TABLE,
    keyAttributes: ['Timestamp', 'Spot'],
    ...options,
  });
}

/** Sink items of the readings, with records numbered in order. */
function itemsOf(readings: readonly Reading[]): SinkItem<Reading>[] {
  return readings.map((value, i) => ({
    value,
    record: makeReadingRecord(value, sequenceNumber(i)),
  }));
}

const failedSequenceNumbers = (result: Awaited<ReturnType<ReturnType<typeof makeSink>>>) =>
  (result?.failed ?? []).map(({ item }) => item.record.kinesis.sequenceNumber);

describe('createDynamoDbSink', () => {
  beforeEach(() => {
    dynamoMock.reset();
    dynamoMock.on(BatchWriteCommand).resolves({});
  });

  it.each([
    { count: 1, sizes: [1] },
    { count: 25, sizes: [25] },
    { count: 26, sizes: [25, 1] },
    { count: 60, sizes: [25, 25, 10] },
  ])('writes $count items in BatchWriteItem calls of $sizes', async ({ count, sizes }) => {
    // Prepare
    const readings = makeHotReadings(count);

    // Act
    const result = await makeSink()(itemsOf(readings));

    // Assess
    expect(result).toEqual({ failed: [] });
    expect(writtenBatches().map((batch) => batch.length)).toEqual(sizes);
    expect(writtenBatches().flat()).toEqual(readings);
  });

  it('makes no call for no items', async () => {
    // Act
    const result = await makeSink()([]);

    // Assess
    expect(result).toEqual({ failed: [] });
    expect(dynamoMock.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });

  it('writes the item toItem makes of each value', async () => {
    // Prepare
    const sink = makeSink({
      toItem: (reading) => ({ ...reading, Hot: reading.Temperature >= 35 }),
    });

    // Act
    await sink(itemsOf([makeReading({ Temperature: 40 })]));

    // Assess
    expect(writtenBatches()).toEqual([[{ ...makeReading({ Temperature: 40 }), Hot: true }]]);
  });

  describe('duplicate keys', () => {
    it('writes a key once, the last value of it winning', async () => {
      // Prepare
      const readings = [
        makeReading({ Timestamp: 1, Spot: 'A', Temperature: 36 }),
        makeReading({ Timestamp: 1, Spot: 'B', Temperature: 37 }),
        makeReading({ Timestamp: 1, Spot: 'A', Temperature: 38 }),
        makeReading({ Timestamp: 2, Spot: 'A', Temperature: 39 }),
      ];

      // Act
      const result = await makeSink()(itemsOf(readings));

      // Assess
      expect(result).toEqual({ failed: [] });
      expect(writtenBatches()).toEqual([
        [
          { Timestamp: 1, Spot: 'A', Temperature: 38 },
          { Timestamp: 1, Spot: 'B', Temperature: 37 },
          { Timestamp: 2, Spot: 'A', Temperature: 39 },
        ],
      ]);
    });

    it('counts unique keys when chunking', async () => {
      // Prepare
      const readings = [...makeHotReadings(20), ...makeHotReadings(10, 40)];

      // Act
      await makeSink()(itemsOf(readings));

      // Assess
      const batches = writtenBatches();
      expect(batches.map((batch) => batch.length)).toEqual([20]);
      expect(batches[0]?.slice(0, 10).map((item) => item.Temperature)).toEqual(Array(10).fill(40));
    });
  });

  describe('UnprocessedItems', () => {
    it('retries the unprocessed items until they are written', async () => {
      // Prepare
      const readings = makeHotReadings(3);
      const [first, second, third] = readings;
      dynamoMock
        .on(BatchWriteCommand)
        .resolvesOnce({
          UnprocessedItems: {
            [TABLE]: [{ PutRequest: { Item: first } }, { PutRequest: { Item: third } }],
          },
        })
        .resolvesOnce({ UnprocessedItems: { [TABLE]: [{ PutRequest: { Item: third } }] } })
        .resolves({ UnprocessedItems: {} });

      // Act
      const result = await makeSink()(itemsOf(readings));

      // Assess
      expect(result).toEqual({ failed: [] });
      expect(writtenBatches()).toEqual([[first, second, third], [first, third], [third]]);
    });

    it('reports the items still unprocessed at the deadline as failed', async () => {
      // Prepare
      dynamoMock
        .on(BatchWriteCommand)
        .callsFake((input: BatchWriteCommandInput) => ({ UnprocessedItems: input.RequestItems }));
      const sink = makeSink({ deadlineMs: 100 });
      const started = Date.now();

      // Act
      const result = await sink(itemsOf(makeHotReadings(3)));

      // Assess
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(failedSequenceNumbers(result)).toEqual([0, 1, 2].map(sequenceNumber));
      const error = result?.failed[0]?.error;
      expect(error).toBeInstanceOf(SinkError);
      expect(error).toMatchObject({ message: 'DynamoDB left 3 item(s) unprocessed' });
      expect(dynamoMock.commandCalls(BatchWriteCommand).length).toBeGreaterThan(1);
    });

    it('reports only the items DynamoDB never processed', async () => {
      // Prepare
      const readings = makeHotReadings(4);
      const stuck = readings[2];
      dynamoMock
        .on(BatchWriteCommand)
        .resolves({ UnprocessedItems: { [TABLE]: [{ PutRequest: { Item: stuck } }] } });
      const sink = makeSink({ deadlineMs: 100 });

      // Act
      const result = await sink(itemsOf(readings));

      // Assess
      expect(failedSequenceNumbers(result)).toEqual([sequenceNumber(2)]);
      expect(result?.failed[0]?.item.value).toEqual(stuck);
    });
  });

  describe('errors of a whole call', () => {
    it.each([
      { name: 'ProvisionedThroughputExceededException', status: 400 },
      { name: 'ThrottlingException', status: 400 },
      { name: 'RequestLimitExceeded', status: 400 },
      { name: 'InternalServerError', status: 500 },
      { name: 'ServiceUnavailable', status: 503 },
    ])('retries after $name ($status)', async ({ name, status }) => {
      // Prepare
      dynamoMock.on(BatchWriteCommand).rejectsOnce(awsError(name, status)).resolves({});
      const readings = makeHotReadings(2);

      // Act
      const result = await makeSink()(itemsOf(readings));

      // Assess
      expect(result).toEqual({ failed: [] });
      expect(writtenBatches()).toEqual([readings, readings]);
    });

    it('retries an error without an HTTP status, such as a network failure', async () => {
      // Prepare
      dynamoMock.on(BatchWriteCommand).rejectsOnce(new Error('socket hang up')).resolves({});

      // Act
      const result = await makeSink()(itemsOf(makeHotReadings(1)));

      // Assess
      expect(result).toEqual({ failed: [] });
      expect(dynamoMock.commandCalls(BatchWriteCommand)).toHaveLength(2);
    });

    it('reports the items failed with the last error when retries outlast the deadline', async () => {
      // Prepare
      const throttled = awsError('ProvisionedThroughputExceededException', 400);
      dynamoMock.on(BatchWriteCommand).rejects(throttled);
      const sink = makeSink({ deadlineMs: 100 });

      // Act
      const result = await sink(itemsOf(makeHotReadings(2)));

      // Assess
      expect(failedSequenceNumbers(result)).toEqual([0, 1].map(sequenceNumber));
      expect(result?.failed.map(({ error }) => error)).toEqual([throttled, throttled]);
    });

    it.each([
      { name: 'ResourceNotFoundException', status: 400 },
      { name: 'ValidationException', status: 400 },
      { name: 'AccessDeniedException', status: 403 },
    ])('throws a SinkError on $name ($status) without retrying', async ({ name, status }) => {
      // Prepare
      const cause = awsError(name, status, `${name} happened`);
      dynamoMock.on(BatchWriteCommand).rejects(cause);

      // Act
      const writing = makeSink()(itemsOf(makeHotReadings(2)));

      // Assess
      await expect(writing).rejects.toThrow(SinkError);
      await expect(writing).rejects.toMatchObject({
        message: `BatchWriteItem failed: ${name} happened`,
        cause: { name },
      });
      expect(dynamoMock.commandCalls(BatchWriteCommand)).toHaveLength(1);
    });
  });

  it.each([1, 2, 4])('keeps at most %i requests in flight', async (concurrency) => {
    // Prepare
    let inFlight = 0;
    let maxInFlight = 0;
    dynamoMock.on(BatchWriteCommand).callsFake(async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return {};
    });

    // Act
    const result = await makeSink({ concurrency })(itemsOf(makeHotReadings(150)));

    // Assess
    expect(result).toEqual({ failed: [] });
    expect(dynamoMock.commandCalls(BatchWriteCommand)).toHaveLength(6);
    expect(maxInFlight).toBe(concurrency);
  });
});
