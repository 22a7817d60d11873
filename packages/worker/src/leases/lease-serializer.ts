import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { LeaseTableError } from '../errors.js';
import type { ExtendedSequenceNumber, HashKeyRange, Lease } from './lease.js';

/**
 * The attribute names of a lease item, as the KCL's `DynamoDBLeaseSerializer` writes them
 * (see docs/kcl-lease-table.md for each one's DynamoDB type and writer).
 *
 * @example
 * ```ts
 * import { LeaseAttribute } from '@kds/worker';
 *
 * const owner = (item: Record<string, { S?: string }>): string | undefined => item[LeaseAttribute.LeaseOwner]?.S;
 * ```
 */
export const LeaseAttribute = {
  /** S, the table's HASH key. */
  LeaseKey: 'leaseKey',
  /** S, absent when nobody holds the lease. */
  LeaseOwner: 'leaseOwner',
  /** N. */
  LeaseCounter: 'leaseCounter',
  /** N. */
  OwnerSwitchesSinceCheckpoint: 'ownerSwitchesSinceCheckpoint',
  /** S: a sequence number or a sentinel. */
  Checkpoint: 'checkpoint',
  /** N. */
  CheckpointSubSequenceNumber: 'checkpointSubSequenceNumber',
  /** S. */
  PendingCheckpoint: 'pendingCheckpoint',
  /** N. */
  PendingCheckpointSubSequenceNumber: 'pendingCheckpointSubSequenceNumber',
  /** B: the application's state for a prepared checkpoint. */
  PendingCheckpointState: 'pendingCheckpointState',
  /** SS, the name is singular. */
  ParentShardId: 'parentShardId',
  /** SS. */
  ChildShardIds: 'childShardIds',
  /** S, a decimal 128-bit integer. */
  StartingHashKey: 'startingHashKey',
  /** S, a decimal 128-bit integer. */
  EndingHashKey: 'endingHashKey',
  /** N, KCL 3.x: the shard's recent throughput, written on renewal. */
  ThroughputKBps: 'throughputKBps',
  /** S, KCL 3.x graceful handoff. */
  CheckpointOwner: 'checkpointOwner',
  /** S, KCL 3.x: `LEASE` for a lease; other values are coordinator items sharing the table. */
  EntityType: 'entityType',
} as const;

/** The `entityType` of a lease item; items of any other type are not leases. */
export const LEASE_ENTITY_TYPE = 'LEASE';

type Item = Readonly<Record<string, AttributeValue>>;

function unreadable(leaseKey: string | undefined, message: string): LeaseTableError {
  return new LeaseTableError('readLease', leaseKey, message);
}

function stringOf(item: Item, name: string, leaseKey: string | undefined): string | undefined {
  const value = item[name];
  if (value === undefined) return undefined;
  if (value.S === undefined) throw unreadable(leaseKey, `attribute ${name} is not of type S`);
  return value.S;
}

function integerOf(item: Item, name: string, leaseKey: string | undefined): number | undefined {
  const value = item[name];
  if (value === undefined) return undefined;
  if (value.N === undefined) throw unreadable(leaseKey, `attribute ${name} is not of type N`);
  const number = Number(value.N);
  if (!Number.isSafeInteger(number)) {
    throw unreadable(leaseKey, `attribute ${name} is not an integer kds can hold: ${value.N}`);
  }
  return number;
}

function stringSetOf(item: Item, name: string, leaseKey: string | undefined): string[] {
  const value = item[name];
  if (value === undefined) return [];
  if (value.SS === undefined) throw unreadable(leaseKey, `attribute ${name} is not of type SS`);
  return [...value.SS];
}

/**
 * Reads a lease table item as the KCL's serializer does. Returns `undefined` for an item whose
 * `entityType` says it is not a lease (KCL 3.x keeps coordinator state in the same table); throws
 * {@link LeaseTableError} for an item that lacks `leaseKey` or `checkpoint`, or whose attribute
 * has a type the KCL never writes. Absent counters read as 0, as the KCL's defaults.
 *
 * @example
 * ```ts
 * import { leaseFromItem } from '@kds/worker';
 *
 * const lease = leaseFromItem({
 *   leaseKey: { S: 'shardId-000000000000' },
 *   leaseCounter: { N: '3' },
 *   checkpoint: { S: 'TRIM_HORIZON' },
 *   checkpointSubSequenceNumber: { N: '0' },
 *   ownerSwitchesSinceCheckpoint: { N: '0' },
 * });
 * ```
 */
