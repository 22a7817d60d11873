import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  type Shard,
} from '@aws-sdk/client-kinesis';
import type { KinesisStreamEvent } from '@kds/consumer';
import { ReaderErrorCode, ShardReadError } from '@kds/reader';
import {
  expiredIterator,
  iteratorRequests,
  mockActiveStream,
  scriptReads,
  sdkRecord,
} from '@kds/test-support/kinesis-mock';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createLocalTrigger,
  createMemoryCheckpointStore,
  createShardReadLimiter,
  type EventSourceMappingSettings,
  type KinesisHandler,
  type LocalPollerSettings,
  type LocalTrigger,
  SHARD_END,
} from '../src/index.js';
import { WAIT_GUARD } from './helpers/wait.js';

const kinesis = mockClient(KinesisClient);

/** Lambda's invocation payload limit: 6 MB (see docs/kinesis-facts.md, "Event source mapping"). */
const MAX_INVOCATION_PAYLOAD_BYTES = 6 * 1024 * 1024;

const FIRST_SEQUENCE_NUMBER = 49590338271490256608559692538361571095921575989136588898n;
const OPEN = { StartingSequenceNumber: '1' };
const CLOSED = { StartingSequenceNumber: '1', EndingSequenceNumber: '999999' };

/** A shard as ListShards lists it; the trigger reads no hash key range. */
const shard = (fields: Omit<Shard, 'HashKeyRange'>): Shard => ({
  HashKeyRange: { StartingHashKey: '0', EndingHashKey: '0' },
  ...fields,
});

const textsOf = (event: KinesisStreamEvent): string[] =>
  event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString());

const iteratorTypes = (): string[] =>
  iteratorRequests(kinesis).map(
    ({ ShardId, ShardIteratorType }) => `${ShardId}:${ShardIteratorType}`,
  );

/**
 * A trigger on the mocked stream S that reads without pausing from TRIM_HORIZON, keeping the texts
 * it handles and the errors it reports; `options` replace any of these.
 */
function mockedTrigger(
  options: Partial<EventSourceMappingSettings> &
    LocalPollerSettings & { handler?: KinesisHandler } = {},
) {
  const handled: string[] = [];
  const errors: unknown[] = [];
  const trigger = createLocalTrigger({
    startingPosition: 'TRIM_HORIZON',
    client: new KinesisClient({ region: 'us-east-1' }),
    streamName: 'S',
    readLimiter: createShardReadLimiter({ intervalMs: 0 }),
    onError: (error) => errors.push(error),
    handler: async (event) => {
      handled.push(...textsOf(event));
    },
    ...options,
  });
  return { trigger, handled, errors };
}

/** Starts a trigger, waits until it has checkpointed `targets`, and stops it. */
async function runUntil(trigger: LocalTrigger, targets: Record<string, string>): Promise<void> {
  await trigger.start();
  await trigger.waitForCheckpoints(targets, WAIT_GUARD);
  await trigger.stop();
}

