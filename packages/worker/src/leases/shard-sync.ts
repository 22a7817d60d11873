import {
  type ChildShard,
  type KinesisClient,
  ListShardsCommand,
  type ListShardsCommandInput,
  type ListShardsCommandOutput,
  type Shard,
} from '@aws-sdk/client-kinesis';
/**
 * Where a new application starts reading shards that have no lease: the oldest record, the
 * newest, or the first at or after a time. Stored in the lease as the matching {@link Sentinel};
 * the time itself is the application's setting, not the table's.
 */
import type { InitialPosition } from '../constants.js';
import { InvalidOptionError, ListShardsError } from '../errors.js';
import { type ExtendedSequenceNumber, type Lease, newLease, Sentinel } from './lease.js';
import type { LeaseTable } from './lease-table.js';

function isAtTimestamp(position: InitialPosition): position is { readonly atTimestamp: Date } {
  return typeof position === 'object';
}

function initialCheckpoint(position: InitialPosition): ExtendedSequenceNumber {
  const sequenceNumber = isAtTimestamp(position)
    ? Sentinel.AtTimestamp
    : position === 'TRIM_HORIZON'
      ? Sentinel.TrimHorizon
      : Sentinel.Latest;
  return { sequenceNumber, subSequenceNumber: 0 };
}

const TRIM_HORIZON: ExtendedSequenceNumber = {
  sequenceNumber: Sentinel.TrimHorizon,
  subSequenceNumber: 0,
};

function leaseForShard(shard: Shard, checkpoint: ExtendedSequenceNumber): Lease {
  const parents = [shard.ParentShardId, shard.AdjacentParentShardId].filter(
    (id): id is string => id !== undefined,
  );
  const range = shard.HashKeyRange;
  return newLease({
    leaseKey: shard.ShardId as string,
    checkpoint,
    parentShardIds: parents,
    ...(range?.StartingHashKey !== undefined && range.EndingHashKey !== undefined
      ? {
          hashKeyRange: {
            startingHashKey: range.StartingHashKey,
            endingHashKey: range.EndingHashKey,
          },
        }
      : {}),
  });
}

const isOpen = (shard: Shard): boolean =>
  shard.SequenceNumberRange?.EndingSequenceNumber === undefined;

function startOf(shard: Shard): bigint {
  const start = shard.SequenceNumberRange?.StartingSequenceNumber;
  return start === undefined ? 0n : BigInt(start);
}

/**
 * The leases the KCL's shard syncer (`HierarchicalShardSyncer`, non-empty table rules) would
 * create for a shard list, sorted by the shards' starting sequence numbers so a sync that stops
 * half way leaves parents before children:
 * - an open shard without lease whose ancestors have no lease (and will get none) starts at the
 *   initial position;
 * - when an ancestor has a lease, or will get one (from `TRIM_HORIZON` or `AT_TIMESTAMP` every
 *   oldest listed ancestor gets one), leases are created one level down only: the parents on the
 *   way, at `TRIM_HORIZON` (at `AT_TIMESTAMP` when that is the initial position); a parent that
 *   is not on such a path (with `LATEST`, the other parent of a merge) starts at the initial
 *   position. Deeper descendants get their lease when their parents end
 *   ({@link createChildShardLeases});
 * - an open shard whose listed parent is still open (an inconsistent list) is skipped until a
 *   later sync.
 * `existingLeaseKeys` are the keys already in the table. Pure: nothing is written.
 *
 * @example
 * ```ts
 * import { planShardLeases } from '@kds/worker';
 *
 * const leases = planShardLeases(
 *   [{ ShardId: 'shardId-000000000000', HashKeyRange: { StartingHashKey: '0', EndingHashKey: '340282366920938463463374607431768211455' }, SequenceNumberRange: { StartingSequenceNumber: '1' } }],
 *   new Set(),
 *   'TRIM_HORIZON',
 * );
 * ```
 */
