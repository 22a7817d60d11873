import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { PoisonPolicy, SinkError } from '@kds/consumer';
import {
  awsError,
  dynamoMock,
  makeDocumentClient,
  writtenBatches,
} from '@kds/test-support/dynamodb-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandler, hotReadings, readConfig, silentLogger } from '../src/index.js';
import { mockReadingsTable } from './helpers/dynamodb.js';
import {
  loadEvent,
  makeHotReadings,
  makeReading,
  makeReadingsEvent,
  sequenceNumberAt,
} from './helpers/events.js';
import { makeSpyLogger } from './helpers/logger.js';

/** A handler that reports poison records to a spy logger, and the batch with three of them. */
function reportingPoisonBatch() {
  const logger = makeSpyLogger();
  const handler = createHandler({
    client: makeDocumentClient(),
    logger,
    poison: PoisonPolicy.Report,
  });
  return { logger, handler, event: loadEvent('poison-batch.json') };
}

describe('createHandler', () => {
  beforeEach(() => {
    dynamoMock.reset();
    dynamoMock.on(BatchWriteCommand).resolves({});
    mockReadingsTable();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes only the readings at or above 35 °C to TestTable', async () => {
    // Prepare
    const handler = createHandler({ client: makeDocumentClient(), logger: silentLogger });
    const event = loadEvent('mixed-temperatures.json');

    // Act
    const response = await handler(event);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(writtenBatches('TestTable')).toEqual([
      [
        { Timestamp: 1_732_600_000_031, Spot: 'M', Temperature: 35 },
        { Timestamp: 1_732_600_000_032, Spot: 'N', Temperature: 36.5 },
        { Timestamp: 1_732_600_000_034, Spot: 'P', Temperature: 40 },
      ],
    ]);
  });

  it('uses the table name and threshold it is given', async () => {
    // Prepare
    const handler = createHandler({
      client: makeDocumentClient(),
      tableName: 'Readings',
      minTemperature: 20,
      logger: silentLogger,
    });
    const event = loadEvent('mixed-temperatures.json');

    // Act
    await handler(event);

    // Assess
    expect(writtenBatches('TestTable')).toEqual([[]]);
    expect(writtenBatches('Readings')[0]?.map((item) => item.Temperature)).toEqual([
      34, 35, 36.5, 20, 40,
    ]);
  });

  it('with poison report, reports the first poison record, logs every one, and still writes the good readings after it', async () => {
    // Prepare
    const { logger, handler, event } = reportingPoisonBatch();

    // Act
    const response = await handler(event);

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequenceNumberAt(event, 1) }]);
    expect(logger.error).toHaveBeenCalledTimes(3);
    expect(writtenBatches()).toEqual([
      [
        { Timestamp: 1_732_600_000_020, Spot: 'P', Temperature: 41 },
        { Timestamp: 1_732_600_000_025, Spot: 'P', Temperature: 37 },
      ],
    ]);
  });

  it('by default checkpoints past a record that can never decode, so no mapping stalls its shard', async () => {
    // Prepare: with Lambda's default mapping (retries until the record expires, no bisection) a
    // reported record would hold its shard back for the stream's retention
    // (https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html).
    const logger = makeSpyLogger();
    const handler = createHandler({ client: makeDocumentClient(), logger });
    const event = loadEvent('poison-batch.json');

    // Act
    const response = await handler(event);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(logger.error).toHaveBeenCalledTimes(3);
    expect(writtenBatches()[0]?.map((item) => item.Temperature)).toEqual([41, 37]);
  });

  it.each([
    { poison: PoisonPolicy.Skip, reported: [] as number[], written: [41, 37] },
    { poison: PoisonPolicy.Report, reported: [1], written: [41, 37] },
    { poison: PoisonPolicy.Fail, reported: [1], written: [41] },
  ])(
    'with poison $poison it reports $reported and writes the readings of $written °C',
    async ({ poison, reported, written }) => {
      // Prepare
      const handler = createHandler({ client: makeDocumentClient(), logger: silentLogger, poison });
      const event = loadEvent('poison-batch.json');

      // Act
      const response = await handler(event);

      // Assess
      expect(response.batchItemFailures).toEqual(
        reported.map((index) => ({ itemIdentifier: sequenceNumberAt(event, index) })),
      );
      expect(
        writtenBatches()
          .flat()
          .map((item) => item.Temperature),
      ).toEqual(written);
    },
  );

  it('writes with the key the tables are created from, without calling DescribeTable', async () => {
    // Prepare
    const handler = createHandler({ client: makeDocumentClient(), logger: silentLogger });

    // Act
    await handler(loadEvent('mixed-temperatures.json'));

    // Assess
    expect(dynamoMock.commandCalls(DescribeTableCommand)).toHaveLength(0);
    expect(writtenBatches().flat().length).toBeGreaterThan(0);
  });

  it('writes KMS-encrypted records like any other', async () => {
    // Prepare
    const handler = createHandler({ client: makeDocumentClient(), logger: silentLogger });
    const event = loadEvent('kms-readings.json');

    // Act
    const response = await handler(event);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(writtenBatches()).toEqual([
      [{ Timestamp: 1_732_600_000_010, Spot: 'K', Temperature: 38 }],
    ]);
  });

  it('splits 60 matching readings into BatchWriteItem calls of 25, 25 and 10', async () => {
    // Prepare
    const handler = createHandler({ client: makeDocumentClient(), logger: silentLogger });
    const readings = makeHotReadings(60);

    // Act
    const response = await handler(makeReadingsEvent(readings));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const batches = writtenBatches();
    expect(batches.map((batch) => batch.length)).toEqual([25, 25, 10]);
    expect(batches.flat()).toEqual(readings);
  });

  it('makes no DynamoDB call when no reading is hot enough', async () => {
    // Prepare
    const handler = createHandler({ client: makeDocumentClient(), logger: silentLogger });
    const event = makeReadingsEvent([makeReading({ Temperature: 34.99 })]);

    // Act
    const response = await handler(event);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(dynamoMock.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });

  it('retries UnprocessedItems until they are written', async () => {
    // Prepare
    const readings = makeHotReadings(3);
    const leftOver = readings[1];
    dynamoMock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { TestTable: [{ PutRequest: { Item: leftOver } }] } })
      .resolves({});
    const handler = createHandler({ client: makeDocumentClient(), logger: silentLogger });

    // Act
    const response = await handler(makeReadingsEvent(readings));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(writtenBatches()).toEqual([readings, [leftOver]]);
  });

  it('writes a key once per batch, the last reading of it winning', async () => {
    // Prepare
    const handler = createHandler({ client: makeDocumentClient(), logger: silentLogger });
    const event = makeReadingsEvent([
      makeReading({ Timestamp: 1, Spot: 'A', Temperature: 36 }),
      makeReading({ Timestamp: 1, Spot: 'B', Temperature: 37 }),
      makeReading({ Timestamp: 1, Spot: 'A', Temperature: 38 }),
    ]);

    // Act
    const response = await handler(event);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(writtenBatches()).toEqual([
      [
        { Timestamp: 1, Spot: 'A', Temperature: 38 },
        { Timestamp: 1, Spot: 'B', Temperature: 37 },
      ],
    ]);
  });

  it('reports at once a valid reading no DynamoDB item can hold, and writes the readings before it', async () => {
    // Prepare: the schema takes any finite Temperature; the SDK refuses integers past 2^53.
    const handler = createHandler({ client: makeDocumentClient(), logger: silentLogger });
    const event = makeReadingsEvent([
      makeReading({ Timestamp: 1, Temperature: 36 }),
      makeReading({ Timestamp: 2, Temperature: 1e16 }),
      makeReading({ Timestamp: 3, Temperature: 37 }),
    ]);

    // Act
    const response = await handler(event, { getRemainingTimeInMillis: () => 60_000 });

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequenceNumberAt(event, 1) }]);
    expect(writtenBatches()).toEqual([[makeReading({ Timestamp: 1, Temperature: 36 })]]);
  });

  it('rejects on a non-retryable DynamoDB error, so Lambda retries the batch', async () => {
    // Prepare
    const missingTable = awsError('ResourceNotFoundException', 400, 'Requested resource not found');
    dynamoMock.on(BatchWriteCommand).rejects(missingTable);
    const handler = createHandler({ client: makeDocumentClient(), logger: silentLogger });

    // Act
    const invocation = handler(makeReadingsEvent(makeHotReadings(2)));

    // Assess
    await expect(invocation).rejects.toThrow(SinkError);
    await expect(invocation).rejects.toMatchObject({
      code: 'WRITE_FAILED',
      message: 'BatchWriteItem failed: Requested resource not found',
      cause: { name: 'ResourceNotFoundException' },
    });
    expect(dynamoMock.commandCalls(BatchWriteCommand)).toHaveLength(1);
  });

  describe('logs', () => {
    it('logs one line per batch with the counts', async () => {
      // Prepare
      const { logger, handler, event } = reportingPoisonBatch();

      // Act
      await handler(event);

      // Assess
      expect(logger.info).toHaveBeenCalledOnce();
      expect(logger.info).toHaveBeenCalledWith({
        message: 'batch',
        tableName: 'TestTable',
        minTemperature: 35,
        poisonPolicy: 'report',
        received: 6,
        decoded: 3,
        poison: 3,
        filteredOut: 1,
        stored: 2,
        failed: 0,
        unprocessed: 0,
        batchItemFailures: 1,
        failure: {
          sequenceNumber: sequenceNumberAt(event, 1),
          code: 'BAD_BASE64',
          error: expect.stringMatching(/^Record kinesis.data is not valid base64: /),
        },
      });
    });

    it('logs every record that does not decode with its code and sequence number', async () => {
      // Prepare
      const logger = makeSpyLogger();
      const handler = createHandler({ client: makeDocumentClient(), logger });
      const event = loadEvent('poison-batch.json');

      // Act
      await handler(event);

      // Assess
      expect(logger.error.mock.calls.map(([entry]) => entry)).toEqual(
        [
          { index: 1, code: 'BAD_BASE64' },
          { index: 2, code: 'BAD_JSON' },
          { index: 3, code: 'SCHEMA' },
        ].map(({ index, code }) => ({
          message: 'record does not decode',
          code,
          error: expect.any(String),
          eventID: event.Records[index]?.eventID,
          sequenceNumber: sequenceNumberAt(event, index),
        })),
      );
      expect(logger.error.mock.calls[2]?.[0].error).toContain('Temperature');
    });

    it('writes one JSON line per batch to stdout by default', async () => {
      // Prepare
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      const handler = createHandler({ client: makeDocumentClient() });

      // Act
      await handler(loadEvent('mixed-temperatures.json'));

      // Assess
      expect(log).toHaveBeenCalledOnce();
      const line = String(log.mock.calls[0]?.[0]);
      expect(line).not.toContain('\n');
      expect(JSON.parse(line)).toEqual({
        level: 'INFO',
        message: 'batch',
        tableName: 'TestTable',
        minTemperature: 35,
        poisonPolicy: 'skip',
        received: 5,
        decoded: 5,
        poison: 0,
        filteredOut: 2,
        stored: 3,
        failed: 0,
        unprocessed: 0,
        batchItemFailures: 0,
      });
    });

    it('writes one JSON line per bad record to stderr by default', async () => {
      // Prepare
      vi.spyOn(console, 'log').mockImplementation(() => {});
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      const handler = createHandler({ client: makeDocumentClient() });

      // Act
      await handler(loadEvent('poison-batch.json'));

      // Assess
      const entries = error.mock.calls.map(([line]) => JSON.parse(String(line)));
      expect(entries.map((entry) => [entry.level, entry.code])).toEqual([
        ['ERROR', 'BAD_BASE64'],
        ['ERROR', 'BAD_JSON'],
        ['ERROR', 'SCHEMA'],
      ]);
    });
  });
});

