import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { type KinesisStub, mockActiveStream } from '@kds/test-support/kinesis-mock';

interface FakeShard {
  readonly parents: readonly string[];
  pending: _Record[];
  closed: boolean;
  children: string[];
}

/**
 * A stream on a mocked Kinesis client whose records the test puts with the arrival time it wants,
 * and whose shards it closes into children: GetRecords hands out what was put since the last call,
 * and ends a closed shard (no iterator, `ChildShards`) once it has handed out everything.
 */
export function fakeStream(kinesis: KinesisStub, shardIds: readonly string[]) {
  const shards = new Map<string, FakeShard>();
  const addShard = (shardId: string, parents: readonly string[] = []): void => {
    shards.set(shardId, { parents, pending: [], closed: false, children: [] });
  };
  for (const shardId of shardIds) addShard(shardId);
  let next = 1000n;

  mockActiveStream(kinesis);
  kinesis.on(ListShardsCommand).callsFake(() => ({
    Shards: [...shards].map(([ShardId, shard]) => ({
      ShardId,
      ParentShardId: shard.parents[0],
      AdjacentParentShardId: shard.parents[1],
      HashKeyRange: { StartingHashKey: '0', EndingHashKey: '0' },
      SequenceNumberRange: {
        StartingSequenceNumber: '1',
        ...(shard.closed ? { EndingSequenceNumber: '999999999' } : {}),
      },
    })),
  }));
  kinesis
    .on(GetShardIteratorCommand)
    .callsFake(({ ShardId }: { ShardId: string }) => ({ ShardIterator: ShardId }));
  kinesis.on(GetRecordsCommand).callsFake(({ ShardIterator }: { ShardIterator: string }) => {
    const shard = shards.get(ShardIterator);
    if (shard === undefined) throw new Error(`unknown shard ${ShardIterator}`);
    const Records = shard.pending;
    shard.pending = [];
    if (shard.closed && Records.length === 0) {
      return {
        Records,
        ChildShards: shard.children.map((ShardId) => ({
          ShardId,
          ParentShards: [...(shards.get(ShardId)?.parents ?? [])],
          HashKeyRange: { StartingHashKey: '0', EndingHashKey: '0' },
        })),
      };
    }
    return { Records, NextShardIterator: ShardIterator, MillisBehindLatest: 0 };
  });

  return {
    /** Puts a record whose data is `text` into a shard, arrived at `arrivalMs`; its sequence number. */
    put(shardId: string, text: string, arrivalMs: number): string {
      next += 1n;
      const sequenceNumber = next.toString();
      shards.get(shardId)?.pending.push({
        SequenceNumber: sequenceNumber,
        PartitionKey: text,
        Data: new TextEncoder().encode(text),
        ApproximateArrivalTimestamp: new Date(arrivalMs),
      });
      return sequenceNumber;
    },
    /** Closes shards into one child (a merge) or several (a split). */
    reshard(parents: readonly string[], children: readonly string[]): void {
      for (const child of children) addShard(child, parents);
      for (const parent of parents) {
        const shard = shards.get(parent);
        if (shard === undefined) continue;
        shard.closed = true;
        shard.children = [...children];
      }
    },
  };
}
