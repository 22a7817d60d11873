import type { KinesisStreamEvent, KinesisStreamRecord } from '@kds/consumer';
import { describe, expect, it } from 'vitest';
import { createBatchDelivery } from '../src/batch-delivery.js';
import {
  type EventSourceMappingSettings,
  MalformedResponseError,
  type OnFailureRecord,
  PartialBatchFailureError,
} from '../src/index.js';
import { resolveSettings } from '../src/trigger-options.js';
import { dataOf, lambdaRecords } from './helpers/records.js';

type Response = unknown;

/** Runs one batch through the delivery with a scripted handler; returns what was observed. */
async function deliver(
  records: readonly KinesisStreamRecord[],
  respond: (batch: string[], call: number) => Response,
  settings: Partial<EventSourceMappingSettings> = {},
) {
  const invocations: string[][] = [];
  const settled: string[] = [];
  const failures: Array<{ record: OnFailureRecord; error: unknown; records: string[] }> = [];
  const run = createBatchDelivery({
    settings: resolveSettings({ startingPosition: 'TRIM_HORIZON', retryDelayMs: 0, ...settings }),
    handler: async (event: KinesisStreamEvent) => {
      const batch = dataOf(event.Records);
      invocations.push(batch);
      const response = respond(batch, invocations.length);
      if (response instanceof Error) throw response;
      return response as never;
    },
    shardId: 'shardId-000000000000',
    streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/S',
    functionName: 'f',
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
    destinations: [
      (record, details) =>
        void failures.push({ record, error: details.error, records: dataOf(details.records) }),
    ],
    isRunning: () => invocations.length < 50,
    pause: async () => {},
    onError: (error) => {
      throw error;
    },
  });
  await run(records, async (done) => void settled.push(...dataOf(done)));
  return { invocations, settled, failures };
}

const reportBatchItemFailures = { functionResponseTypes: ['ReportBatchItemFailures'] } as const;