describe('createLocalTrigger (mocked Kinesis)', () => {
  beforeEach(() => {
    kinesis.reset();
    mockActiveStream(kinesis);
    kinesis
      .on(ListShardsCommand)
      .resolves({ Shards: [{ ShardId: 'shardId-000000000000' } as never] });
  });

  it('gets a new iterator after the last record read when its iterator expires', async () => {
    // Prepare
    scriptReads(
      kinesis,
      ['first', 'second'],
      [
        { Records: [sdkRecord('100', 'r1')], NextShardIterator: 'first-next' },
        expiredIterator(),
        { Records: [sdkRecord('200', 'r2')], NextShardIterator: undefined },
      ],
    );
    const { trigger, handled, errors } = mockedTrigger();

    // Act: only the end of the shard is past 201.
    await runUntil(trigger, { 'shardId-000000000000': '201' });

    // Assess
    expect(handled).toEqual(['r1', 'r2']);
    expect(errors).toEqual([]);
    expect(iteratorRequests(kinesis)).toEqual([
      { StreamName: 'S', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' },
      {
        StreamName: 'S',
        ShardId: 'shardId-000000000000',
        ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
        StartingSequenceNumber: '100',
      },
    ]);
    expect(trigger.checkpoints()).toEqual({ 'shardId-000000000000': SHARD_END });
  });
  it('puts the configured role in invokeIdentityArn and its account in the function ARN', async () => {
    // Prepare: Lambda writes the function's execution role in every record
    // (https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html, example event).
    scriptReads(
      kinesis,
      ['first'],
      [{ Records: [sdkRecord('100', 'r1')], NextShardIterator: undefined }],
    );
    const seen: { identity?: string | undefined; functionArn?: string } = {};
    const { trigger } = mockedTrigger({
      functionName: 'readings',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
      handler: async (event, context) => {
        seen.identity = event.Records[0]?.invokeIdentityArn;
        seen.functionArn = context.invokedFunctionArn;
      },
    });

    // Act
    await runUntil(trigger, { 'shardId-000000000000': '101' });

    // Assess
    expect(seen).toEqual({
      identity: 'arn:aws:iam::123456789012:role/lambda-role',
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:readings',
    });
  });

  it('restarted at LATEST, reads from its start a closed child of a shard it had read to its end', async () => {
    // Prepare: a first run read P to its end; P's child C had no record yet when it stopped. While
    // it was stopped, a record arrived in C and C was resharded into D.
    const store = createMemoryCheckpointStore();
    await store.save({ streamName: 'S', consumerName: 'kds-local' }, 'P', SHARD_END);
    kinesis.on(ListShardsCommand).resolves({
      Shards: [
        shard({ ShardId: 'P', SequenceNumberRange: CLOSED }),
        shard({ ShardId: 'C', ParentShardId: 'P', SequenceNumberRange: CLOSED }),
        shard({ ShardId: 'D', ParentShardId: 'C', SequenceNumberRange: OPEN }),
      ],
    });
    kinesis
      .on(GetShardIteratorCommand)
      .callsFake(({ ShardId }: { ShardId: string }) => ({ ShardIterator: ShardId }));
    kinesis.on(GetRecordsCommand).callsFake(({ ShardIterator }: { ShardIterator: string }) =>
      ShardIterator === 'C'
        ? {
            Records: [sdkRecord('500', 'put while stopped')],
            ChildShards: [{ ShardId: 'D', ParentShards: ['C'] }],
          }
        : { Records: [], NextShardIterator: ShardIterator },
    );
    const { trigger, handled } = mockedTrigger({
      startingPosition: 'LATEST',
      checkpointStore: store,
    });

    // Act
    await trigger.start();
    await trigger.waitForCheckpoints({ C: SHARD_END }, WAIT_GUARD);
    await vi.waitFor(() => expect(trigger.shards()).toMatchObject({ D: 'READING' }));
    await vi.waitFor(() => expect(iteratorTypes()).toHaveLength(2));
    await trigger.stop();

    // Assess
    expect(handled).toEqual(['put while stopped']);
    expect(iteratorTypes()).toEqual(['C:TRIM_HORIZON', 'D:TRIM_HORIZON']);
  });

  it('reads a merged child only after every parent it names, even when ListShards fails meanwhile', async () => {
    // Prepare: X and Y are open at the start. Y splits into Y1 and Y2, then X merges with Y1 into
    // Z. X ends first, while Y's first batch is still in the handler, and the next two ListShards
    // calls fail: Z names Y1, which the trigger cannot know of yet.
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'LimitExceededException' });
    kinesis
      .on(ListShardsCommand)
      .resolvesOnce({
        Shards: [
          shard({ ShardId: 'X', SequenceNumberRange: OPEN }),
          shard({ ShardId: 'Y', SequenceNumberRange: OPEN }),
        ],
      })
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves({
        Shards: [
          shard({ ShardId: 'X', SequenceNumberRange: CLOSED }),
          shard({ ShardId: 'Y', SequenceNumberRange: CLOSED }),
          shard({ ShardId: 'Y1', ParentShardId: 'Y', SequenceNumberRange: CLOSED }),
          shard({ ShardId: 'Y2', ParentShardId: 'Y', SequenceNumberRange: OPEN }),
          shard({
            ShardId: 'Z',
            ParentShardId: 'X',
            AdjacentParentShardId: 'Y1',
            SequenceNumberRange: OPEN,
          }),
        ],
      });
    kinesis
      .on(GetShardIteratorCommand)
      .callsFake(({ ShardId }: { ShardId: string }) => ({ ShardIterator: `${ShardId}:0` }));
    const children: Record<string, unknown[]> = {
      X: [{ ShardId: 'Z', ParentShards: ['X', 'Y1'] }],
      Y: [
        { ShardId: 'Y1', ParentShards: ['Y'] },
        { ShardId: 'Y2', ParentShards: ['Y'] },
      ],
      Y1: [{ ShardId: 'Z', ParentShards: ['X', 'Y1'] }],
    };
    kinesis.on(GetRecordsCommand).callsFake(({ ShardIterator }: { ShardIterator: string }) => {
      const [shard = '', step] = ShardIterator.split(':');
      if (step === '0') {
        return { Records: [sdkRecord('1', `${shard} record`)], NextShardIterator: `${shard}:1` };
      }
      const ends = children[shard];
      return ends === undefined
        ? { Records: [], NextShardIterator: ShardIterator }
        : { Records: [], ChildShards: ends };
    });
    const handled: string[] = [];
    let releaseY: () => void = () => {};
    const yHeld = new Promise<void>((resolve) => {
      releaseY = resolve;
    });
    const { trigger, errors } = mockedTrigger({
      pollIntervalMs: 200,
      handler: async (event) => {
        const texts = textsOf(event);
        if (texts.includes('Y record')) await yHeld;
        handled.push(...texts);
      },
    });

    // Act
    await trigger.start();
    await vi.waitFor(() => expect(kinesis.commandCalls(ListShardsCommand)).toHaveLength(4));
    const whileYHeld = trigger.shards();
    releaseY();
    await trigger.waitForCheckpoints({ Z: '1' }, WAIT_GUARD);
    await trigger.stop();

    // Assess
    expect(whileYHeld).toMatchObject({ X: 'ENDED', Y: 'READING', Y1: 'WAITING', Z: 'WAITING' });
    expect(handled).toEqual(['X record', 'Y record', 'Y1 record', 'Y2 record', 'Z record']);
    expect(errors).toEqual([throttled, throttled]);
  });

  it('cuts events at the 6 MB invocation payload, measured as the JSON Lambda sends', async () => {
    // Prepare: 10,000 records of 117 bytes with real sequence numbers (56 digits): about 6.8 MB of
    // event JSON at batch size 10,000.
    const data = new Uint8Array(117).fill(65);
    const sequenceNumber = (i: number): string => (FIRST_SEQUENCE_NUMBER + BigInt(i)).toString();
    scriptReads(
      kinesis,
      ['first'],
      [
        {
          Records: Array.from({ length: 10_000 }, (_, i) => sdkRecord(sequenceNumber(i), data)),
          NextShardIterator: 'next',
        },
        { Records: [], NextShardIterator: 'next' },
      ],
    );
    const events: Array<{ records: number; bytes: number }> = [];
    const { trigger } = mockedTrigger({
      batchSize: 10_000,
      handler: async (event) => {
        events.push({
          records: event.Records.length,
          bytes: Buffer.byteLength(JSON.stringify(event)),
        });
      },
    });

    // Act
    await runUntil(trigger, { 'shardId-000000000000': sequenceNumber(9_999) });

    // Assess
    expect(events.map(({ records }) => records).reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(events.length).toBe(2);
    for (const { bytes } of events) expect(bytes).toBeLessThanOrEqual(MAX_INVOCATION_PAYLOAD_BYTES);
    // Full: the first event could not have taken its successor's first record.
    expect(events[0]?.bytes).toBeGreaterThan(MAX_INVOCATION_PAYLOAD_BYTES - 700);
  });

  it('takes an expired LATEST iterator that read nothing again from when it was first taken', async () => {
    // Prepare
    const startedAt = Date.now();
    scriptReads(
      kinesis,
      ['first', 'second'],
      [
        expiredIterator(),
        { Records: [sdkRecord('300', 'arrived meanwhile')], NextShardIterator: undefined },
      ],
    );
    const { trigger, handled } = mockedTrigger({ startingPosition: 'LATEST' });

    // Act
    await runUntil(trigger, { 'shardId-000000000000': '300' });

    // Assess
    expect(handled).toEqual(['arrived meanwhile']);
    const [first, second] = iteratorRequests(kinesis);
    expect(first).toMatchObject({ ShardIteratorType: 'LATEST' });
    expect(second).toMatchObject({ ShardIteratorType: 'AT_TIMESTAMP' });
    const since = (second?.Timestamp as Date | undefined)?.getTime() ?? Number.NaN;
    expect(since).toBeGreaterThanOrEqual(startedAt);
    expect(since).toBeLessThanOrEqual(Date.now());
  });

  it('reports an error no retry fixes and reads the shard again from its checkpoint', async () => {
    // Prepare
    const gone = Object.assign(new Error('Shard not found'), { name: 'ResourceNotFoundException' });
    scriptReads(
      kinesis,
      ['first', 'second'],
      [
        { Records: [sdkRecord('100', 'r1')], NextShardIterator: 'first-next' },
        gone,
        { Records: [sdkRecord('200', 'r2')], NextShardIterator: undefined },
      ],
    );
    const { trigger, handled, errors } = mockedTrigger();

    // Act
    await runUntil(trigger, { 'shardId-000000000000': SHARD_END });

    // Assess
    expect(handled).toEqual(['r1', 'r2']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ShardReadError);
    expect(errors[0]).toMatchObject({ code: ReaderErrorCode.StreamNotFound, cause: gone });
    expect(iteratorTypes()).toEqual([
      'shardId-000000000000:TRIM_HORIZON',
      'shardId-000000000000:AFTER_SEQUENCE_NUMBER',
    ]);
    expect(iteratorRequests(kinesis)[1]?.StartingSequenceNumber).toBe('100');
  });
});