export function planShardLeases(
  shards: readonly Shard[],
  existingLeaseKeys: ReadonlySet<string>,
  initialPosition: InitialPosition,
): Lease[] {
  const byId = new Map<string, Shard>();
  for (const shard of shards) if (shard.ShardId !== undefined) byId.set(shard.ShardId, shard);
  const parentsOf = (shard: Shard): string[] =>
    [...new Set([shard.ParentShardId, shard.AdjacentParentShardId])].filter(
      (id): id is string => id !== undefined && byId.has(id),
    );
  const readsHistory = initialPosition === 'TRIM_HORIZON' || isAtTimestamp(initialPosition);
  const descendant = new Map<string, boolean>();
  const shouldCreate = new Set<string>();
  const planned = new Map<string, Lease>();

  const isDescendant = (shardId: string): boolean => {
    const known = descendant.get(shardId);
    if (known !== undefined) return known;
    let result = false;
    const shard = byId.get(shardId);
    if (shard !== undefined) {
      if (existingLeaseKeys.has(shardId)) {
        result = true;
      } else {
        const parents = parentsOf(shard);
        const onPath = new Set<string>();
        for (const parent of parents) {
          if (isDescendant(parent) || shouldCreate.has(parent)) onPath.add(parent);
        }
        result = onPath.size > 0;
        if (result) {
          for (const parent of parents) {
            if (existingLeaseKeys.has(parent)) continue;
            let lease = planned.get(parent);
            if (lease === undefined && (shouldCreate.has(parent) || !onPath.has(parent))) {
              lease = leaseForShard(byId.get(parent) as Shard, initialCheckpoint(initialPosition));
            }
            if (lease !== undefined) {
              const checkpoint =
                onPath.has(parent) && !isAtTimestamp(initialPosition)
                  ? TRIM_HORIZON
                  : initialCheckpoint(initialPosition);
              planned.set(parent, { ...lease, checkpoint });
            }
          }
        } else if (readsHistory) {
          shouldCreate.add(shardId);
        }
      }
    }
    descendant.set(shardId, result);
    return result;
  };

  for (const shard of shards) {
    const shardId = shard.ShardId;
    if (shardId === undefined || !isOpen(shard) || existingLeaseKeys.has(shardId)) continue;
    const parentStillOpen = parentsOf(shard).some((parent) => isOpen(byId.get(parent) as Shard));
    if (parentStillOpen) continue;
    if (!isDescendant(shardId)) {
      planned.set(shardId, leaseForShard(shard, initialCheckpoint(initialPosition)));
    }
  }

  return [...planned.values()].sort((a, b) => {
    const sa = startOf(byId.get(a.leaseKey) as Shard);
    const sb = startOf(byId.get(b.leaseKey) as Shard);
    if (sa !== sb) return sa < sb ? -1 : 1;
    return a.leaseKey < b.leaseKey ? -1 : a.leaseKey > b.leaseKey ? 1 : 0;
  });
}

/** Options of {@link syncShards}. */
export type SyncShardsOptions = (
  | { streamName: string; streamARN?: never }
  | { streamARN: string; streamName?: never }
) & {
  /** The Kinesis client that lists the shards. */
  kinesis: KinesisClient;
  /** The lease table the leases are written to. */
  leaseTable: LeaseTable;
  /** Where shards without an ancestor lease start. */
  initialPosition: InitialPosition;
};

/** What {@link syncShards} did. */
export interface SyncShardsResult {
  /** Leases written by this call. */
  readonly created: readonly Lease[];
  /** Leases planned but already written by another worker meanwhile. */
  readonly alreadyExisting: readonly string[];
}

/**
 * Lists the stream's shards (every page) and creates, with `createLeaseIfNotExists`, the leases
 * the KCL would ({@link planShardLeases}); it never overwrites or deletes a lease. Several workers
 * may run it at once.
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { createLeaseTable, syncShards } from '@kds/worker';
 *
 * const leaseTable = createLeaseTable({ tableName: 'my-kcl-application' });
 * await leaseTable.createLeaseTableIfNotExists();
 * const { created } = await syncShards({
 *   kinesis: new KinesisClient({}),
 *   streamName: 'my-stream',
 *   leaseTable,
 *   initialPosition: 'TRIM_HORIZON',
 * });
 * console.log(`${created.length} new leases`);
 * ```
 */
export async function syncShards(options: SyncShardsOptions): Promise<SyncShardsResult> {
  const { kinesis, leaseTable, initialPosition } = options;
  if (isAtTimestamp(initialPosition) && Number.isNaN(initialPosition.atTimestamp.getTime())) {
    throw new InvalidOptionError('initialPosition.atTimestamp', 'must be a valid Date');
  }
  const shards = await listAllShards(kinesis, options);
  const existing = new Set((await leaseTable.listLeases()).map((lease) => lease.leaseKey));
  const created: Lease[] = [];
  const alreadyExisting: string[] = [];
  // One after another, in order, so a crash leaves no child lease without its parents.
  for (const lease of planShardLeases(shards, existing, initialPosition)) {
    const result = await leaseTable.createLeaseIfNotExists(lease);
    if (result.ok) created.push(result.lease);
    else alreadyExisting.push(lease.leaseKey);
  }
  return { created, alreadyExisting };
}

