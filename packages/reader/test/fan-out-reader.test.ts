import {
  type _Record,
  DescribeStreamConsumerCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  RegisterStreamConsumerCommand,
  SubscribeToShardCommand,
  type SubscribeToShardEvent,
  type SubscribeToShardEventStream,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createFanOutShardReader,
  type FanOutShardReaderOptions,
  InvalidOptionError,
  ReadAbortedError,
  ReaderErrorCode,
  registerStreamConsumer,
  ShardReadError,
} from '../src/index.js';

const kinesis = mockClient(KinesisClient);
const SHARD = 'shardId-000000000000';
const STREAM_ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/S';
const CONSUMER_ARN = `${STREAM_ARN}/consumer/c:1700000000`;

const record = (sequenceNumber: string): _Record => ({
  SequenceNumber: sequenceNumber,
  PartitionKey: 'k',
  Data: new TextEncoder().encode(`r${sequenceNumber}`),
  ApproximateArrivalTimestamp: new Date(),
});

const HashKeyRange = {
  StartingHashKey: '0',
  EndingHashKey: '340282366920938463463374607431768211455',
};

const named = (name: string): Error => Object.assign(new Error(`${name} happened`), { name });

const event = (sequenceNumbers: string[], continuation?: string): SubscribeToShardEvent => ({
  Records: sequenceNumbers.map(record),
  ContinuationSequenceNumber: continuation ?? sequenceNumbers.at(-1),
  MillisBehindLatest: 0,
});

/** An event stream that yields the events, then ends (as Kinesis does after 5 minutes). */
async function* ending(
  ...events: SubscribeToShardEvent[]
): AsyncGenerator<SubscribeToShardEventStream> {
  for (const value of events) yield { SubscribeToShardEvent: value };
}

/** An event stream that yields the events, then stays open and silent. */
async function* staying(
  ...events: SubscribeToShardEvent[]
): AsyncGenerator<SubscribeToShardEventStream> {
  for (const value of events) yield { SubscribeToShardEvent: value };
  await new Promise(() => {});
}

const subscribeRequests = () =>
  kinesis.commandCalls(SubscribeToShardCommand).map(({ args }) => args[0].input.StartingPosition);

const readerOptions = (
  overrides: Partial<FanOutShardReaderOptions> = {},
): FanOutShardReaderOptions => ({
  client: new KinesisClient({ region: 'us-east-1' }),
  consumerARN: CONSUMER_ARN,
  shardId: SHARD,
  start: { type: 'TRIM_HORIZON' },
  random: () => 0.5,
  ...overrides,
});