describe('hotReadings', () => {
  it('keeps readings at or above the threshold and carries the Lambda filter pattern', () => {
    // Act
    const hot = hotReadings(35);

    // Assess
    expect(hot(makeReading({ Temperature: 35 }))).toBe(true);
    expect(hot(makeReading({ Temperature: 34.9 }))).toBe(false);
    expect(hot.filterPattern).toEqual({ data: { Temperature: [{ numeric: ['>=', 35] }] } });
  });
});

describe('createHandler with METRICS_NAMESPACE', () => {
  const NOW = 1_732_600_000_000;

  beforeEach(() => {
    dynamoMock.reset();
    dynamoMock.on(BatchWriteCommand).resolves({});
    mockReadingsTable();
  });

  function handlerWithMetrics(env: Record<string, string>, poison?: PoisonPolicy) {
    const lines: Record<string, unknown>[] = [];
    const config = readConfig({ METRICS_NAMESPACE: 'Readings', ...env });
    if (config.metrics === undefined) throw new Error('METRICS_NAMESPACE gave no metrics');
    const handler = createHandler({
      ...config,
      ...(poison === undefined ? {} : { poison }),
      client: makeDocumentClient(),
      logger: silentLogger,
      metrics: {
        ...config.metrics,
        now: () => NOW,
        write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
      },
    });
    return { handler, lines };
  }

  it('writes one EMF line per invocation with the counts of the batch', async () => {
    // Prepare
    const { handler, lines } = handlerWithMetrics(
      { AWS_LAMBDA_FUNCTION_NAME: 'readings' },
      PoisonPolicy.Report,
    );
    const event = loadEvent('poison-batch.json');

    // Act
    await handler(event);
    await handler(loadEvent('mixed-temperatures.json'));

    // Assess
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      _aws: {
        Timestamp: NOW,
        CloudWatchMetrics: [
          {
            Namespace: 'Readings',
            Dimensions: [['FunctionName']],
            Metrics: [
              'BatchItemFailures',
              'RecordsReceived',
              'RecordsDecoded',
              'RecordsPoison',
              'RecordsFilteredOut',
              'RecordsStored',
              'RecordsFailed',
              'RecordsUnprocessed',
            ].map((Name) => ({ Name, Unit: 'Count' })),
          },
        ],
      },
      FunctionName: 'readings',
      BatchItemFailures: 1,
      RecordsReceived: event.Records.length,
      RecordsDecoded: 3,
      RecordsPoison: 3,
      RecordsFilteredOut: 1,
      RecordsStored: 2,
      RecordsFailed: 0,
      RecordsUnprocessed: 0,
    });
  });

  it('counts what the sink could not store and the records after it', async () => {
    // Prepare
    dynamoMock.on(BatchWriteCommand).rejects(awsError('ValidationException', 400));
    const { handler, lines } = handlerWithMetrics({}, PoisonPolicy.Skip);

    // Act
    const response = await handler(loadEvent('mixed-temperatures.json'));

    // Assess
    expect(response.batchItemFailures).toHaveLength(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ BatchItemFailures: 1, RecordsStored: 0 });
    expect(lines[0]?.RecordsFailed).toBeGreaterThan(0);
    expect(lines[0]?.FunctionName).toBeUndefined();
  });
});
