import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import type { Reading } from '@kds/schema';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createWorker,
  DEFAULT_FAILOVER_TIME_MS,
  DEFAULT_IDLE_TIME_BETWEEN_READS_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_RECORDS,
  DEFAULT_METRICS_INTERVAL_MS,
  DEFAULT_PARENT_SHARD_POLL_INTERVAL_MS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  DEFAULT_SHARD_SYNC_INTERVAL_MS,
  DEFAULT_STOP_SIGNALS,
  InvalidOptionError,
  TAKE_INTERVALS_PER_FAILOVER_TIME,
  WorkerErrorCode,
  type WorkerOptions,
} from '../src/index.js';
import { resolveSettings } from '../src/options.js';
import { readingDecoder } from './helpers/records.js';

const kinesisClient = new KinesisClient({ region: 'us-east-2' });
const dynamoDbClient = new DynamoDBClient({ region: 'us-east-2' });

afterAll(() => {
  kinesisClient.destroy();
  dynamoDbClient.destroy();
});

const sink = async (): Promise<undefined> => undefined;

function validOptions(): WorkerOptions<Reading> {
  return {
    applicationName: 'readings-archiver',
    streamName: 'TestDataStream',
    initialPosition: 'TRIM_HORIZON',
    processor: { decoder: readingDecoder, sink },
    kinesisClient,
    dynamoDbClient,
    stopSignals: [],
  };
}

/** Builds options from the valid ones, with fields replaced (or removed when `undefined`). */
function withOptions(overrides: Record<string, unknown>): WorkerOptions<Reading> {
  const options: Record<string, unknown> = { ...validOptions(), ...overrides };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete options[key];
  }
  return options as unknown as WorkerOptions<Reading>;
}

