import { describe, expect, it } from 'vitest';
import { finishedLeases } from '../src/finished-leases.js';
import { type Lease, newLease } from '../src/index.js';

const lease = (
  leaseKey: string,
  checkpoint: string,
  options: { owner?: string; parents?: string[] } = {},
): Lease => ({
  ...newLease({
    leaseKey,
    checkpoint: { sequenceNumber: checkpoint, subSequenceNumber: 0 },
    parentShardIds: options.parents ?? [],
  }),
  leaseOwner: options.owner ?? 'me',
});

describe('finishedLeases: the leases of finished shards a worker may delete (the KCL cleanup rule)', () => {
  it.each([
    {
      name: 'a finished parent whose child has read records',
      leases: [lease('p', 'SHARD_END'), lease('c', '49590', { parents: ['p'] })],
      expected: ['p'],
    },
    {
      name: 'a finished parent whose child has not started',
      leases: [lease('p', 'SHARD_END'), lease('c', 'TRIM_HORIZON', { parents: ['p'] })],
      expected: [],
    },
    {
      name: 'a finished parent whose child has finished too (both go, the child once its own children start)',
      leases: [lease('p', 'SHARD_END'), lease('c', 'SHARD_END', { parents: ['p'] })],
      expected: ['p'],
    },
    {
      name: 'a merged child that started, and only one of its parents held here',
      leases: [
        lease('p1', 'SHARD_END'),
        lease('p2', 'SHARD_END', { owner: 'other' }),
        lease('c', '49591', { parents: ['p1', 'p2'] }),
      ],
      expected: ['p1'],
    },
    {
      name: 'a finished shard whose children have no lease yet',
      leases: [lease('p', 'SHARD_END')],
      expected: [],
    },
    {
      name: 'a shard still being read',
      leases: [lease('p', '49590'), lease('c', '49591', { parents: ['p'] })],
      expected: [],
    },
  ])('$name', ({ leases, expected }) => {
    // Act
    const finished = finishedLeases(leases, 'me');

    // Assess
    expect(finished.map(({ leaseKey }) => leaseKey)).toEqual(expected);
  });
});
