import { type Lease, leaseFromItem, leaseToItem, newLease, Sentinel } from '../../src/index.js';

/** A lease of the given key and owner (undefined: unowned) and counter. */
export function lease(leaseKey: string, leaseOwner: string | undefined, leaseCounter = 1): Lease {
  const base = newLease({
    leaseKey,
    checkpoint: { sequenceNumber: Sentinel.TrimHorizon, subSequenceNumber: 0 },
  });
  return leaseFromItem(leaseToItem({ ...base, leaseOwner, leaseCounter })) as Lease;
}

/** Leases `${prefix}-0`... owned by `owner`. */
export function leasesOf(
  owner: string | undefined,
  count: number,
  prefix = owner ?? 'free',
): Lease[] {
  return Array.from({ length: count }, (_, i) => lease(`${prefix}-${i}`, owner));
}
