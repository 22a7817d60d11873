import {
  type CoordinatorState,
  holdLease,
  isFresh,
  LeaseLostReason,
  loseLease,
  reportRejections,
} from './coordinator-state.js';
import type { Lease } from './lease.js';

/**
 * Renews one lease, after any other write on it. An expired lease is not renewed but lost (the
 * application may already have stopped trusting it), except a lease found owned at start
 * (`found`), which the KCL renews before handing it out.
 */
export function renewLease(
  state: CoordinatorState,
  leaseKey: string,
  found?: Lease,
): Promise<void> {
  return state.queue.run(leaseKey, async () => {
    const entry = state.held.get(leaseKey);
    const lease = entry?.lease ?? found;
    if (lease === undefined) return;
    if (entry !== undefined && !isFresh(state, entry)) {
      loseLease(state, leaseKey, LeaseLostReason.Expired);
      return;
    }
    const sentAt = state.now();
    const result = await state.table.renewLease(lease);
    if (!result.ok) {
      loseLease(state, leaseKey, LeaseLostReason.ConditionFailed);
      return;
    }
    state.counters.renewals += 1;
    if (entry === undefined) holdLease(state, result.lease, sentAt);
    else state.held.set(leaseKey, { lease: result.lease, renewedAt: sentAt });
  });
}

/** Renews every held lease at once; failures go to `onError` and the lease expires if they last. */
export async function renewHeldLeases(state: CoordinatorState): Promise<void> {
  const keys = [...state.held.keys()];
  reportRejections(state, await Promise.allSettled(keys.map((key) => renewLease(state, key))));
}
