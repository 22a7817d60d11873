import { KinesisClient, ListShardsCommand, type Shard } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createChildShardLeases,
  type InitialPosition,
  InvalidOptionError,
  type Lease,
  ListShardsError,
  planShardLeases,
  syncShards,
} from '../src/index.js';
import { lease } from './helpers/leases.js';
import { createMemoryLeaseTable } from './helpers/memory-lease-table.js';

const kinesis = mockClient(KinesisClient);
const MAX_HASH_KEY = '340282366920938463463374607431768211455';

function shard(
  id: number,
  range: [string, string | undefined],
  hashKeys: [string, string],
  parent?: number,
  adjacentParent?: number,
): Shard {
  return {
    ShardId: `shardId-${id}`,
    ...(parent === undefined ? {} : { ParentShardId: `shardId-${parent}` }),
    ...(adjacentParent === undefined ? {} : { AdjacentParentShardId: `shardId-${adjacentParent}` }),
    HashKeyRange: { StartingHashKey: hashKeys[0], EndingHashKey: hashKeys[1] },
    SequenceNumberRange: {
      StartingSequenceNumber: range[0],
      ...(range[1] === undefined ? {} : { EndingSequenceNumber: range[1] }),
    },
  };
}

/**
 * The KCL's HierarchicalShardSyncerTest graph A:
 * ```
 * 0 1 2 3 4   5   - shards till epoch 102
 * \ / \ / |   |
 *  6   7  4   5   - shards from epoch 103 - 205
 *   \ /   |  / \
 *    8    4 9  10 - shards from epoch 206 (open)
 * ```
 */
const GRAPH_A: Shard[] = [
  shard(0, ['11', '102'], ['0', '99']),
  shard(1, ['11', '102'], ['100', '199']),
  shard(2, ['11', '102'], ['200', '299']),
  shard(3, ['11', '102'], ['300', '399']),
  shard(4, ['11', undefined], ['400', '499']),
  shard(5, ['11', '205'], ['500', MAX_HASH_KEY]),
  shard(6, ['103', '205'], ['0', '199'], 0, 1),
  shard(7, ['103', '205'], ['200', '399'], 2, 3),
  shard(8, ['206', undefined], ['0', '399'], 6, 7),
  shard(9, ['206', undefined], ['500', '799'], 5),
  shard(10, ['206', undefined], ['800', MAX_HASH_KEY], undefined, 5),
];

const AT_TIMESTAMP: InitialPosition = { atTimestamp: new Date('2026-01-01T00:00:00Z') };
const ids = (...numbers: number[]) => numbers.map((n) => `shardId-${n}`);

