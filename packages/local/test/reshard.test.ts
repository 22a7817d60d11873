import {
  KinesisClient,
  KinesisServiceException,
  ListShardsCommand,
  MergeShardsCommand,
  type Shard,
  UpdateShardCountCommand,
} from '@aws-sdk/client-kinesis';
import { mockActiveStream } from '@kds/test-support/kinesis-mock';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ReshardError, ReshardMethod, reshard } from '../src/index.js';

const kinesis = mockClient(KinesisClient);

const shard = (id: number, start: bigint, end: bigint, closed = false): Shard => ({
  ShardId: `shardId-${String(id).padStart(12, '0')}`,
  HashKeyRange: { StartingHashKey: start.toString(), EndingHashKey: end.toString() },
  SequenceNumberRange: {
    StartingSequenceNumber: '1',
    ...(closed ? { EndingSequenceNumber: '2' } : {}),
  },
});
const HALF = 2n ** 127n;
const MAX = 2n ** 128n - 1n;
const twoShards = [shard(0, 0n, HALF - 1n), shard(1, HALF, MAX)];
const merged = [shard(0, 0n, HALF - 1n, true), shard(1, HALF, MAX, true), shard(2, 0n, MAX)];

const serviceError = (name: string) =>
  new KinesisServiceException({ name, $fault: 'client', $metadata: {}, message: name });

describe('reshard (mocked Kinesis)', () => {
  beforeEach(() => {
    kinesis.reset();
    mockActiveStream(kinesis);
  });

  it('asks UpdateShardCount for UNIFORM_SCALING where the endpoint has it', async () => {
    // Prepare
    kinesis.on(ListShardsCommand).resolvesOnce({ Shards: twoShards }).resolves({ Shards: merged });
    kinesis.on(UpdateShardCountCommand).resolves({ CurrentShardCount: 2, TargetShardCount: 1 });

    // Act
    const result = await reshard(new KinesisClient({ region: 'us-east-1' }), 'S', 1);

    // Assess
    expect(result.method).toBe(ReshardMethod.UpdateShardCount);
    expect(kinesis.commandCalls(UpdateShardCountCommand)[0]?.args[0].input).toEqual({
      StreamName: 'S',
      TargetShardCount: 1,
      ScalingType: 'UNIFORM_SCALING',
    });
    expect(kinesis.commandCalls(MergeShardsCommand)).toHaveLength(0);
    expect(result.shardsAfter).toEqual(['shardId-000000000002']);
  });

  it('falls back to MergeShards of adjacent shards on UnknownOperationException', async () => {
    // Prepare
    // Listed before, before splitting, before merging; then merged.
    kinesis
      .on(ListShardsCommand)
      .resolvesOnce({ Shards: twoShards })
      .resolvesOnce({ Shards: twoShards })
      .resolvesOnce({ Shards: twoShards })
      .resolves({ Shards: merged });
    kinesis.on(UpdateShardCountCommand).rejects(serviceError('UnknownOperationException'));
    kinesis.on(MergeShardsCommand).resolves({});

    // Act
    const result = await reshard(new KinesisClient({ region: 'us-east-1' }), 'S', 1);

    // Assess
    expect(result.method).toBe(ReshardMethod.SplitAndMerge);
    expect(kinesis.commandCalls(MergeShardsCommand)[0]?.args[0].input).toEqual({
      StreamName: 'S',
      ShardToMerge: 'shardId-000000000000',
      AdjacentShardToMerge: 'shardId-000000000001',
    });
  });

  it.each([
    ['another refusal', 'LimitExceededException', 'auto' as const],
    [
      'UnknownOperationException when UpdateShardCount is required',
      'UnknownOperationException',
      ReshardMethod.UpdateShardCount,
    ],
  ])('throws ReshardError with the cause on %s', async (_, name, method) => {
    // Prepare
    kinesis.on(ListShardsCommand).resolves({ Shards: twoShards });
    kinesis.on(UpdateShardCountCommand).rejects(serviceError(name));

    // Act
    const resharding = reshard(new KinesisClient({ region: 'us-east-1' }), 'S', 1, { method });

    // Assess
    await expect(resharding).rejects.toBeInstanceOf(ReshardError);
    await expect(resharding).rejects.toMatchObject({ code: 'RESHARD_FAILED', cause: { name } });
    expect(kinesis.commandCalls(MergeShardsCommand)).toHaveLength(0);
  });
});
