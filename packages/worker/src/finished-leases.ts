import { isSentinel, type Lease, Sentinel } from './leases/lease.js';

/**
 * The leases of finished shards that can go: checkpointed `SHARD_END`, held by this worker, and
 * whose children all have leases that started (a checkpoint past `TRIM_HORIZON`, `LATEST` or
 * `AT_TIMESTAMP`). The KCL's `LeaseCleanupManager` deletes them by the same rule; without it they
 * would stay in the table for good and count in every worker's share. A child reads its parent
 * as done when the parent's lease is gone, so deleting it changes nothing for the children.
 */
export function finishedLeases(leases: readonly Lease[], workerId: string): Lease[] {
  const childrenOf = new Map<string, Lease[]>();
  for (const lease of leases) {
    for (const parent of lease.parentShardIds) {
      childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), lease]);
    }
  }
  const started = (lease: Lease): boolean =>
    !isSentinel(lease.checkpoint) || lease.checkpoint.sequenceNumber === Sentinel.ShardEnd;
  return leases.filter((lease) => {
    if (lease.leaseOwner !== workerId) return false;
    if (lease.checkpoint.sequenceNumber !== Sentinel.ShardEnd) return false;
    const children = childrenOf.get(lease.leaseKey) ?? [];
    return children.length > 0 && children.every(started);
  });
}