describe('planShardLeases on the KCL graph A', () => {
  it.each([
    // KCL test name suffix, current leases, position, expected leases, expected checkpoint
    ['LatestA_PartialHashRange1', [3, 4, 5], 'LATEST', [2, 6], 'LATEST'],
    ['LatestA_PartialHashRange2', [4, 5, 7], 'LATEST', [6], 'LATEST'],
    ['LatestA_PartialHashRange3', [2, 6], 'LATEST', [3, 4, 9, 10], 'LATEST'],
    ['LatestA_PartialHashRange4', [4, 9, 10], 'LATEST', [8], 'LATEST'],
    ['LatestA_CompleteHashRange', [4, 5, 6, 7], 'LATEST', [], 'LATEST'],
    ['LatestA_EmptyLeaseTable', [], 'LATEST', [4, 8, 9, 10], 'LATEST'],
    ['HorizonA_PartialHashRange1', [3, 4, 5], 'TRIM_HORIZON', [0, 1, 2], 'TRIM_HORIZON'],
    ['HorizonA_PartialHashRange2', [4, 5, 7], 'TRIM_HORIZON', [0, 1], 'TRIM_HORIZON'],
    ['HorizonA_PartialHashRange3', [2, 6], 'TRIM_HORIZON', [3, 4, 5], 'TRIM_HORIZON'],
    ['HorizonA_PartialHashRange4', [4, 9, 10], 'TRIM_HORIZON', [0, 1, 2, 3], 'TRIM_HORIZON'],
    ['HorizonA_CompleteHashRange', [4, 5, 6, 7], 'TRIM_HORIZON', [], 'TRIM_HORIZON'],
    ['HorizonA_EmptyLeaseTable', [], 'TRIM_HORIZON', [0, 1, 2, 3, 4, 5], 'TRIM_HORIZON'],
    ['AtTimestampA_PartialHashRange1', [3, 4, 5], AT_TIMESTAMP, [0, 1, 2], 'AT_TIMESTAMP'],
    ['AtTimestampA_PartialHashRange2', [4, 5, 7], AT_TIMESTAMP, [0, 1], 'AT_TIMESTAMP'],
    ['AtTimestampA_PartialHashRange3', [2, 6], AT_TIMESTAMP, [3, 4, 5], 'AT_TIMESTAMP'],
    ['AtTimestampA_PartialHashRange4', [4, 9, 10], AT_TIMESTAMP, [0, 1, 2, 3], 'AT_TIMESTAMP'],
    ['AtTimestampA_EmptyLeaseTable', [], AT_TIMESTAMP, [0, 1, 2, 3, 4, 5], 'AT_TIMESTAMP'],
  ] as const)('%s', (_name, current, position, expected, checkpoint) => {
    const leases = planShardLeases(GRAPH_A, new Set(ids(...current)), position);

    expect(leases.map((l) => l.leaseKey).sort()).toEqual(ids(...expected).sort());
    expect(leases.every((l) => l.checkpoint.sequenceNumber === checkpoint)).toBe(true);
    expect(leases.every((l) => l.leaseOwner === undefined && l.leaseCounter === 0)).toBe(true);
  });

  it('orders the leases by starting sequence number, so parents are written before children', () => {
    const leases = planShardLeases(GRAPH_A, new Set(ids(4, 5, 7)), 'LATEST');
    const withChild = planShardLeases(GRAPH_A, new Set(ids(2, 6)), 'LATEST');

    expect(leases.map((l) => l.leaseKey)).toEqual(ids(6));
    expect(withChild.map((l) => l.leaseKey)).toEqual(ids(3, 4, 10, 9));
  });

  it('records both parents and the hash key range of a merged shard', () => {
    const [merged] = planShardLeases(GRAPH_A, new Set(ids(4, 5, 7)), 'LATEST');

    expect(merged?.parentShardIds).toEqual(ids(0, 1));
    expect(merged?.hashKeyRange).toEqual({ startingHashKey: '0', endingHashKey: '199' });
  });

  it('skips an open child of an open parent (an inconsistent list) until a later sync', () => {
    const shards = [
      shard(0, ['1', undefined], ['0', MAX_HASH_KEY]),
      shard(1, ['5', undefined], ['0', MAX_HASH_KEY], 0),
    ];

    const leases = planShardLeases(shards, new Set(), 'TRIM_HORIZON');

    expect(leases.map((l) => l.leaseKey)).toEqual(ids(0));
  });

  it('starts a shard whose parent was trimmed at the initial position, its parent still recorded', () => {
    const shards = [shard(7, ['500', undefined], ['0', MAX_HASH_KEY], 3)];

    const [only] = planShardLeases(shards, new Set(), 'LATEST');

    expect(only).toMatchObject({
      leaseKey: 'shardId-7',
      parentShardIds: ids(3),
      checkpoint: { sequenceNumber: 'LATEST' },
    });
  });
});