function errorOf(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('resolveSettings: the defaults', () => {
  it('applies the documented default of every setting not given', () => {
    // Prepare
    const { stopSignals: _, ...options } = validOptions();

    // Act
    const settings = resolveSettings(options);

    // Assess
    expect(settings).toEqual({
      applicationName: 'readings-archiver',
      leaseTableName: 'readings-archiver',
      initialPosition: 'TRIM_HORIZON',
      failoverTimeMs: DEFAULT_FAILOVER_TIME_MS,
      takeIntervalMs: DEFAULT_FAILOVER_TIME_MS / TAKE_INTERVALS_PER_FAILOVER_TIME,
      stolenLeaseDelayMs: (DEFAULT_FAILOVER_TIME_MS * 2) / 3,
      maxLeasesForWorker: Number.POSITIVE_INFINITY,
      transport: 'polling',
      maxRecords: DEFAULT_MAX_RECORDS,
      idleTimeBetweenReadsMs: DEFAULT_IDLE_TIME_BETWEEN_READS_MS,
      parentShardPollIntervalMs: DEFAULT_PARENT_SHARD_POLL_INTERVAL_MS,
      shardSyncIntervalMs: DEFAULT_SHARD_SYNC_INTERVAL_MS,
      retryBaseDelayMs: DEFAULT_RETRY_BASE_DELAY_MS,
      retryMaxDelayMs: DEFAULT_RETRY_MAX_DELAY_MS,
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      metricsIntervalMs: DEFAULT_METRICS_INTERVAL_MS,
      stopSignals: DEFAULT_STOP_SIGNALS,
    });
    expect(settings.takeIntervalMs).toBe(1_000);
    expect(settings.maxRecords).toBe(10_000);
    expect(settings.maxAttempts).toBe(Number.POSITIVE_INFINITY);
  });

  it('waits two renewal intervals (two thirds of the failover time) before reading a stolen lease', () => {
    // Act
    const settings = resolveSettings({ ...validOptions(), failoverTimeMs: 6_000 });

    // Assess
    expect(settings.stolenLeaseDelayMs).toBe(4_000);
  });

  it('scans for leases ten times per failover time when no take interval is given', () => {
    // Act
    const settings = resolveSettings({ ...validOptions(), failoverTimeMs: 30_000 });

    // Assess
    expect(settings.takeIntervalMs).toBe(3_000);
  });

  it('keeps every setting given', () => {
    // Prepare
    const given = {
      leaseTableName: 'readings-leases',
      initialPosition: { atTimestamp: new Date('2026-11-30T00:00:00Z') },
      failoverTimeMs: 20_000,
      takeIntervalMs: 500,
      maxLeasesForWorker: 8,
      maxRecords: 1,
      idleTimeBetweenReadsMs: 0,
      parentShardPollIntervalMs: 1,
      shardSyncIntervalMs: 5_000,
      retryBaseDelayMs: 0,
      retryMaxDelayMs: 0,
      maxAttempts: 3,
      metricsIntervalMs: 1_000,
      stopSignals: ['SIGUSR2'],
    } as const;

    // Act
    const settings = resolveSettings({ ...validOptions(), ...given });

    // Assess
    expect(settings).toMatchObject(given);
  });

  it.each([
    { name: 'LATEST', initialPosition: 'LATEST' },
    { name: 'TRIM_HORIZON', initialPosition: 'TRIM_HORIZON' },
    { name: 'a valid timestamp', initialPosition: { atTimestamp: new Date(0) } },
  ] as const)('accepts $name as the initial position', ({ initialPosition }) => {
    // Act
    const settings = resolveSettings({ ...validOptions(), initialPosition });

    // Assess
    expect(settings.initialPosition).toEqual(initialPosition);
  });

  it('accepts an enhanced fan-out transport', () => {
    // Act
    const settings = resolveSettings({
      ...validOptions(),
      transport: { efo: { consumerName: 'readings.alerts-1', shardEndCheckIntervalMs: 500 } },
    });

    // Assess
    expect(settings.transport).toEqual({
      efo: { consumerName: 'readings.alerts-1', shardEndCheckIntervalMs: 500 },
    });
  });

  it('accepts the ends of the GetRecords limit', () => {
    // Act
    const low = resolveSettings({ ...validOptions(), maxRecords: 1 });
    const high = resolveSettings({ ...validOptions(), maxRecords: 10_000 });

    // Assess
    expect([low.maxRecords, high.maxRecords]).toEqual([1, 10_000]);
  });

  it('takes a stream given by ARN only', () => {
    // Prepare
    const { streamName: _, ...options } = validOptions() as WorkerOptions<Reading> & {
      streamName: string;
    };

    // Act
    const build = (): unknown =>
      createWorker({
        ...options,
        streamARN: 'arn:aws:kinesis:us-east-2:123456789012:stream/TestDataStream',
      });

    // Assess
    expect(build).not.toThrow();
  });
});

describe('createWorker: every invalid option is rejected with an InvalidOptionError naming it', () => {
  /** Values each option refuses. */
  const invalid: Record<string, readonly unknown[]> = {
    transport: ['push', { efo: { consumerName: 'a b' } }],
    applicationName: [
      'ab',
      '',
      'readings archiver',
      'readings/archiver',
      'x'.repeat(256),
      undefined,
      42,
    ],
    leaseTableName: ['no', 'leases:readings', 'l'.repeat(256)],
    streamName: [undefined],
    processor: [undefined, { sink }, { decoder: readingDecoder }, { decoder: {}, sink }],
    initialPosition: [
      undefined,
      'AT_TIMESTAMP',
      'latest',
      'SHARD_END',
      { atTimestamp: 'yesterday' },
      { atTimestamp: 1_732_600_000_000 },
      { atTimestamp: new Date('nope') },
      null,
    ],
    maxRecords: [0, 10_001, 1.5, -1, Number.NaN],
    failoverTimeMs: [0, -10_000, Number.NaN, Number.POSITIVE_INFINITY],
    takeIntervalMs: [0, -1],
    maxLeasesForWorker: [0, 2.5],
    idleTimeBetweenReadsMs: [-1, Number.NaN],
    parentShardPollIntervalMs: [0],
    shardSyncIntervalMs: [-60_000],
    retryBaseDelayMs: [-100],
    retryMaxDelayMs: [-1, Number.POSITIVE_INFINITY],
    maxAttempts: [0, -3, 1.5],
    metricsIntervalMs: [0],
    // SIGKILL and SIGSTOP: no process can catch them.
    stopSignals: [['SIGKILL'], ['SIGTERM', 'SIGSTOP'], ['SIGTERMINATE']],
  };

  it.each([
    ...Object.entries(invalid).flatMap(([option, values]) =>
      values.map((value) => ({ option, overrides: { [option]: value } })),
    ),
    {
      option: 'transport.efo.shardEndCheckIntervalMs',
      overrides: { transport: { efo: { consumerName: 'c', shardEndCheckIntervalMs: 0 } } },
    },
  ])('$option: $overrides', ({ option, overrides }) => {
    // Act
    const error = errorOf(() => createWorker(withOptions(overrides)));

    // Assess
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option, code: WorkerErrorCode.InvalidOption });
    expect((error as Error).message.startsWith(`${option} `)).toBe(true);
  });

  it('names leaseTableName, not applicationName, when only the lease table name is bad', () => {
    // Act
    const error = errorOf(() =>
      createWorker(withOptions({ applicationName: 'readings-archiver', leaseTableName: 'a b' })),
    );

    // Assess
    expect(error).toMatchObject({ option: 'leaseTableName' });
  });

  it('accepts an application name that is no table name when the lease table is named', () => {
    // Act
    const build = (): unknown =>
      createWorker(withOptions({ applicationName: 'readings archiver', leaseTableName: 'leases' }));

    // Assess
    expect(build).not.toThrow();
  });
});
