import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-kinesis';
import {
  expiredIterator,
  iteratorRequests,
  scriptReads,
  sdkRecord,
} from '@kds/test-support/kinesis-mock';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createShardReader,
  createShardReadLimiter,
  InvalidOptionError,
  ReadAbortedError,
  ReaderErrorCode,
  ShardReadError,
  type ShardReaderOptions,
  THROTTLED_BACKOFF_BASE_MS,
} from '../src/index.js';

const kinesis = mockClient(KinesisClient);
const SHARD = 'shardId-000000000000';

const sequenceNumbers = (records: readonly _Record[]): (string | undefined)[] =>
  records.map((r) => r.SequenceNumber);

const named = (name: string): Error => Object.assign(new Error(`${name} happened`), { name });

const readerOptions = (overrides: Partial<ShardReaderOptions> = {}): ShardReaderOptions => ({
  client: new KinesisClient({ region: 'us-east-1' }),
  streamName: 'S',
  shardId: SHARD,
  start: { type: 'TRIM_HORIZON' },
  readLimiter: createShardReadLimiter(),
  ...overrides,
});

describe('createShardReader', () => {
  beforeEach(() => {
    kinesis.reset();
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resumes after the last record returned when its iterator expires: no gap, no duplicate', async () => {
    // Prepare
    scriptReads(
      kinesis,
      ['first', 'second'],
      [
        { Records: [sdkRecord('100'), sdkRecord('101')], NextShardIterator: 'first-next' },
        expiredIterator(),
        { Records: [sdkRecord('102')], NextShardIterator: 'second-next' },
      ],
    );
    const errors: unknown[] = [];
    const reader = createShardReader(readerOptions({ onError: (error) => errors.push(error) }));

    // Act
    const first = reader.read();
    await vi.runAllTimersAsync();
    const second = reader.read();
    await vi.runAllTimersAsync();

    // Assess
    expect([
      ...sequenceNumbers((await first).records),
      ...sequenceNumbers((await second).records),
    ]).toEqual(['100', '101', '102']);
    expect(iteratorRequests(kinesis)).toEqual([
      { StreamName: 'S', ShardId: SHARD, ShardIteratorType: 'TRIM_HORIZON' },
      {
        StreamName: 'S',
        ShardId: SHARD,
        ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
        StartingSequenceNumber: '101',
      },
    ]);
    expect(reader.lastSequenceNumber).toBe('102');
    expect(errors).toEqual([]);
  });

  it('takes a LATEST iterator that expired before any record again AT_TIMESTAMP of the first', async () => {
    // Prepare
    const openedAt = new Date('2026-06-01T12:00:00.000Z');
    vi.setSystemTime(openedAt);
    scriptReads(
      kinesis,
      ['it'],
      [expiredIterator(), { Records: [sdkRecord('300')], NextShardIterator: 'next' }],
    );
    const reader = createShardReader(readerOptions({ start: { type: 'LATEST' } }));

    // Act
    await reader.open();
    vi.setSystemTime(new Date(openedAt.getTime() + 10 * 60_000));
    const reading = reader.read();
    await vi.runAllTimersAsync();
    const { records } = await reading;

    // Assess
    expect(sequenceNumbers(records)).toEqual(['300']);
    expect(iteratorRequests(kinesis)).toEqual([
      { StreamName: 'S', ShardId: SHARD, ShardIteratorType: 'LATEST' },
      { StreamName: 'S', ShardId: SHARD, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: openedAt },
    ]);
  });

  it('backs off when throttled and retries with the same iterator', async () => {
    // Prepare
    const throttled = new ProvisionedThroughputExceededException({
      message: 'Rate exceeded for shard',
      $metadata: {},
    });
    scriptReads(
      kinesis,
      ['it-1'],
      [
        { Records: [sdkRecord('1')], NextShardIterator: 'it-2' },
        throttled,
        { Records: [sdkRecord('2')], NextShardIterator: 'it-3' },
      ],
    );
    const errors: unknown[] = [];
    // The jitter draws its highest value, so the first wait is the whole base.
    const reader = createShardReader(
      readerOptions({ onError: (error) => errors.push(error), random: () => 0.999_999 }),
    );
    const first = reader.read();
    await vi.runAllTimersAsync();
    await first;

    // Act
    const second = reader.read();
    await vi.advanceTimersByTimeAsync(THROTTLED_BACKOFF_BASE_MS - 10);
    const callsDuringBackoff = kinesis.commandCalls(GetRecordsCommand).length;
    await vi.runAllTimersAsync();
    const { records } = await second;

    // Assess
    expect(callsDuringBackoff).toBe(2);
    expect(sequenceNumbers(records)).toEqual(['2']);
    expect(
      kinesis.commandCalls(GetRecordsCommand).map(({ args }) => args[0].input.ShardIterator),
    ).toEqual(['it-1', 'it-2', 'it-2']);
    expect(iteratorRequests(kinesis)).toHaveLength(1);
    expect(errors).toEqual([throttled]);
  });

  it.each(['InternalFailure', 'KMSThrottlingException', 'LimitExceededException', 'ECONNRESET'])(
    'retries after %s and tells onError',
    async (name) => {
      // Prepare
      const failure = named(name);
      scriptReads(
        kinesis,
        ['it'],
        [failure, { Records: [sdkRecord('7')], NextShardIterator: 'next' }],
      );
      const errors: unknown[] = [];
      const reader = createShardReader(readerOptions({ onError: (error) => errors.push(error) }));

      // Act
      const reading = reader.read();
      await vi.runAllTimersAsync();

      // Assess
      expect(sequenceNumbers((await reading).records)).toEqual(['7']);
      expect(errors).toEqual([failure]);
    },
  );

  it('ends at the end of a closed shard with its children, and calls AWS no more', async () => {
    // Prepare
    const children = [
      { ShardId: 'shardId-000000000001', ParentShards: [SHARD], HashKeyRange: undefined },
      { ShardId: 'shardId-000000000002', ParentShards: [SHARD], HashKeyRange: undefined },
    ];
    scriptReads(
      kinesis,
      ['it'],
      [
        { Records: [sdkRecord('1')], NextShardIterator: 'it-2', MillisBehindLatest: 0 },
        { Records: [sdkRecord('2')], ChildShards: children as never, MillisBehindLatest: 0 },
      ],
    );
    const reader = createShardReader(readerOptions());

    // Act
    const results = [];
    for (let i = 0; i < 3; i += 1) {
      const reading = reader.read();
      await vi.runAllTimersAsync();
      results.push(await reading);
    }

    // Assess
    expect(results.map((r) => [sequenceNumbers(r.records), r.ended, r.childShards.length])).toEqual(
      [
        [['1'], false, 0],
        [['2'], true, 2],
        [[], true, 2],
      ],
    );
    expect(results[1]?.childShards.map((child) => child.ShardId)).toEqual([
      'shardId-000000000001',
      'shardId-000000000002',
    ]);
    expect(kinesis.commandCalls(GetRecordsCommand)).toHaveLength(2);
  });

  it.each([
    ['ResourceNotFoundException', ReaderErrorCode.StreamNotFound],
    ['AccessDeniedException', ReaderErrorCode.AccessDenied],
    ['ValidationException', ReaderErrorCode.InvalidRequest],
    ['InvalidArgumentException', ReaderErrorCode.InvalidRequest],
  ])('rejects on %s with a ShardReadError coded %s, keeping the cause', async (name, code) => {
    // Prepare
    const failure = named(name);
    scriptReads(kinesis, ['it'], [failure]);
    const errors: unknown[] = [];
    const reader = createShardReader(readerOptions({ onError: (error) => errors.push(error) }));

    // Act
    const reading = reader.read().catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    const error = await reading;

    // Assess
    expect(error).toBeInstanceOf(ShardReadError);
    expect(error).toMatchObject({ code, cause: failure, shardId: SHARD });
    expect(kinesis.commandCalls(GetRecordsCommand)).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('rejects a fatal GetShardIterator error the same way', async () => {
    // Prepare
    const failure = named('ResourceNotFoundException');
    kinesis.on(GetShardIteratorCommand).rejects(failure);
    const reader = createShardReader(readerOptions());

    // Act
    const error = await reader.open().catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({ code: ReaderErrorCode.StreamNotFound, cause: failure });
    expect((error as Error).message).toContain('GetShardIterator');
  });

  it('makes at most 5 GetRecords calls per second on a shard, whatever the number of readers', async () => {
    // Prepare: two readers of one shard share one limiter; the shard is empty.
    const callTimes: number[] = [];
    kinesis.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it' });
    kinesis.on(GetRecordsCommand).callsFake(() => {
      callTimes.push(Date.now());
      return { Records: [], NextShardIterator: 'it' };
    });
    const readLimiter = createShardReadLimiter();
    const readers = [1, 2].map(() => createShardReader(readerOptions({ readLimiter })));
    const startedAt = Date.now();
    const loops = readers.map(async (reader) => {
      for (;;) await reader.read();
    });

    // Act
    await vi.advanceTimersByTimeAsync(3_000 - 1);
    for (const reader of readers) reader.close();
    const ends = await Promise.allSettled(loops);

    // Assess
    const perSecond = [0, 0, 0];
    for (const at of callTimes) {
      const second = Math.floor((at - startedAt) / 1_000);
      perSecond[second] = (perSecond[second] ?? 0) + 1;
    }
    expect(perSecond).toEqual([5, 5, 5]);
    for (const end of ends) {
      expect(end).toMatchObject({ status: 'rejected', reason: expect.any(ReadAbortedError) });
    }
  });

  it('rejects a pending read with ReadAbortedError when its signal fires', async () => {
    // Prepare
    scriptReads(kinesis, ['it'], [named('InternalFailure')]);
    const controller = new AbortController();
    const reader = createShardReader(readerOptions({ signal: controller.signal }));

    // Act
    const reading = reader.read().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    const error = await reading;

    // Assess
    expect(error).toBeInstanceOf(ReadAbortedError);
    expect(error).toMatchObject({ code: ReaderErrorCode.Aborted });
    await expect(reader.read()).rejects.toBeInstanceOf(ReadAbortedError);
  });

  it.each([0, 10_001, 1.5])('refuses limit %s with InvalidOptionError naming it', (limit) => {
    // Act
    const create = () => createShardReader(readerOptions({ limit }));

    // Assess
    expect(create).toThrow(InvalidOptionError);
    expect(create).toThrow(/^limit /);
  });

  it('asks GetRecords for the limit given, 10,000 by default', async () => {
    // Prepare
    scriptReads(kinesis, ['it'], [{ Records: [], NextShardIterator: 'it' }]);
    const byDefault = createShardReader(readerOptions());
    const limited = createShardReader(
      readerOptions({ shardId: 'shardId-000000000001', limit: 50 }),
    );

    // Act
    const reads = [byDefault.read(), limited.read()];
    await vi.runAllTimersAsync();
    await Promise.all(reads);

    // Assess
    expect(kinesis.commandCalls(GetRecordsCommand).map(({ args }) => args[0].input.Limit)).toEqual([
      10_000, 50,
    ]);
  });

  it('names the stream by ARN when given one', async () => {
    // Prepare
    const streamARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/S';
    kinesis.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it' });
    const reader = createShardReader({
      client: new KinesisClient({ region: 'us-east-1' }),
      streamARN,
      shardId: SHARD,
      start: { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: '42' },
    });

    // Act
    await reader.open();

    // Assess
    expect(iteratorRequests(kinesis)).toEqual([
      {
        StreamARN: streamARN,
        ShardId: SHARD,
        ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
        StartingSequenceNumber: '42',
      },
    ]);
  });
});