describe('syncShards', () => {
  beforeEach(() => {
    kinesis.reset();
  });

  it('reads every page of ListShards and creates the missing leases without overwriting any', async () => {
    // Prepare
    const [first, ...rest] = GRAPH_A;
    kinesis
      .on(ListShardsCommand, { StreamName: 'orders' })
      .resolves({ Shards: [first as Shard], NextToken: 'page-2' })
      .on(ListShardsCommand, { NextToken: 'page-2' })
      .resolves({ Shards: rest });
    const existing = {
      ...lease('shardId-4', 'kcl-worker', 17),
      checkpoint: { sequenceNumber: '42', subSequenceNumber: 0 },
    };
    const memory = createMemoryLeaseTable([existing]);

    // Act
    const result = await syncShards({
      kinesis: new KinesisClient({ region: 'us-east-1' }),
      streamName: 'orders',
      leaseTable: memory.table,
      initialPosition: 'TRIM_HORIZON',
    });

    // Assess
    expect(kinesis.commandCalls(ListShardsCommand).map((call) => call.args[0].input)).toEqual([
      { StreamName: 'orders' },
      { NextToken: 'page-2' },
    ]);
    expect(result.created.map((l) => l.leaseKey).sort()).toEqual(ids(0, 1, 2, 3, 5).sort());
    expect(memory.items.get('shardId-4')).toMatchObject({
      leaseOwner: 'kcl-worker',
      leaseCounter: 17,
    });
  });

  it('lists by stream ARN when given one', async () => {
    kinesis.on(ListShardsCommand).resolves({ Shards: [] });
    const arn = 'arn:aws:kinesis:us-east-1:123456789012:stream/orders';

    await syncShards({
      kinesis: new KinesisClient({ region: 'us-east-1' }),
      streamARN: arn,
      leaseTable: createMemoryLeaseTable().table,
      initialPosition: 'LATEST',
    });

    expect(kinesis.commandCalls(ListShardsCommand)[0]?.args[0].input).toEqual({ StreamARN: arn });
  });

  it('reports leases another worker created meanwhile', async () => {
    kinesis
      .on(ListShardsCommand)
      .resolves({ Shards: [shard(0, ['1', undefined], ['0', MAX_HASH_KEY])] });
    const memory = createMemoryLeaseTable();
    const racing = memory.table.createLeaseIfNotExists.bind(memory.table);
    memory.table.createLeaseIfNotExists = async (l: Lease) => {
      await racing(l);
      return racing(l);
    };

    const result = await syncShards({
      kinesis: new KinesisClient({ region: 'us-east-1' }),
      streamName: 'orders',
      leaseTable: memory.table,
      initialPosition: 'LATEST',
    });

    expect(result).toEqual({ created: [], alreadyExisting: ['shardId-0'] });
  });

  it('throws ListShardsError with the cause when ListShards fails', async () => {
    const cause = new Error('Rate exceeded');
    kinesis.on(ListShardsCommand).rejects(cause);

    const error = await syncShards({
      kinesis: new KinesisClient({ region: 'us-east-1' }),
      streamName: 'orders',
      leaseTable: createMemoryLeaseTable().table,
      initialPosition: 'LATEST',
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ListShardsError);
    expect((error as ListShardsError).cause).toBe(cause);
  });

  it('refuses an invalid timestamp', async () => {
    await expect(
      syncShards({
        kinesis: new KinesisClient({ region: 'us-east-1' }),
        streamName: 'orders',
        leaseTable: createMemoryLeaseTable().table,
        initialPosition: { atTimestamp: new Date('not a date') },
      }),
    ).rejects.toBeInstanceOf(InvalidOptionError);
  });
});

describe('createChildShardLeases', () => {
  const child = (id: number, parents: number[]) => ({
    ShardId: `shardId-${id}`,
    ParentShards: ids(...parents),
    HashKeyRange: { StartingHashKey: '0', EndingHashKey: MAX_HASH_KEY },
  });

  it('creates the children of a split at TRIM_HORIZON with their parent', async () => {
    const memory = createMemoryLeaseTable([lease('shardId-0', 'me')]);

    const result = await createChildShardLeases(memory.table, [child(1, [0]), child(2, [0])]);

    expect(result.deferred).toBe(false);
    expect(
      result.created.map((l) => [l.leaseKey, l.checkpoint.sequenceNumber, l.parentShardIds]),
    ).toEqual([
      ['shardId-1', 'TRIM_HORIZON', ids(0)],
      ['shardId-2', 'TRIM_HORIZON', ids(0)],
    ]);
  });

  it('defers a merged child while only one of its parents has a lease', async () => {
    const memory = createMemoryLeaseTable([lease('shardId-0', 'me')]);

    const result = await createChildShardLeases(memory.table, [child(2, [0, 1])]);

    expect(result).toEqual({ created: [], deferred: true });
    expect(memory.items.has('shardId-2')).toBe(false);
  });

  it('leaves an existing child lease as it is', async () => {
    const existing = lease('shardId-1', 'other', 9);
    const memory = createMemoryLeaseTable([lease('shardId-0', 'me'), existing]);

    const result = await createChildShardLeases(memory.table, [child(1, [0])]);

    expect(result.created).toEqual([]);
    expect(memory.items.get('shardId-1')).toEqual(existing);
  });
});