describe('batch delivery', () => {
  it('retries from the lowest reported failure and settles what came before it', async () => {
    // Prepare
    const records = lambdaRecords(6);
    const seq = (i: number) => records[i]?.kinesis.sequenceNumber ?? '';

    // Act
    const seen = await deliver(
      records,
      (_, call) =>
        call === 1
          ? { batchItemFailures: [{ itemIdentifier: seq(4) }, { itemIdentifier: seq(2) }] }
          : {},
      reportBatchItemFailures,
    );

    // Assess
    expect(seen.invocations).toEqual([
      ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'],
      ['r2', 'r3', 'r4', 'r5'],
    ]);
    expect(seen.settled).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it.each<[string, Response]>([
    ['an empty itemIdentifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a null itemIdentifier', { batchItemFailures: [{ itemIdentifier: null }] }],
    ['a misspelt key', { batchItemFailures: [{ itemIdentifer: '1' }] }],
    ['an unknown sequence number', { batchItemFailures: [{ itemIdentifier: '42' }] }],
    ['batchItemFailures that is not a list', { batchItemFailures: 'r0' }],
    ['a response that is not an object', 'OK'],
  ])('fails the whole batch for %s', async (_, response) => {
    // Act
    const seen = await deliver(lambdaRecords(2), (__, call) => (call === 1 ? response : null), {
      ...reportBatchItemFailures,
      maximumRetryAttempts: 0,
    });

    // Assess
    expect(seen.invocations).toEqual([['r0', 'r1']]);
    expect(seen.failures[0]?.error).toBeInstanceOf(MalformedResponseError);
    expect(seen.failures[0]?.records).toEqual(['r0', 'r1']);
  });

  it.each<[string, Response]>([
    ['undefined', undefined],
    ['null', null],
    ['an empty object', {}],
    ['an empty list', { batchItemFailures: [] }],
    ['a null list', { batchItemFailures: null }],
    // Lambda succeeds on an empty list returned as the response itself (it reads batchItemFailures
    // only): https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html
    ['a list as the response, []', []],
  ])('takes %s as complete success', async (_, response) => {
    // Act
    const seen = await deliver(lambdaRecords(3), () => response, reportBatchItemFailures);

    // Assess
    expect(seen.invocations).toHaveLength(1);
    expect(seen.settled).toEqual(['r0', 'r1', 'r2']);
  });

  it('counts retries of a partial failure and gives up on the rest after maximumRetryAttempts', async () => {
    // Prepare
    const records = lambdaRecords(4);

    // Act
    const seen = await deliver(
      records,
      () => ({ batchItemFailures: [{ itemIdentifier: records[3]?.kinesis.sequenceNumber }] }),
      { ...reportBatchItemFailures, maximumRetryAttempts: 2 },
    );

    // Assess
    expect(seen.invocations).toEqual([['r0', 'r1', 'r2', 'r3'], ['r3'], ['r3']]);
    expect(seen.failures).toHaveLength(1);
    expect(seen.failures[0]?.error).toBeInstanceOf(PartialBatchFailureError);
    expect(seen.failures[0]?.record.requestContext.approximateInvokeCount).toBe(3);
    // Lambda writes functionError null when the function answered instead of throwing
    // (https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html).
    expect(seen.failures[0]?.record.responseContext).toEqual({
      statusCode: 200,
      executedVersion: '$LATEST',
      functionError: null,
    });
  });

  it('writes functionError "Unhandled" when the function threw', async () => {
    // Act
    const seen = await deliver(lambdaRecords(1), () => new Error('down'), {
      maximumRetryAttempts: 0,
    });

    // Assess
    expect(seen.failures[0]?.record.responseContext).toEqual({
      statusCode: 200,
      executedVersion: '$LATEST',
      functionError: 'Unhandled',
    });
  });

  it('bisects down to the failing record before counting retries', async () => {
    // Act
    const seen = await deliver(
      lambdaRecords(4),
      (batch) => (batch.includes('r2') ? new Error('r2 is poison') : undefined),
      { bisectBatchOnFunctionError: true, maximumRetryAttempts: 0 },
    );

    // Assess
    expect(seen.invocations).toEqual([
      ['r0', 'r1', 'r2', 'r3'],
      ['r0', 'r1'],
      ['r2', 'r3'],
      ['r2'],
      ['r3'],
    ]);
    expect(seen.failures.map((f) => f.records)).toEqual([['r2']]);
    expect(seen.failures[0]?.record.requestContext.approximateInvokeCount).toBe(3);
    expect(seen.settled).toEqual(['r0', 'r1', 'r2', 'r3']);
  });

  it('discards records older than maximumRecordAgeInSeconds without invoking, as RecordAgeExceeded', async () => {
    // Prepare
    const old = lambdaRecords(2, { arrivedAt: new Date(Date.now() - 120_000) });

    // Act
    const seen = await deliver(old, () => undefined, { maximumRecordAgeInSeconds: 60 });

    // Assess
    expect(seen.invocations).toEqual([]);
    expect(seen.failures).toHaveLength(1);
    // A RecordAgeExceeded record of Lambda has no responseContext and approximateInvokeCount 1
    // (https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html).
    expect(seen.failures[0]?.record.requestContext).toMatchObject({
      condition: 'RecordAgeExceeded',
      approximateInvokeCount: 1,
    });
    expect(seen.failures[0]?.record).not.toHaveProperty('responseContext');
    expect(Object.keys(seen.failures[0]?.record ?? {})).toEqual([
      'requestContext',
      'version',
      'timestamp',
      'KinesisBatchInfo',
    ]);
    expect(seen.failures[0]?.record.KinesisBatchInfo.batchSize).toBe(2);
    expect(seen.settled).toEqual(['r0', 'r1']);
  });

  it('retries a failing batch until stopped when maximumRetryAttempts is -1', async () => {
    // Act
    const seen = await deliver(lambdaRecords(1), () => new Error('down'));

    // Assess
    expect(seen.invocations).toHaveLength(50);
    expect(seen.failures).toEqual([]);
    expect(seen.settled).toEqual([]);
  });
});
