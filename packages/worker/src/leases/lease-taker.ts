import {
  DEFAULT_MAX_LEASES_TO_STEAL_AT_ONE_TIME,
  VERY_OLD_LEASE_MULTIPLIER,
} from '../constants.js';
import { InvalidOptionError } from '../errors.js';
import type { Lease } from './lease.js';

/**
 * What a worker remembers of a lease between two scans: the `leaseCounter` it last saw and when
 * (by its own monotonic clock) it first saw that value. `-Infinity` means "never renewed": the KCL
 * treats a lease it first sees without owner that way.
 */
export interface LeaseObservation {
  readonly counter: number;
  readonly firstSeenAt: number;
}

/** Observations by lease key. */
export type LeaseObservations = ReadonlyMap<string, LeaseObservation>;

/**
 * The observations after a scan, as the KCL's taker keeps them: a lease seen before with the same
 * counter keeps its time; a changed counter is dated `now`; a lease seen for the first time is
 * dated `now` when owned and "never renewed" (`-Infinity`) when not; leases no longer in the
 * table are forgotten.
 *
 * @example
 * ```ts
 * import { observeLeases, type LeaseObservations } from '@kds/worker';
 *
 * let observations: LeaseObservations = new Map();
 * const afterScan = (leases: Parameters<typeof observeLeases>[1]): void => {
 *   observations = observeLeases(observations, leases, performance.now());
 * };
 * ```
 */
export function observeLeases(
  previous: LeaseObservations,
  leases: readonly Lease[],
  now: number,
): Map<string, LeaseObservation> {
  const next = new Map<string, LeaseObservation>();
  for (const lease of leases) {
    const before = previous.get(lease.leaseKey);
    if (before !== undefined) {
      next.set(
        lease.leaseKey,
        before.counter === lease.leaseCounter
          ? before
          : { counter: lease.leaseCounter, firstSeenAt: now },
      );
    } else {
      next.set(lease.leaseKey, {
        counter: lease.leaseCounter,
        firstSeenAt: lease.leaseOwner === undefined ? Number.NEGATIVE_INFINITY : now,
      });
    }
  }
  return next;
}

/** Input of {@link computeLeasesToTake}. */
export interface LeaseTakeInput {
  /** Every lease of the last scan. */
  readonly leases: readonly Lease[];
  /** This worker's id (`leaseOwner` of the leases it holds). */
  readonly workerId: string;
  /** The observations after that scan ({@link observeLeases}). */
  readonly observations: LeaseObservations;
  /** The monotonic time of the decision, same clock as the observations. */
  readonly now: number;
  /** A lease whose counter has not changed for longer than this is expired. */
  readonly failoverTimeMs: number;
  /** At most this many leases for this worker. Default `Infinity` (the KCL's `Integer.MAX_VALUE`). */
  readonly maxLeasesForWorker?: number;
  /** At most this many leases stolen per decision. Default {@link DEFAULT_MAX_LEASES_TO_STEAL_AT_ONE_TIME}. */
  readonly maxLeasesToStealAtOneTime?: number;
  /**
   * Take leases not renewed for {@link VERY_OLD_LEASE_MULTIPLIER} failover times (and new unowned
   * leases) first, up to `maxLeasesForWorker` regardless of the target, as the KCL's
   * `enablePriorityLeaseAssignment` (default `true`).
   */
  readonly priorityLeaseAssignment?: boolean;
  /** Random numbers in [0, 1) for the shuffles that spread workers over leases. Default `Math.random`. */
  readonly random?: () => number;
}

/** What {@link computeLeasesToTake} decided. */
export interface LeaseTakeDecision {
  /** Leases to take: expired or unowned ones, or very old ones taken with priority. */
  readonly take: readonly Lease[];
  /** Leases to steal from the most loaded worker (only when nothing is available to take). */
  readonly steal: readonly Lease[];
  /** Leases per worker this worker aims at (0 when the table is empty). */
  readonly target: number;
  /** Workers counted: owners of leases that are not available, plus this worker. */
  readonly workerCount: number;
}