export function leaseFromItem(item: Item): Lease | undefined {
  const leaseKey = stringOf(item, LeaseAttribute.LeaseKey, undefined);
  const entityType = stringOf(item, LeaseAttribute.EntityType, leaseKey);
  if (entityType !== undefined && entityType !== LEASE_ENTITY_TYPE) return undefined;
  if (leaseKey === undefined) throw unreadable(undefined, 'the item has no leaseKey');
  const checkpoint = stringOf(item, LeaseAttribute.Checkpoint, leaseKey);
  if (checkpoint === undefined) throw unreadable(leaseKey, 'the item has no checkpoint');

  const pendingSequence = stringOf(item, LeaseAttribute.PendingCheckpoint, leaseKey);
  const pendingCheckpoint: ExtendedSequenceNumber | undefined =
    pendingSequence === undefined || pendingSequence === ''
      ? undefined
      : {
          sequenceNumber: pendingSequence,
          subSequenceNumber:
            integerOf(item, LeaseAttribute.PendingCheckpointSubSequenceNumber, leaseKey) ?? 0,
        };

  const startingHashKey = stringOf(item, LeaseAttribute.StartingHashKey, leaseKey);
  const endingHashKey = stringOf(item, LeaseAttribute.EndingHashKey, leaseKey);
  const hashKeyRange: HashKeyRange | undefined =
    startingHashKey !== undefined &&
    startingHashKey !== '' &&
    endingHashKey !== undefined &&
    endingHashKey !== ''
      ? { startingHashKey, endingHashKey }
      : undefined;

  return {
    leaseKey,
    leaseOwner: stringOf(item, LeaseAttribute.LeaseOwner, leaseKey),
    leaseCounter: integerOf(item, LeaseAttribute.LeaseCounter, leaseKey) ?? 0,
    checkpoint: {
      sequenceNumber: checkpoint,
      subSequenceNumber: integerOf(item, LeaseAttribute.CheckpointSubSequenceNumber, leaseKey) ?? 0,
    },
    pendingCheckpoint,
    ownerSwitchesSinceCheckpoint:
      integerOf(item, LeaseAttribute.OwnerSwitchesSinceCheckpoint, leaseKey) ?? 0,
    parentShardIds: stringSetOf(item, LeaseAttribute.ParentShardId, leaseKey),
    childShardIds: stringSetOf(item, LeaseAttribute.ChildShardIds, leaseKey),
    hashKeyRange,
    checkpointOwner: stringOf(item, LeaseAttribute.CheckpointOwner, leaseKey),
    attributes: { ...item },
  };
}

/**
 * The item for a lease, as the KCL's serializer writes a whole lease: the lease's `attributes`
 * (unknown ones kept) overwritten by its known fields. Empty sets and absent values are left out
 * (DynamoDB refuses empty sets). `entityType` is not added: KCL 3.x reads an item without it as
 * a lease, and KCL 2.x does not know it.
 *
 * @example
 * ```ts
 * import { leaseToItem, newLease, Sentinel } from '@kds/worker';
 *
 * const item = leaseToItem(
 *   newLease({ leaseKey: 'shardId-000000000000', checkpoint: { sequenceNumber: Sentinel.Latest, subSequenceNumber: 0 } }),
 * );
 * ```
 */
export function leaseToItem(lease: Lease): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = { ...lease.attributes };
  const known: Array<[string, AttributeValue | undefined]> = [
    [LeaseAttribute.LeaseKey, { S: lease.leaseKey }],
    [LeaseAttribute.LeaseCounter, { N: String(lease.leaseCounter) }],
    [
      LeaseAttribute.LeaseOwner,
      lease.leaseOwner === undefined ? undefined : { S: lease.leaseOwner },
    ],
    [
      LeaseAttribute.OwnerSwitchesSinceCheckpoint,
      { N: String(lease.ownerSwitchesSinceCheckpoint) },
    ],
    [LeaseAttribute.Checkpoint, { S: lease.checkpoint.sequenceNumber }],
    [LeaseAttribute.CheckpointSubSequenceNumber, { N: String(lease.checkpoint.subSequenceNumber) }],
    [
      LeaseAttribute.ParentShardId,
      lease.parentShardIds.length === 0 ? undefined : { SS: [...lease.parentShardIds] },
    ],
    [
      LeaseAttribute.ChildShardIds,
      lease.childShardIds.length === 0 ? undefined : { SS: [...lease.childShardIds] },
    ],
    [
      LeaseAttribute.PendingCheckpoint,
      lease.pendingCheckpoint === undefined
        ? undefined
        : { S: lease.pendingCheckpoint.sequenceNumber },
    ],
    [
      LeaseAttribute.PendingCheckpointSubSequenceNumber,
      lease.pendingCheckpoint === undefined
        ? undefined
        : { N: String(lease.pendingCheckpoint.subSequenceNumber) },
    ],
    [
      LeaseAttribute.StartingHashKey,
      lease.hashKeyRange === undefined ? undefined : { S: lease.hashKeyRange.startingHashKey },
    ],
    [
      LeaseAttribute.EndingHashKey,
      lease.hashKeyRange === undefined ? undefined : { S: lease.hashKeyRange.endingHashKey },
    ],
    [
      LeaseAttribute.CheckpointOwner,
      lease.checkpointOwner === undefined ? undefined : { S: lease.checkpointOwner },
    ],
  ];
  for (const [name, value] of known) {
    if (value === undefined) delete item[name];
    else item[name] = value;
  }
  return item;
}
