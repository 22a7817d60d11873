import { KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { listChildShards } from '../src/leases/shard-sync.js';

const kinesis = mockClient(KinesisClient);
const range = (start: string, end: string) => ({ StartingHashKey: start, EndingHashKey: end });
/** Every listed shard has a sequence number range; its values do not matter here. */
const SequenceNumberRange = { StartingSequenceNumber: '0' };

describe('listChildShards: the children of a shard that ended without ChildShards', () => {
  beforeEach(() => {
    kinesis.reset();
  });

  it('names the children of a split and of a merge from ListShards, over every page', async () => {
    // Prepare: shard 0 split into 2 and 3; shards 1 and 2 merged into 4 (second page).
    kinesis
      .on(ListShardsCommand, { StreamName: 'readings' })
      .resolves({
        Shards: [
          { ShardId: 'shardId-000000000000', SequenceNumberRange, HashKeyRange: range('0', '99') },
          {
            ShardId: 'shardId-000000000001',
            SequenceNumberRange,
            HashKeyRange: range('100', '199'),
          },
          {
            ShardId: 'shardId-000000000002',
            SequenceNumberRange,
            ParentShardId: 'shardId-000000000000',
            HashKeyRange: range('0', '49'),
          },
        ],
        NextToken: 'page-2',
      })
      .on(ListShardsCommand, { NextToken: 'page-2' })
      .resolves({
        Shards: [
          {
            ShardId: 'shardId-000000000003',
            SequenceNumberRange,
            ParentShardId: 'shardId-000000000000',
            HashKeyRange: range('50', '99'),
          },
          {
            ShardId: 'shardId-000000000004',
            SequenceNumberRange,
            ParentShardId: 'shardId-000000000002',
            AdjacentParentShardId: 'shardId-000000000001',
            HashKeyRange: range('0', '199'),
          },
        ],
      });
    const client = new KinesisClient({ region: 'us-east-1' });

    // Act
    const ofSplit = await listChildShards(
      client,
      { streamName: 'readings' },
      'shardId-000000000000',
    );
    const ofMerge = await listChildShards(
      client,
      { streamName: 'readings' },
      'shardId-000000000001',
    );

    // Assess
    expect(ofSplit).toEqual([
      {
        ShardId: 'shardId-000000000002',
        ParentShards: ['shardId-000000000000'],
        HashKeyRange: range('0', '49'),
      },
      {
        ShardId: 'shardId-000000000003',
        ParentShards: ['shardId-000000000000'],
        HashKeyRange: range('50', '99'),
      },
    ]);
    expect(ofMerge).toEqual([
      {
        ShardId: 'shardId-000000000004',
        ParentShards: ['shardId-000000000002', 'shardId-000000000001'],
        HashKeyRange: range('0', '199'),
      },
    ]);
  });

  it('finds none for an open shard', async () => {
    // Prepare
    kinesis.on(ListShardsCommand).resolves({
      Shards: [
        { ShardId: 'shardId-000000000000', SequenceNumberRange, HashKeyRange: range('0', '99') },
      ],
    });

    // Act
    const children = await listChildShards(
      new KinesisClient({ region: 'us-east-1' }),
      { streamName: 'readings' },
      'shardId-000000000000',
    );

    // Assess
    expect(children).toEqual([]);
  });
});