/** Whether a lease may be taken: unowned, or its counter unchanged for longer than the failover time. */
function isAvailable(
  lease: Lease,
  observation: LeaseObservation | undefined,
  now: number,
  failoverTimeMs: number,
): boolean {
  if (lease.leaseOwner === undefined) return true;
  // A lease not observed yet has no age; the KCL treats it as expired too.
  if (observation === undefined || observation.counter !== lease.leaseCounter) return true;
  return now - observation.firstSeenAt > failoverTimeMs;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function positiveInteger(option: string, value: number): void {
  if (!(value >= 1) || (!Number.isInteger(value) && value !== Number.POSITIVE_INFINITY)) {
    throw new InvalidOptionError(
      option,
      `must be an integer of at least 1 (or Infinity); got ${value}`,
    );
  }
}

/**
 * The KCL's lease-taking decision (`DynamoDBLeaseTaker`), as a pure function. Workers are the
 * owners of leases that are not available, plus this worker; the target is
 * `ceil(leases / workers)` (1 when there are at least as many workers as leases), capped by
 * `maxLeasesForWorker`. In order:
 * 1. with priority assignment, very old leases (not renewed for 3 failover times, or unowned
 *    since first seen) are taken, up to `maxLeasesForWorker - held`, ignoring the target;
 * 2. otherwise, if this worker holds fewer than the target, available leases (unowned or expired)
 *    are taken up to the target;
 * 3. only when none is available, leases are stolen from the most loaded worker: if it holds at
 *    least the target, `min(needed, its excess)` of them, at least 1 when this worker needs more
 *    than 1, at most `maxLeasesToStealAtOneTime`.
 *
 * @example
 * ```ts
 * import { computeLeasesToTake, observeLeases } from '@kds/worker';
 * import type { Lease } from '@kds/worker';
 *
 * declare const leases: Lease[];
 * const now = performance.now();
 * const observations = observeLeases(new Map(), leases, now);
 * const { take, steal } = computeLeasesToTake({ leases, workerId: 'worker-1', observations, now, failoverTimeMs: 10_000 });
 * console.log(`take ${take.length}, steal ${steal.length}`);
 * ```
 */
export function computeLeasesToTake(input: LeaseTakeInput): LeaseTakeDecision {
  const {
    leases,
    workerId,
    observations,
    now,
    failoverTimeMs,
    maxLeasesForWorker = Number.POSITIVE_INFINITY,
    maxLeasesToStealAtOneTime = DEFAULT_MAX_LEASES_TO_STEAL_AT_ONE_TIME,
    priorityLeaseAssignment = true,
    random = Math.random,
  } = input;
  positiveInteger('maxLeasesForWorker', maxLeasesForWorker);
  positiveInteger('maxLeasesToStealAtOneTime', maxLeasesToStealAtOneTime);

  const available: Lease[] = [];
  const counts = new Map<string, number>();
  for (const lease of leases) {
    if (isAvailable(lease, observations.get(lease.leaseKey), now, failoverTimeMs)) {
      available.push(lease);
    } else if (lease.leaseOwner !== undefined) {
      counts.set(lease.leaseOwner, (counts.get(lease.leaseOwner) ?? 0) + 1);
    }
  }
  if (!counts.has(workerId)) counts.set(workerId, 0);
  const workerCount = counts.size;
  const nothing = (target: number): LeaseTakeDecision => ({
    take: [],
    steal: [],
    target,
    workerCount,
  });
  if (leases.length === 0) return nothing(0);

  const target =
    workerCount >= leases.length
      ? 1
      : Math.min(Math.ceil(leases.length / workerCount), maxLeasesForWorker);
  const mine = counts.get(workerId) ?? 0;

  if (priorityLeaseAssignment) {
    const threshold = now - VERY_OLD_LEASE_MULTIPLIER * failoverTimeMs;
    const veryOld = leases.filter((lease) => {
      const observation = observations.get(lease.leaseKey);
      return observation !== undefined && observation.firstSeenAt < threshold;
    });
    if (veryOld.length > 0) {
      const count = Math.max(0, Math.min(maxLeasesForWorker - mine, veryOld.length));
      return { take: shuffled(veryOld, random).slice(0, count), steal: [], target, workerCount };
    }
  }

  const needed = target - mine;
  if (needed <= 0) return nothing(target);
  if (available.length > 0) {
    return { take: shuffled(available, random).slice(0, needed), steal: [], target, workerCount };
  }

  let mostLoaded: [string, number] | undefined;
  for (const entry of counts) {
    if (mostLoaded === undefined || mostLoaded[1] < entry[1]) mostLoaded = entry;
  }
  if (mostLoaded === undefined || mostLoaded[1] < target) return nothing(target);
  let toSteal = Math.min(needed, mostLoaded[1] - target);
  if (needed > 1 && toSteal === 0) toSteal = 1;
  toSteal = Math.min(toSteal, maxLeasesToStealAtOneTime);
  if (toSteal <= 0) return nothing(target);
  const owner = mostLoaded[0];
  const candidates = leases.filter((lease) => lease.leaseOwner === owner);
  return { take: [], steal: shuffled(candidates, random).slice(0, toSteal), target, workerCount };
}
