import type { KeyedQueue } from './keyed-queue.js';
import type { Lease } from './lease.js';
import type { LeaseTable } from './lease-table.js';
import type { LeaseObservations } from './lease-taker.js';

/**
 * Why the coordinator stopped holding a lease.
 *
 * @example
 * ```ts
 * import { LeaseLostReason } from '@kds/worker';
 *
 * const stolen = (reason: string): boolean => reason === LeaseLostReason.ConditionFailed;
 * ```
 */
export const LeaseLostReason = {
  /** A renewal or checkpoint found another counter or owner: another worker took the lease. */
  ConditionFailed: 'CONDITION_FAILED',
  /** No renewal succeeded within the failover time (e.g. DynamoDB errors): others may take it. */
  Expired: 'EXPIRED',
} as const;

/** One of {@link LeaseLostReason}. */
export type LeaseLostReason = (typeof LeaseLostReason)[keyof typeof LeaseLostReason];

/** Counters of what a coordinator did since it was created. */
export interface LeaseCoordinatorStats {
  /** Leases taken (stolen ones and leases found owned at start included). */
  readonly taken: number;
  /** Leases taken from a worker that was still renewing them. */
  readonly stolen: number;
  /** Leases lost (see {@link LeaseLostReason}). */
  readonly lost: number;
  /** Successful renewals. */
  readonly renewals: number;
  /** Leases released with `release` or `releaseAll`. */
  readonly released: number;
}

/** A lease this worker holds and when its last successful write was sent. */
export interface HeldLease {
  readonly lease: Lease;
  readonly renewedAt: number;
}

/** What the taking, renewal, checkpoint and release modules of one coordinator share. */
export interface CoordinatorState {
  readonly table: LeaseTable;
  readonly workerId: string;
  readonly failoverTimeMs: number;
  readonly now: () => number;
  /** Renewals, takes, checkpoints and releases of one lease run one after another. */
  readonly queue: KeyedQueue;
  readonly held: Map<string, HeldLease>;
  readonly counters: { -readonly [K in keyof LeaseCoordinatorStats]: number };
  observations: LeaseObservations;
  lastScan: Lease[];
  /** Whether the first scan (which picks up the leases this worker already owns) has run. */
  initialized: boolean;
  readonly onLeaseTaken: ((lease: Lease, taken: LeaseTakenInfo) => void) | undefined;
  readonly onLeaseLost: ((leaseKey: string, reason: LeaseLostReason) => void) | undefined;
  readonly onError: ((error: unknown) => void) | undefined;
}

/** Hands an error to `onError`; an error handler that throws is ignored so timers keep running. */
export function report(state: CoordinatorState, error: unknown): void {
  try {
    state.onError?.(error);
  } catch {
    // Nothing left to report it to.
  }
}

/** Reports the rejections of settled background operations. */
export function reportRejections(
  state: CoordinatorState,
  results: readonly PromiseSettledResult<unknown>[],
): void {
  for (const result of results) if (result.status === 'rejected') report(state, result.reason);
}

function notify(state: CoordinatorState, callback: () => void): void {
  try {
    callback();
  } catch (error) {
    report(state, error);
  }
}

/** Whether the last successful write on a held lease was sent less than the failover time ago. */
export function isFresh(state: CoordinatorState, entry: HeldLease): boolean {
  return state.now() - entry.renewedAt < state.failoverTimeMs;
}

/** Whether this worker holds the lease now. */
export function isHeld(state: CoordinatorState, leaseKey: string): boolean {
  const entry = state.held.get(leaseKey);
  return entry !== undefined && isFresh(state, entry);
}

/** Stops holding a lease and says so (once). */
export function loseLease(
  state: CoordinatorState,
  leaseKey: string,
  reason: LeaseLostReason,
): void {
  if (!state.held.delete(leaseKey)) return;
  state.counters.lost += 1;
  notify(state, () => state.onLeaseLost?.(leaseKey, reason));
}

/** How a lease came to be held, as `onLeaseTaken` is told. */
export interface LeaseTakenInfo {
  /** Taken from a worker that was still renewing it (to balance the load), not expired or free. */
  readonly stolen: boolean;
  /** Its owner before, as the last scan saw it; this worker's id for a lease found owned at start. */
  readonly previousOwner: string | undefined;
}

/** Records a successful write sent at `sentAt`; a lease not held before is announced as taken. */
export function holdLease(
  state: CoordinatorState,
  lease: Lease,
  sentAt: number,
  taken: LeaseTakenInfo = { stolen: false, previousOwner: state.workerId },
): void {
  const before = state.held.get(lease.leaseKey);
  if (before !== undefined && !isFresh(state, before)) {
    loseLease(state, lease.leaseKey, LeaseLostReason.Expired);
  }
  const wasHeld = state.held.has(lease.leaseKey);
  state.held.set(lease.leaseKey, { lease, renewedAt: sentAt });
  if (!wasHeld) {
    state.counters.taken += 1;
    notify(state, () => state.onLeaseTaken?.(lease, taken));
  }
}
