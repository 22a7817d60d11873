import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
  NumberValue,
} from '@aws-sdk/lib-dynamodb';
import { SinkError, type SinkResult } from '@kds/consumer';
import type { Reading } from '@kds/schema';
import {
  awsError,
  dynamoMock,
  makeDocumentClient,
  writtenBatches,
} from '@kds/test-support/dynamodb-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createDynamoDbSink,
  DynamoDbSinkError,
  type DynamoDbSinkOptions,
  InvalidOptionError,
  readTableKey,
} from '../src/index.js';
import { describeCalls, describeTableResponse } from './helpers/dynamodb.js';
import {
  itemsOf,
  makeHotReadings,
  makeReading,
  READINGS_KEY,
  sequenceNumber,
} from './helpers/items.js';

const TABLE = 'TestTable';
const NO_DEADLINE = { deadline: undefined };

function makeSink(options: Partial<DynamoDbSinkOptions<Reading>> = {}) {
  return createDynamoDbSink<Reading>({
    client: makeDocumentClient(),
    tableName: TABLE,
    key: READINGS_KEY,
    ...options,
  } as DynamoDbSinkOptions<Reading>);
}

const failedSequenceNumbers = (result: SinkResult<unknown> | undefined): string[] =>
  (result?.failed ?? []).map(({ item }) => item.record.kinesis.sequenceNumber);

const failedCodes = (result: SinkResult<unknown> | undefined): unknown[] =>
  (result?.failed ?? []).map(({ error }) => (error as DynamoDbSinkError).code);

/** Every BatchWriteItem call leaves all its items unprocessed. */
const throttleEverything = (): void => {
  dynamoMock
    .on(BatchWriteCommand)
    .callsFake((input: BatchWriteCommandInput) => ({ UnprocessedItems: input.RequestItems }));
};