describe('createFanOutShardReader', () => {
  beforeEach(() => {
    kinesis.reset();
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('renews an ended subscription AFTER the last continuation: no gap, no duplicate', async () => {
    // Prepare
    kinesis
      .on(SubscribeToShardCommand)
      .resolvesOnce({ EventStream: ending(event(['1', '2']), event([], '2')) })
      .resolvesOnce({ EventStream: ending(event(['3'])) });
    const reader = createFanOutShardReader(readerOptions());

    // Act
    const read = [await reader.read(), await reader.read(), await reader.read()];

    // Assess
    expect(read.flatMap((r) => r.records.map((x) => x.SequenceNumber))).toEqual(['1', '2', '3']);
    expect(subscribeRequests()).toEqual([
      { Type: 'TRIM_HORIZON' },
      { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: '2' },
    ]);
    expect(reader.lastSequenceNumber).toBe('3');
    reader.close();
  });

  it('closes a subscription that outlived subscriptionLifetimeMs and renews it, telling onError nothing', async () => {
    // Prepare
    kinesis
      .on(SubscribeToShardCommand)
      .resolvesOnce({ EventStream: staying(event(['1'])) })
      .resolvesOnce({ EventStream: ending(event(['2'])) });
    const onError = vi.fn();
    const reader = createFanOutShardReader(
      readerOptions({ subscriptionLifetimeMs: 1_000, onError }),
    );
    const first = await reader.read();

    // Act
    const second = reader.read();
    await vi.advanceTimersByTimeAsync(1_000);

    // Assess
    expect(first.records.map((r) => r.SequenceNumber)).toEqual(['1']);
    expect((await second).records.map((r) => r.SequenceNumber)).toEqual(['2']);
    expect(subscribeRequests()[1]).toEqual({ Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: '1' });
    expect(onError).not.toHaveBeenCalled();
    reader.close();
  });

  it.each(['ResourceInUseException', 'LimitExceededException'])(
    'backs off from a second after %s and subscribes again from the continuation',
    async (name) => {
      // Prepare
      kinesis
        .on(SubscribeToShardCommand)
        .resolvesOnce({ EventStream: ending(event(['1'])) })
        .rejectsOnce(named(name))
        .rejectsOnce(named(name))
        .resolvesOnce({ EventStream: ending(event(['2'])) });
      const onError = vi.fn();
      const reader = createFanOutShardReader(readerOptions({ onError }));
      await reader.read();

      // Act
      const next = reader.read();
      // random 0.5: half of 1 s, then half of 2 s.
      await vi.advanceTimersByTimeAsync(499);
      const callsBeforeFirstBackoff = subscribeRequests().length;
      await vi.advanceTimersByTimeAsync(1 + 1_000);

      // Assess
      expect((await next).records.map((r) => r.SequenceNumber)).toEqual(['2']);
      expect(callsBeforeFirstBackoff).toBe(2);
      expect(subscribeRequests().slice(1)).toEqual(
        Array(3).fill({ Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: '1' }),
      );
      expect(onError.mock.calls.map(([error]) => (error as Error).name)).toEqual([name, name]);
      reader.close();
    },
  );

  it('retries an exception inside the event stream, resuming after the records returned', async () => {
    // Prepare
    async function* failing(): AsyncGenerator<SubscribeToShardEventStream> {
      yield { SubscribeToShardEvent: event(['1', '2']) };
      throw named('InternalFailureException');
    }
    kinesis
      .on(SubscribeToShardCommand)
      .resolvesOnce({ EventStream: failing() })
      .resolvesOnce({ EventStream: ending(event(['3'])) });
    const reader = createFanOutShardReader(readerOptions({ onError: () => {} }));

    // Act
    const first = await reader.read();
    const second = reader.read();
    await vi.runAllTimersAsync();

    // Assess
    expect([...first.records, ...(await second).records].map((r) => r.SequenceNumber)).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect(subscribeRequests()[1]).toEqual({ Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: '2' });
    reader.close();
  });

  it('ends at the event without a continuation and returns its ChildShards, then calls nothing', async () => {
    // Prepare
    const children = [{ ShardId: 'shardId-000000000002', ParentShards: [SHARD], HashKeyRange }];
    // The SDK types the continuation as always there; the last event of a closed shard has none.
    const last = { Records: [record('9')], MillisBehindLatest: 0, ChildShards: children };
    kinesis.on(SubscribeToShardCommand).resolvesOnce({
      EventStream: ending(last as SubscribeToShardEvent),
    });
    const reader = createFanOutShardReader(readerOptions());

    // Act
    const final = await reader.read();
    const after = await reader.read();

    // Assess
    expect(final).toMatchObject({ ended: true, childShards: children });
    expect(final.records.map((r) => r.SequenceNumber)).toEqual(['9']);
    expect(after).toMatchObject({ records: [], ended: true, childShards: children });
    expect(kinesis.commandCalls(SubscribeToShardCommand)).toHaveLength(1);
    reader.close();
  });

  it('asks GetRecords whether the shard ended when told to, for servers that send no ChildShards', async () => {
    // Prepare
    const children = [{ ShardId: 'shardId-000000000002', ParentShards: [SHARD], HashKeyRange }];
    kinesis
      .on(SubscribeToShardCommand)
      .resolves({ EventStream: ending(event(['5']), event([], '5')) });
    kinesis.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it' });
    kinesis.on(GetRecordsCommand).resolves({ Records: [], ChildShards: children });
    const reader = createFanOutShardReader(readerOptions({ shardEndCheckIntervalMs: 1 }));
    await reader.read();

    // Act
    await vi.advanceTimersByTimeAsync(1);
    const caughtUp = await reader.read();

    // Assess
    expect(caughtUp).toMatchObject({ records: [], ended: true, childShards: children });
    expect(kinesis.commandCalls(GetShardIteratorCommand)[0]?.args[0].input).toEqual({
      StreamARN: STREAM_ARN,
      ShardId: SHARD,
      ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
      StartingSequenceNumber: '5',
    });
    reader.close();
  });

  it('subscribes again AT_TIMESTAMP of the first LATEST when that one failed before its first event', async () => {
    // Prepare
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    kinesis
      .on(SubscribeToShardCommand)
      .rejectsOnce(named('InternalFailure'))
      .resolvesOnce({ EventStream: ending(event(['1'])) });
    const reader = createFanOutShardReader(
      readerOptions({ start: { type: 'LATEST' }, onError: () => {} }),
    );

    // Act
    const read = reader.read();
    await vi.runAllTimersAsync();
    await read;

    // Assess
    expect(subscribeRequests()).toEqual([
      { Type: 'LATEST' },
      { Type: 'AT_TIMESTAMP', Timestamp: new Date('2026-01-01T00:00:00Z') },
    ]);
    reader.close();
  });

  it.each([
    ['ResourceNotFoundException', ReaderErrorCode.StreamNotFound],
    ['AccessDeniedException', ReaderErrorCode.AccessDenied],
  ])('rejects with ShardReadError on %s', async (name, code) => {
    // Prepare
    kinesis.on(SubscribeToShardCommand).rejects(named(name));
    const reader = createFanOutShardReader(readerOptions());

    // Act
    const failure = reader.read().catch((error: unknown) => error);

    // Assess
    const error = await failure;
    expect(error).toBeInstanceOf(ShardReadError);
    expect(error).toMatchObject({ code, shardId: SHARD });
    reader.close();
  });

  it('close() ends a pending read with ReadAbortedError', async () => {
    // Prepare
    kinesis.on(SubscribeToShardCommand).resolves({ EventStream: staying() });
    const reader = createFanOutShardReader(readerOptions());
    const pending = reader.read().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(0);

    // Act
    reader.close();

    // Assess
    expect(await pending).toBeInstanceOf(ReadAbortedError);
  });

  it('refuses an ARN that is not a consumer ARN, naming the option', () => {
    expect(() => createFanOutShardReader(readerOptions({ consumerARN: STREAM_ARN }))).toThrow(
      InvalidOptionError,
    );
  });
});

describe('registerStreamConsumer', () => {
  beforeEach(() => {
    kinesis.reset();
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const active = {
    ConsumerName: 'c',
    ConsumerARN: CONSUMER_ARN,
    ConsumerStatus: 'ACTIVE' as const,
    ConsumerCreationTimestamp: new Date(),
    StreamARN: STREAM_ARN,
  };

  it('reuses the consumer of that name without registering another', async () => {
    // Prepare
    kinesis.on(DescribeStreamConsumerCommand).resolves({ ConsumerDescription: active });

    // Act
    const consumer = await registerStreamConsumer(new KinesisClient({}), {
      streamARN: STREAM_ARN,
      consumerName: 'c',
    });

    // Assess
    expect(consumer).toEqual({
      consumerName: 'c',
      consumerARN: CONSUMER_ARN,
      streamARN: STREAM_ARN,
    });
    expect(kinesis.commandCalls(RegisterStreamConsumerCommand)).toHaveLength(0);
  });

  it('registers a missing consumer and waits while it is CREATING; ResourceInUse from a racing process is fine', async () => {
    // Prepare
    kinesis
      .on(DescribeStreamConsumerCommand)
      .rejectsOnce(named('ResourceNotFoundException'))
      .resolvesOnce({ ConsumerDescription: { ...active, ConsumerStatus: 'CREATING' } })
      .resolves({ ConsumerDescription: active });
    kinesis.on(RegisterStreamConsumerCommand).rejects(named('ResourceInUseException'));

    // Act
    const registered = registerStreamConsumer(new KinesisClient({}), {
      streamARN: STREAM_ARN,
      consumerName: 'c',
    });
    await vi.runAllTimersAsync();

    // Assess
    expect((await registered).consumerARN).toBe(CONSUMER_ARN);
    expect(kinesis.commandCalls(RegisterStreamConsumerCommand)).toHaveLength(1);
  });

  it('refuses a consumer name Kinesis would refuse', async () => {
    await expect(
      registerStreamConsumer(new KinesisClient({}), { streamARN: STREAM_ARN, consumerName: 'a b' }),
    ).rejects.toThrow(/consumerName/);
  });
});
