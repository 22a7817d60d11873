import {
  DescribeStreamSummaryCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLocalTrigger, createShardReadLimiter, SHARD_END } from '../src/index.js';

const kinesis = mockClient(KinesisClient);

const record = (sequenceNumber: string, data: string) => ({
  SequenceNumber: sequenceNumber,
  PartitionKey: 'k',
  Data: new TextEncoder().encode(data),
  ApproximateArrivalTimestamp: new Date(),
});

describe('createLocalTrigger (mocked Kinesis)', () => {
  beforeEach(() => {
    kinesis.reset();
    kinesis.on(DescribeStreamSummaryCommand).resolves({
      StreamDescriptionSummary: {
        StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/S',
        StreamStatus: 'ACTIVE',
      } as never,
    });
    kinesis
      .on(ListShardsCommand)
      .resolves({ Shards: [{ ShardId: 'shardId-000000000000' } as never] });
  });

  it('gets a new iterator after the last record read when its iterator expires', async () => {
    // Prepare
    kinesis
      .on(GetShardIteratorCommand)
      .resolvesOnce({ ShardIterator: 'first' })
      .resolves({ ShardIterator: 'second' });
    kinesis
      .on(GetRecordsCommand)
      .resolvesOnce({ Records: [record('100', 'r1')], NextShardIterator: 'first-next' })
      .rejectsOnce(new ExpiredIteratorException({ message: 'expired', $metadata: {} }))
      .resolves({ Records: [record('200', 'r2')], NextShardIterator: undefined });
    const handled: string[] = [];
    const errors: unknown[] = [];
    const trigger = createLocalTrigger({
      client: new KinesisClient({ region: 'us-east-1' }),
      streamName: 'S',
      readLimiter: createShardReadLimiter({ intervalMs: 0 }),
      onError: (error) => errors.push(error),
      handler: async (event) => {
        handled.push(...event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString()));
      },
    });

    // Act
    await trigger.start();
    // Only the end of the shard is past 201.
    await trigger.waitForCheckpoints({ 'shardId-000000000000': '201' }, { timeoutMs: 5_000 });
    await trigger.stop();

    // Assess
    expect(handled).toEqual(['r1', 'r2']);
    expect(errors).toEqual([]);
    expect(kinesis.commandCalls(GetShardIteratorCommand).map((call) => call.args[0].input)).toEqual(
      [
        { StreamName: 'S', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' },
        {
          StreamName: 'S',
          ShardId: 'shardId-000000000000',
          ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
          StartingSequenceNumber: '100',
        },
      ],
    );
    expect(trigger.checkpoints()).toEqual({ 'shardId-000000000000': SHARD_END });
  });
});