describe('createDynamoDbSink', () => {
  beforeEach(() => {
    dynamoMock.reset();
    dynamoMock.on(BatchWriteCommand).resolves({});
    dynamoMock.on(DescribeTableCommand).resolves(describeTableResponse());
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
    const result = await makeSink()(itemsOf(readings), NO_DEADLINE);

    // Assess
    expect(result).toEqual({ failed: [] });
    expect(writtenBatches().map((batch) => batch.length)).toEqual(sizes);
    expect(writtenBatches().flat()).toEqual(readings);
  });

  it('makes no call for no items', async () => {
    // Act
    const result = await makeSink()([], NO_DEADLINE);

    // Assess
    expect(result).toEqual({ failed: [] });
    expect(dynamoMock.calls()).toHaveLength(0);
  });

  it('writes the item toItem makes of each value', async () => {
    // Prepare
    const sink = makeSink({
      toItem: (reading) => ({ ...reading, Hot: reading.Temperature >= 35 }),
    });

    // Act
    await sink(itemsOf([makeReading({ Temperature: 40 })]), NO_DEADLINE);

    // Assess
    expect(writtenBatches()).toEqual([[{ ...makeReading({ Temperature: 40 }), Hot: true }]]);
  });

  it.each([0, -1, 1.5])(
    'refuses concurrency %s with an InvalidOptionError naming it',
    (concurrency) => {
      // Act
      const create = () => makeSink({ concurrency });

      // Assess
      expect(create).toThrow(InvalidOptionError);
      expect(create).toThrow(`concurrency must be a positive integer (got ${concurrency})`);
    },
  );

  describe('key schema', () => {
    it('reads the key with DescribeTable once, and caches it', async () => {
      // Prepare
      const sink = createDynamoDbSink<Reading>({ client: makeDocumentClient(), tableName: TABLE });

      // Act
      await sink(itemsOf(makeHotReadings(2)), NO_DEADLINE);
      await sink(itemsOf(makeHotReadings(2)), NO_DEADLINE);

      // Assess
      expect(describeCalls()).toBe(1);
      expect(dynamoMock.commandCalls(DescribeTableCommand)[0]?.args[0].input).toEqual({
        TableName: TABLE,
      });
      expect(writtenBatches()).toHaveLength(2);
    });

    it('makes no DescribeTable call when the key is given', async () => {
      // Act
      await makeSink()(itemsOf(makeHotReadings(2)), NO_DEADLINE);

      // Assess
      expect(describeCalls()).toBe(0);
    });

    it('throws KEY_SCHEMA when DescribeTable fails, and tries again on the next batch', async () => {
      // Prepare
      dynamoMock
        .on(DescribeTableCommand)
        .rejectsOnce(awsError('ResourceNotFoundException', 400, 'Requested resource not found'))
        .resolves(describeTableResponse());
      const sink = createDynamoDbSink<Reading>({ client: makeDocumentClient(), tableName: TABLE });

      // Act
      const first = sink(itemsOf(makeHotReadings(1)), NO_DEADLINE);
      await expect(first).rejects.toMatchObject({
        code: 'KEY_SCHEMA',
        message: 'Cannot read the key schema of table "TestTable": Requested resource not found',
      });
      const second = await sink(itemsOf(makeHotReadings(1)), NO_DEADLINE);

      // Assess
      await expect(first).rejects.toBeInstanceOf(SinkError);
      expect(second).toEqual({ failed: [] });
      expect(describeCalls()).toBe(2);
    });

    it('reads the partition key first, with the attribute types', async () => {
      // Prepare: DescribeTable lists the sort key (Spot) before the partition key (Timestamp).
      const { AttributeDefinitions, KeySchema } = describeTableResponse().Table;
      dynamoMock.on(DescribeTableCommand).resolves({
        Table: {
          AttributeDefinitions: [...AttributeDefinitions].reverse(),
          KeySchema: [...KeySchema].reverse(),
        },
      });

      // Act
      const key = await readTableKey(makeDocumentClient() as DynamoDBDocumentClient, TABLE);

      // Assess
      expect(key).toEqual([
        { name: 'Timestamp', type: 'N' },
        { name: 'Spot', type: 'S' },
      ]);
    });

    it('throws KEY_SCHEMA when DescribeTable returns no key', async () => {
      // Prepare
      dynamoMock.on(DescribeTableCommand).resolves({ Table: {} });

      // Act
      const reading = readTableKey(makeDocumentClient(), TABLE);

      // Assess
      await expect(reading).rejects.toMatchObject({
        code: 'KEY_SCHEMA',
        message: 'DescribeTable returned no key schema for table "TestTable"',
      });
    });
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
      const result = await makeSink()(itemsOf(readings), NO_DEADLINE);

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
      await makeSink()(itemsOf(readings), NO_DEADLINE);

      // Assess
      const batches = writtenBatches();
      expect(batches.map((batch) => batch.length)).toEqual([20]);
      expect(batches[0]?.slice(0, 10).map((item) => item.Temperature)).toEqual(Array(10).fill(40));
    });

    it('reports every record of a key whose write failed', async () => {
      // Prepare
      throttleEverything();
      const readings = [
        makeReading({ Timestamp: 1, Spot: 'A', Temperature: 36 }),
        makeReading({ Timestamp: 1, Spot: 'A', Temperature: 38 }),
      ];

      // Act
      const result = await makeSink({ deadlineMs: 50 })(itemsOf(readings), NO_DEADLINE);

      // Assess
      expect(failedSequenceNumbers(result)).toEqual([sequenceNumber(0), sequenceNumber(1)]);
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
      const result = await makeSink()(itemsOf(readings), NO_DEADLINE);

      // Assess
      expect(result).toEqual({ failed: [] });
      expect(writtenBatches()).toEqual([[first, second, third], [first, third], [third]]);
    });

    it('reports the items still unprocessed at the deadline as UNPROCESSED', async () => {
      // Prepare
      throttleEverything();

      // Act
      const result = await makeSink({ deadlineMs: 100 })(itemsOf(makeHotReadings(3)), NO_DEADLINE);

      // Assess
      expect(failedSequenceNumbers(result)).toEqual([0, 1, 2].map(sequenceNumber));
      const error = result?.failed[0]?.error;
      expect(error).toBeInstanceOf(DynamoDbSinkError);
      expect(error).toBeInstanceOf(SinkError);
      expect(error).toMatchObject({
        code: 'UNPROCESSED',
        message: 'DynamoDB left 3 item(s) unprocessed until the deadline',
      });
      expect(dynamoMock.commandCalls(BatchWriteCommand).length).toBeGreaterThan(1);
    });

    it('reports only the items DynamoDB never processed', async () => {
      // Prepare
      const readings = makeHotReadings(4);
      const stuck = readings[2];
      dynamoMock
        .on(BatchWriteCommand)
        .resolves({ UnprocessedItems: { [TABLE]: [{ PutRequest: { Item: stuck } }] } });

      // Act
      const result = await makeSink({ deadlineMs: 100 })(itemsOf(readings), NO_DEADLINE);

      // Assess
      expect(failedSequenceNumbers(result)).toEqual([sequenceNumber(2)]);
      expect(result?.failed[0]?.item.value).toEqual(stuck);
    });

    // The SDK refuses numbers past 2^53; bigints and NumberValues carry them.
    it.each([
      { given: 'a bigint past 2^53', key: 2n ** 60n, returned: 2n ** 60n },
      { given: 'a small bigint', key: 5n, returned: 5 },
      { given: 'a NumberValue', key: NumberValue.from('5.50'), returned: 5.5 },
    ])(
      'retries an item whose number key was $given, in the form UnprocessedItems returns it',
      async ({ key, returned }) => {
        // Prepare
        dynamoMock
          .on(BatchWriteCommand)
          .resolvesOnce({
            UnprocessedItems: { [TABLE]: [{ PutRequest: { Item: { id: returned } } }] },
          })
          .resolves({ UnprocessedItems: {} });
        const sink = createDynamoDbSink<Reading>({
          client: makeDocumentClient(),
          tableName: TABLE,
          key: [{ name: 'id', type: 'N' }],
          toItem: (reading) => ({ id: reading.Timestamp === 2 ? key : reading.Timestamp }),
        });

        // Act
        const result = await sink(
          itemsOf([makeReading({ Timestamp: 1 }), makeReading({ Timestamp: 2 })]),
          NO_DEADLINE,
        );

        // Assess
        expect(result).toEqual({ failed: [] });
        expect(writtenBatches()).toEqual([[{ id: 1 }, { id: key }], [{ id: key }]]);
      },
    );

    it('sends the whole chunk again when an unprocessed item matches none of it', async () => {
      // Prepare
      const readings = makeHotReadings(2);
      const unknown = { ...makeReading({ Timestamp: 99 }), Spot: 'unknown' };
      dynamoMock
        .on(BatchWriteCommand)
        .resolvesOnce({ UnprocessedItems: { [TABLE]: [{ PutRequest: { Item: unknown } }] } })
        .resolves({ UnprocessedItems: {} });

      // Act
      const result = await makeSink()(itemsOf(readings), NO_DEADLINE);

      // Assess
      expect(result).toEqual({ failed: [] });
      expect(writtenBatches()).toEqual([readings, readings]);
    });

    it("stops at the adapter's deadline, earlier than its own", async () => {
      // Prepare
      throttleEverything();
      const sink = makeSink({ deadlineMs: 60_000 });

      // Act
      const result = await sink(itemsOf(makeHotReadings(2)), { deadline: Date.now() + 100 });

      // Assess
      expect(failedCodes(result)).toEqual(['UNPROCESSED', 'UNPROCESSED']);
    });

    it("uses the adapter's deadline when it has none of its own", async () => {
      // Prepare: a clock of the test's, so the 10 s default and the adapter's 100 ms are told
      // apart by simulated time, not by how fast this machine runs.
      vi.useFakeTimers();
      try {
        throttleEverything();
        let result: SinkResult | undefined;

        // Act
        const writing = makeSink()(itemsOf(makeHotReadings(2)), {
          deadline: Date.now() + 100,
        }).then((settled) => {
          result = settled;
        });
        await vi.advanceTimersByTimeAsync(1_000);

        // Assess: settled a second in, long before its own 10 s default.
        expect(failedCodes(result)).toEqual(['UNPROCESSED', 'UNPROCESSED']);
        await writing;
      } finally {
        vi.useRealTimers();
      }
    });
  });

  describe('stop at the first failure', () => {
    it('sends no further chunk after one failed, and reports the rest NOT_ATTEMPTED', async () => {
      // Prepare
      throttleEverything();
      const sink = makeSink({ concurrency: 1, deadlineMs: 50 });

      // Act
      const result = await sink(itemsOf(makeHotReadings(60)), NO_DEADLINE);

      // Assess
      const codes = failedCodes(result);
      expect(codes.slice(0, 25)).toEqual(Array(25).fill('UNPROCESSED'));
      expect(codes.slice(25)).toEqual(Array(35).fill('NOT_ATTEMPTED'));
      expect(new Set(writtenBatches().map((batch) => batch.length))).toEqual(new Set([25]));
      expect(writtenBatches().every((batch) => batch[0]?.Timestamp === 1_732_600_000_000)).toBe(
        true,
      );
    });

    it.each([
      {
        case: 'lacks a key attribute',
        bad: { Timestamp: 3, Temperature: 40 },
        problem: 'has no key attribute "Spot"',
      },
      {
        case: 'has a key of the wrong type',
        bad: { Timestamp: '3', Spot: 'Q', Temperature: 40 },
        problem: 'has key attribute "Timestamp" that is not a non-empty N value',
      },
      {
        case: 'has an empty string key',
        bad: { Timestamp: 3, Spot: '', Temperature: 40 },
        problem: 'has key attribute "Spot" that is not a non-empty S value',
      },
    ])(
      'reports an item that $case as INVALID_ITEM without sending it',
      async ({ bad, problem }) => {
        // Prepare
        const values = [
          makeReading({ Timestamp: 1 }),
          makeReading({ Timestamp: 2 }),
          bad,
          makeReading({ Timestamp: 4 }),
        ];

        // Act
        const result = await makeSink()(itemsOf(values as Reading[]), NO_DEADLINE);

        // Assess
        expect(writtenBatches()).toEqual([
          [makeReading({ Timestamp: 1 }), makeReading({ Timestamp: 2 })],
        ]);
        expect(failedSequenceNumbers(result)).toEqual([sequenceNumber(2), sequenceNumber(3)]);
        expect(failedCodes(result)).toEqual(['INVALID_ITEM', 'NOT_ATTEMPTED']);
        expect(result?.failed[0]?.error).toMatchObject({
          message: `The item of record ${sequenceNumber(2)} ${problem}`,
        });
      },
    );

    it('reports an item toItem throws on as INVALID_ITEM, with the cause', async () => {
      // Prepare
      const boom = new Error('no conversion');
      const sink = makeSink({
        toItem: (reading) => {
          if (reading.Timestamp === 2) throw boom;
          return reading;
        },
      });

      // Act
      const result = await sink(
        itemsOf([makeReading({ Timestamp: 1 }), makeReading({ Timestamp: 2 })]),
        NO_DEADLINE,
      );

      // Assess
      expect(failedCodes(result)).toEqual(['INVALID_ITEM']);
      expect(result?.failed[0]?.error).toMatchObject({ cause: boom });
    });

    it.each([
      { what: 'an integer past 2^53', Temperature: 1e16 },
      { what: 'a Date', Temperature: new Date(0) },
      { what: 'undefined, on a client that keeps it', Temperature: undefined },
    ])(
      'reports an item the SDK cannot convert ($what) INVALID_ITEM at its own record, and writes those before it',
      async ({ Temperature }) => {
        // Prepare
        const readings = [
          makeReading({ Timestamp: 1 }),
          { ...makeReading({ Timestamp: 2 }), Temperature } as unknown as Reading,
          makeReading({ Timestamp: 3 }),
        ];

        // Act
        const result = await makeSink()(itemsOf(readings), NO_DEADLINE);

        // Assess
        expect(writtenBatches()).toEqual([[readings[0]]]);
        expect(failedSequenceNumbers(result)).toEqual([sequenceNumber(1), sequenceNumber(2)]);
        expect(failedCodes(result)).toEqual(['INVALID_ITEM', 'NOT_ATTEMPTED']);
        expect(result?.failed[0]?.error).toMatchObject({
          message: expect.stringMatching(
            /^The item of record \d+ cannot be converted to DynamoDB attribute values: /,
          ),
          cause: expect.any(Error),
        });
      },
    );

    it('isolates the item DynamoDB refuses and reports it INVALID_ITEM', async () => {
      // Prepare
      const readings = makeHotReadings(4);
      const refused = awsError(
        'ValidationException',
        400,
        'Item size has exceeded the maximum allowed size',
      );
      dynamoMock.on(BatchWriteCommand).callsFake((input: BatchWriteCommandInput) => {
        const items = input.RequestItems?.[TABLE] ?? [];
        if (
          items.some((request) => request.PutRequest?.Item?.Timestamp === readings[2]?.Timestamp)
        ) {
          throw refused;
        }
        return {};
      });

      // Act
      const result = await makeSink()(itemsOf(readings), NO_DEADLINE);

      // Assess
      expect(writtenBatches().map((batch) => batch.map((item) => item.Timestamp))).toEqual([
        readings.map((reading) => reading.Timestamp),
        [readings[0]?.Timestamp],
        [readings[1]?.Timestamp],
        [readings[2]?.Timestamp],
      ]);
      expect(failedSequenceNumbers(result)).toEqual([sequenceNumber(2), sequenceNumber(3)]);
      expect(failedCodes(result)).toEqual(['INVALID_ITEM', 'NOT_ATTEMPTED']);
      expect(result?.failed[0]?.error).toMatchObject({
        message: 'DynamoDB refused the item: Item size has exceeded the maximum allowed size',
        cause: refused,
      });
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
      const result = await makeSink()(itemsOf(readings), NO_DEADLINE);

      // Assess
      expect(result).toEqual({ failed: [] });
      expect(writtenBatches()).toEqual([readings, readings]);
    });

    it('retries an error without an HTTP status, such as a network failure', async () => {
      // Prepare
      dynamoMock.on(BatchWriteCommand).rejectsOnce(new Error('socket hang up')).resolves({});

      // Act
      const result = await makeSink()(itemsOf(makeHotReadings(1)), NO_DEADLINE);

      // Assess
      expect(result).toEqual({ failed: [] });
      expect(dynamoMock.commandCalls(BatchWriteCommand)).toHaveLength(2);
    });

    it('reports the items WRITE_FAILED, with the last error as cause, when retries outlast the deadline', async () => {
      // Prepare
      const throttled = awsError('ProvisionedThroughputExceededException', 400, 'Rate exceeded');
      dynamoMock.on(BatchWriteCommand).rejects(throttled);

      // Act
      const result = await makeSink({ deadlineMs: 100 })(itemsOf(makeHotReadings(2)), NO_DEADLINE);

      // Assess
      expect(failedSequenceNumbers(result)).toEqual([0, 1].map(sequenceNumber));
      expect(result?.failed.map(({ error }) => error)).toEqual([
        expect.objectContaining({ code: 'WRITE_FAILED', cause: throttled }),
        expect.objectContaining({ code: 'WRITE_FAILED', cause: throttled }),
      ]);
      expect(result?.failed[0]?.error).toMatchObject({
        message: 'BatchWriteItem kept failing until the deadline: Rate exceeded',
      });
    });

    it.each([
      { name: 'ResourceNotFoundException', status: 400 },
      { name: 'AccessDeniedException', status: 403 },
      { name: 'UnrecognizedClientException', status: 400 },
    ])('throws WRITE_FAILED on $name ($status) without retrying', async ({ name, status }) => {
      // Prepare
      const cause = awsError(name, status, `${name} happened`);
      dynamoMock.on(BatchWriteCommand).rejects(cause);

      // Act
      const writing = makeSink()(itemsOf(makeHotReadings(2)), NO_DEADLINE);

      // Assess
      await expect(writing).rejects.toThrow(DynamoDbSinkError);
      await expect(writing).rejects.toMatchObject({
        code: 'WRITE_FAILED',
        message: `BatchWriteItem failed: ${name} happened`,
        cause: { name },
      });
      expect(dynamoMock.commandCalls(BatchWriteCommand)).toHaveLength(1);
    });

    it('aborts a request still in flight at the deadline and reports its items', async () => {
      // Prepare
      const hanging = {
        send: (_command: unknown, options?: { abortSignal?: AbortSignal }) =>
          new Promise((_resolve, reject) => {
            options?.abortSignal?.addEventListener('abort', () =>
              reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' })),
            );
          }),
      } as unknown as DynamoDBDocumentClient;
      const sink = createDynamoDbSink<Reading>({
        client: hanging,
        tableName: TABLE,
        key: READINGS_KEY,
        deadlineMs: 60_000,
      });

      // Act
      const result = await sink(itemsOf(makeHotReadings(2)), { deadline: Date.now() + 50 });

      // Assess
      expect(failedCodes(result)).toEqual(['WRITE_FAILED', 'WRITE_FAILED']);
      expect(result?.failed[0]?.error).toMatchObject({ cause: { name: 'AbortError' } });
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
    const result = await makeSink({ concurrency })(itemsOf(makeHotReadings(150)), NO_DEADLINE);

    // Assess
    expect(result).toEqual({ failed: [] });
    expect(dynamoMock.commandCalls(BatchWriteCommand)).toHaveLength(6);
    expect(maxInFlight).toBe(concurrency);
  });
});
