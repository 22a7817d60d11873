import { type CoordinatorState, holdLease, isHeld, reportRejections } from './coordinator-state.js';
import type { Lease } from './lease.js';
import { renewLease } from './lease-renewal.js';
import { computeLeasesToTake, observeLeases } from './lease-taker.js';

/** The taker's settings of {@link computeLeasesToTake}. */
export interface TakerSettings {
  readonly maxLeasesForWorker: number;
  readonly maxLeasesToStealAtOneTime: number;
  readonly priorityLeaseAssignment: boolean;
  readonly random: () => number;
}

function takeLease(state: CoordinatorState, lease: Lease, stolen: boolean): Promise<void> {
  return state.queue.run(lease.leaseKey, async () => {
    const sentAt = state.now();
    const result = await state.table.takeLease(lease, state.workerId);
    if (!result.ok) return;
    if (stolen) state.counters.stolen += 1;
    holdLease(state, result.lease, sentAt, { stolen, previousOwner: lease.leaseOwner });
  });
}

/**
 * One run of the taker: scans the table, updates the observations, picks up at the first run the
 * leases the table says this worker owns, then takes and steals what {@link computeLeasesToTake}
 * decides. A failed scan throws; failed takes go to `onError`.
 */
export async function scanAndTake(state: CoordinatorState, settings: TakerSettings): Promise<void> {
  const leases = await state.table.listLeases();
  const scannedAt = state.now();
  state.observations = observeLeases(state.observations, leases, scannedAt);
  state.lastScan = leases;
  if (!state.initialized) {
    state.initialized = true;
    // As the KCL, a lease in a KCL 3.x handoff (checkpointOwner set) is not picked up.
    const mine = leases.filter(
      (lease) =>
        lease.leaseOwner === state.workerId &&
        lease.checkpointOwner === undefined &&
        !state.held.has(lease.leaseKey),
    );
    const renewals = mine.map((lease) => renewLease(state, lease.leaseKey, lease));
    reportRejections(state, await Promise.allSettled(renewals));
  }
  const decision = computeLeasesToTake({
    leases,
    workerId: state.workerId,
    observations: state.observations,
    now: scannedAt,
    failoverTimeMs: state.failoverTimeMs,
    ...settings,
  });
  const attempts = [
    ...decision.take
      .filter((lease) => !(lease.leaseOwner === state.workerId && isHeld(state, lease.leaseKey)))
      .map((lease) => takeLease(state, lease, false)),
    ...decision.steal.map((lease) => takeLease(state, lease, true)),
  ];
  reportRejections(state, await Promise.allSettled(attempts));
}
