import { LeaseLostError } from '../errors.js';
import {
  type CoordinatorState,
  isFresh,
  LeaseLostReason,
  loseLease,
  reportRejections,
} from './coordinator-state.js';
import { assertExtendedSequenceNumber, type ExtendedSequenceNumber } from './lease.js';

/**
 * Writes a checkpoint on a held lease, after any renewal of it under way. A failed condition
 * loses the lease and throws {@link LeaseLostError}.
 */
export async function checkpointLease(
  state: CoordinatorState,
  leaseKey: string,
  checkpoint: ExtendedSequenceNumber,
  pendingCheckpoint: ExtendedSequenceNumber | undefined,
): Promise<void> {
  assertExtendedSequenceNumber(checkpoint, 'checkpoint');
  if (pendingCheckpoint !== undefined) {
    assertExtendedSequenceNumber(pendingCheckpoint, 'pendingCheckpoint');
  }
  return state.queue.run(leaseKey, async () => {
    const entry = state.held.get(leaseKey);
    if (entry === undefined) throw new LeaseLostError(leaseKey, 'this worker does not hold it');
    if (!isFresh(state, entry)) {
      loseLease(state, leaseKey, LeaseLostReason.Expired);
      throw new LeaseLostError(leaseKey, `not renewed within ${state.failoverTimeMs} ms`);
    }
    const sentAt = state.now();
    const result = await state.table.updateCheckpoint(entry.lease, checkpoint, pendingCheckpoint);
    if (!result.ok) {
      loseLease(state, leaseKey, LeaseLostReason.ConditionFailed);
      throw new LeaseLostError(
        leaseKey,
        'its counter or owner in the lease table changed (another worker took it)',
      );
    }
    state.held.set(leaseKey, { lease: result.lease, renewedAt: sentAt });
  });
}

/** Gives a held lease up (evicts it) so another worker can take it at once. */
export function releaseLease(state: CoordinatorState, leaseKey: string): Promise<boolean> {
  return state.queue.run(leaseKey, async () => {
    const entry = state.held.get(leaseKey);
    if (entry === undefined) return false;
    // From here on this worker does not hold the lease, whatever the write's outcome.
    state.held.delete(leaseKey);
    const result = await state.table.evictLease(entry.lease);
    if (result.ok) state.counters.released += 1;
    return result.ok;
  });
}

/** Releases every held lease; failures go to `onError`. */
export async function releaseHeldLeases(state: CoordinatorState): Promise<void> {
  const keys = [...state.held.keys()];
  reportRejections(state, await Promise.allSettled(keys.map((key) => releaseLease(state, key))));
}
