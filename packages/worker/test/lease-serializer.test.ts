import { describe, expect, it } from 'vitest';
import { LeaseTableError, leaseFromItem, leaseToItem, newLease, Sentinel } from '../src/index.js';
import { kclItem } from './helpers/fixtures.js';

describe('leaseFromItem', () => {
  it('reads every attribute the KCL writes, a KPL sub-sequence checkpoint included', () => {
    // Prepare
    const item = kclItem('heldWithAggregateCheckpoint');

    // Act
    const lease = leaseFromItem(item);

    // Assess
    expect(lease).toEqual({
      leaseKey: 'shardId-000000000002',
      leaseOwner: 'kcl-worker-a',
      leaseCounter: 41,
      checkpoint: {
        sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
        subSequenceNumber: 7,
      },
      pendingCheckpoint: {
        sequenceNumber: '49590338271490256608559692540000000000000000000000000001',
        subSequenceNumber: 3,
      },
      ownerSwitchesSinceCheckpoint: 2,
      parentShardIds: ['shardId-000000000000', 'shardId-000000000001'],
      childShardIds: [],
      hashKeyRange: {
        startingHashKey: '0',
        endingHashKey: '170141183460469231731687303715884105727',
      },
      checkpointOwner: undefined,
      attributes: item,
    });
  });

  it('reads an unowned lease without parents', () => {
    const lease = leaseFromItem(kclItem('unowned'));

    expect(lease?.leaseOwner).toBeUndefined();
    expect(lease?.checkpoint).toEqual({
      sequenceNumber: Sentinel.TrimHorizon,
      subSequenceNumber: 0,
    });
    expect(lease?.parentShardIds).toEqual([]);
    expect(lease?.pendingCheckpoint).toBeUndefined();
  });

  it('reads the children of a finished shard', () => {
    const lease = leaseFromItem(kclItem('finishedParent'));

    expect(lease?.checkpoint.sequenceNumber).toBe(Sentinel.ShardEnd);
    expect(lease?.childShardIds).toEqual(['shardId-000000000002']);
  });

  it('reads a KCL 3.x lease, its checkpointOwner and the attributes kds does not use', () => {
    const item = kclItem('kcl3Lease');

    const lease = leaseFromItem(item);

    expect(lease?.checkpointOwner).toBe('kcl3-worker-old');
    expect(lease?.attributes.throughputKBps).toEqual({ N: '12.5' });
    expect(lease?.attributes.entityType).toEqual({ S: 'LEASE' });
  });

  it('skips KCL 3.x items that are not leases', () => {
    expect(leaseFromItem(kclItem('kcl3WorkerMetrics'))).toBeUndefined();
  });

  it.each([
    ['leaseCounter as a string', { leaseCounter: { S: '1' } }, /leaseCounter is not of type N/],
    [
      'parentShardId as a string',
      { parentShardId: { S: 'shardId-0' } },
      /parentShardId is not of type SS/,
    ],
    [
      'a counter past 2^53',
      { leaseCounter: { N: '9007199254740993' } },
      /not an integer kds can hold/,
    ],
  ])('refuses an item with %s', (_name, change, message) => {
    const item = { ...kclItem('unowned'), ...change };

    expect(() => leaseFromItem(item)).toThrow(LeaseTableError);
    expect(() => leaseFromItem(item)).toThrow(message);
  });

  it('refuses an item without checkpoint', () => {
    const { checkpoint: _checkpoint, ...item } = kclItem('unowned');

    expect(() => leaseFromItem(item)).toThrow(/has no checkpoint/);
  });
});

describe('leaseToItem', () => {
  it.each(['heldWithAggregateCheckpoint', 'unowned', 'finishedParent', 'kcl3Lease'] as const)(
    'writes back the item it read (%s), unknown attributes and types included',
    (name) => {
      const item = kclItem(name);

      const lease = leaseFromItem(item);

      expect(lease).toBeDefined();
      expect(leaseToItem(lease as NonNullable<typeof lease>)).toEqual(item);
    },
  );

  it('writes a new lease as the KCL creates one: no owner, counter 0, parents as a string set', () => {
    const lease = newLease({
      leaseKey: 'shardId-000000000005',
      checkpoint: { sequenceNumber: Sentinel.TrimHorizon, subSequenceNumber: 0 },
      parentShardIds: ['shardId-000000000001'],
      hashKeyRange: { startingHashKey: '10', endingHashKey: '20' },
    });

    expect(leaseToItem(lease)).toEqual({
      leaseKey: { S: 'shardId-000000000005' },
      leaseCounter: { N: '0' },
      ownerSwitchesSinceCheckpoint: { N: '0' },
      checkpoint: { S: 'TRIM_HORIZON' },
      checkpointSubSequenceNumber: { N: '0' },
      parentShardId: { SS: ['shardId-000000000001'] },
      startingHashKey: { S: '10' },
      endingHashKey: { S: '20' },
    });
  });
});
