import { KinesisClient } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import {
  createLocalTrigger,
  InvalidFilterCriteriaError,
  InvalidOptionError,
  type LocalTriggerOptions,
} from '../src/index.js';

const base = {
  client: new KinesisClient({ region: 'us-east-1' }),
  streamName: 'S',
  startingPosition: 'TRIM_HORIZON',
  handler: async () => undefined,
} as const;

describe('createLocalTrigger options', () => {
  it.each<[Partial<LocalTriggerOptions>, string]>([
    [{ batchSize: 0 }, 'batchSize must be an integer from 1 to 10000 (got 0)'],
    [{ batchSize: 10_001 }, 'batchSize must be an integer from 1 to 10000 (got 10001)'],
    [
      { maximumBatchingWindowInSeconds: 301 },
      'maximumBatchingWindowInSeconds must be from 0 to 300',
    ],
    [{ startingPosition: 'AT_SEQUENCE_NUMBER' as never }, 'startingPosition must be one of'],
    [
      { startingPosition: 'AT_TIMESTAMP' },
      'startingPositionTimestamp is required with AT_TIMESTAMP',
    ],
    [{ startingPositionTimestamp: 1 }, 'startingPositionTimestamp is valid with AT_TIMESTAMP only'],
    [{ maximumRetryAttempts: -2 }, 'maximumRetryAttempts must be an integer from -1 to 10000'],
    [{ maximumRetryAttempts: 10_001 }, 'maximumRetryAttempts must be an integer from -1 to 10000'],
    [
      { maximumRecordAgeInSeconds: 59 },
      'maximumRecordAgeInSeconds must be an integer from 60 to 604800',
    ],
    [
      { maximumRecordAgeInSeconds: 604_801 },
      'maximumRecordAgeInSeconds must be an integer from 60 to 604800',
    ],
    [
      { functionResponseTypes: ['Everything' as never] },
      'functionResponseTypes may only contain ReportBatchItemFailures',
    ],
    [{ parallelizationFactor: 11 }, 'parallelizationFactor must be an integer from 1 to 10'],
    [{ pollIntervalMs: 100 }, 'pollIntervalMs must be at least 200 ms'],
    // StartingPosition is required for a Kinesis event source mapping
    // (https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html).
    [
      { startingPosition: undefined as never },
      "startingPosition is required, as in Lambda's event source mapping for Kinesis",
    ],
    [{ invokeIdentityArn: 'lambda-role' }, 'invokeIdentityArn must be an IAM role ARN'],
    [{ invokeIdentityArn: 'arn:aws:iam::123:role/r' }, 'invokeIdentityArn must be an IAM role ARN'],
  ])('refuses %j with an InvalidOptionError naming it', (option, message) => {
    // Act
    const act = () => createLocalTrigger({ ...base, ...option } as LocalTriggerOptions);

    // Assess
    expect(act).toThrow(InvalidOptionError);
    expect(act).toThrow(message);
  });

  it('refuses a filterCriteria Lambda would refuse before polling anything', () => {
    // Act
    const act = () =>
      createLocalTrigger({ ...base, filterCriteria: { Filters: [{ Pattern: '{"x":[1]}' }] } });

    // Assess
    expect(act).toThrow(InvalidFilterCriteriaError);
  });

  it.each<Partial<LocalTriggerOptions>>([
    {},
    { batchSize: 10_000, maximumRetryAttempts: -1, maximumRecordAgeInSeconds: -1 },
    { startingPosition: 'AT_TIMESTAMP', startingPositionTimestamp: 1_545_084_650 },
    { startingPosition: 'AT_TIMESTAMP', startingPositionTimestamp: new Date() },
    { invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role' },
    {
      maximumBatchingWindowInSeconds: 300,
      parallelizationFactor: 10,
      maximumRecordAgeInSeconds: 60,
    },
  ])('accepts Lambda values %j', (option) => {
    expect(() => createLocalTrigger({ ...base, ...option } as LocalTriggerOptions)).not.toThrow();
  });
});

describe('createLocalTrigger tumblingWindowInSeconds', () => {
  it.each([-1, 901, 1.5])('refuses tumblingWindowInSeconds %s (Lambda: 0 to 900)', (value) => {
    // Act & Assess
    expect(() => createLocalTrigger({ ...base, tumblingWindowInSeconds: value })).toThrow(
      new InvalidOptionError(
        'tumblingWindowInSeconds',
        `must be an integer from 0 to 900 (got ${value})`,
      ),
    );
  });

  it('refuses parallelizationFactor above 1 with a window, naming the reason', () => {
    // Act & Assess
    expect(() =>
      createLocalTrigger({ ...base, tumblingWindowInSeconds: 60, parallelizationFactor: 2 }),
    ).toThrow(/parallelizationFactor must be 1 with tumblingWindowInSeconds/);
  });

  it.each([0, 1, 900])('accepts tumblingWindowInSeconds %s', (value) => {
    // Act & Assess
    expect(() => createLocalTrigger({ ...base, tumblingWindowInSeconds: value })).not.toThrow();
  });
});