async function listAllShards(
  kinesis: KinesisClient,
  stream: { streamName?: string; streamARN?: string },
): Promise<Shard[]> {
  const shards: Shard[] = [];
  let nextToken: string | undefined;
  do {
    // ListShards refuses the stream's name or ARN together with a NextToken.
    const input: ListShardsCommandInput =
      nextToken !== undefined
        ? { NextToken: nextToken }
        : stream.streamARN !== undefined
          ? { StreamARN: stream.streamARN }
          : { StreamName: stream.streamName as string };
    let page: ListShardsCommandOutput;
    try {
      page = await kinesis.send(new ListShardsCommand(input));
    } catch (error) {
      throw new ListShardsError(stream.streamARN ?? stream.streamName ?? '', { cause: error });
    }
    shards.push(...(page.Shards ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return shards;
}

/**
 * The children of a shard as ListShards describes them (`ParentShardId`/`AdjacentParentShardId`),
 * in the form of GetRecords' `ChildShards`: for a shard that ended without `ChildShards` in the
 * response (emulators such as kinesalite never send them).
 */
export async function listChildShards(
  kinesis: KinesisClient,
  stream: { streamName?: string; streamARN?: string },
  parentShardId: string,
): Promise<ChildShard[]> {
  const shards = await listAllShards(kinesis, stream);
  return shards
    .filter(
      (shard) =>
        shard.ParentShardId === parentShardId || shard.AdjacentParentShardId === parentShardId,
    )
    .map((shard) => ({
      ShardId: shard.ShardId,
      ParentShards: [shard.ParentShardId, shard.AdjacentParentShardId].filter(
        (id): id is string => id !== undefined,
      ),
      HashKeyRange: shard.HashKeyRange,
    }));
}

/** What {@link createChildShardLeases} did. */
export interface ChildShardLeasesResult {
  /** Leases written by this call. */
  readonly created: readonly Lease[];
  /**
   * `true` when a merged child was left without lease because only one of its two parents has a
   * lease: as the KCL, retry later (the other parent's lease is being written).
   */
  readonly deferred: boolean;
}

/**
 * Creates the leases of a finished shard's children (from GetRecords' `ChildShards`, or from
 * ListShards' `ParentShardId`/`AdjacentParentShardId`) at `TRIM_HORIZON`, as the KCL's
 * `ShutdownTask` does at `SHARD_END`; existing leases are left as they are. A merged child is
 * created only when both its parents have leases (or neither does).
 *
 * @example
 * ```ts
 * import { createChildShardLeases, createLeaseTable } from '@kds/worker';
 *
 * const leaseTable = createLeaseTable({ tableName: 'my-kcl-application' });
 * await createChildShardLeases(leaseTable, [
 *   { ShardId: 'shardId-000000000002', ParentShards: ['shardId-000000000000'], HashKeyRange: { StartingHashKey: '0', EndingHashKey: '170141183460469231731687303715884105727' } },
 * ]);
 * ```
 */
export async function createChildShardLeases(
  leaseTable: LeaseTable,
  childShards: readonly ChildShard[],
): Promise<ChildShardLeasesResult> {
  const [only] = childShards;
  if (childShards.length === 1 && only !== undefined && (only.ParentShards?.length ?? 0) === 2) {
    const [first, second] = await Promise.all(
      (only.ParentShards as string[]).map((parent) => leaseTable.getLease(parent)),
    );
    if ((first === undefined) !== (second === undefined)) return { created: [], deferred: true };
  }
  const created: Lease[] = [];
  for (const child of childShards) {
    if (child.ShardId === undefined) continue;
    if ((await leaseTable.getLease(child.ShardId)) !== undefined) continue;
    const range = child.HashKeyRange;
    const lease = newLease({
      leaseKey: child.ShardId,
      checkpoint: TRIM_HORIZON,
      parentShardIds: child.ParentShards ?? [],
      ...(range?.StartingHashKey !== undefined && range.EndingHashKey !== undefined
        ? {
            hashKeyRange: {
              startingHashKey: range.StartingHashKey,
              endingHashKey: range.EndingHashKey,
            },
          }
        : {}),
    });
    const result = await leaseTable.createLeaseIfNotExists(lease);
    if (result.ok) created.push(result.lease);
  }
  return { created, deferred: false };
}
