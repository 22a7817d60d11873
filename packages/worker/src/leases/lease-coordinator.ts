import {
  DEFAULT_FAILOVER_TIME_MS,
  DEFAULT_MAX_LEASES_TO_STEAL_AT_ONE_TIME,
  KCL_EPSILON_MS,
} from '../constants.js';
import { InvalidOptionError, LeaseLostError } from '../errors.js';
import { createKeyedQueue } from './keyed-queue.js';
import { assertExtendedSequenceNumber, type ExtendedSequenceNumber, type Lease } from './lease.js';
import { createLeaseTable, type DynamoDbClientOptions, type LeaseTable } from './lease-table.js';
import { computeLeasesToTake, type LeaseObservations, observeLeases } from './lease-taker.js';

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

/** Timers the coordinator schedules with; inject fakes in tests. */
export interface CoordinatorTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Where the coordinator finds its lease table: a {@link LeaseTable}, or a name and a DynamoDB client. */
export type LeaseTableSource =
  | { leaseTable: LeaseTable; tableName?: never; client?: never; clientConfig?: never }
  | ({ leaseTable?: never; tableName: string } & DynamoDbClientOptions);

/** Options of {@link createLeaseCoordinator}. */
export type LeaseCoordinatorOptions = LeaseTableSource & {
  /** This worker's id, written as `leaseOwner`; unique among the workers sharing the table. */
  workerId: string;
  /** The KCL's failover time. Default {@link DEFAULT_FAILOVER_TIME_MS}; use the KCL application's value. */
  failoverTimeMs?: number;
  /** How often held leases are renewed. Default a third of the failover time less 25 ms, as the KCL. */
  renewIntervalMs?: number;
  /** How often the table is scanned for leases to take. Default twice the failover time plus 50 ms, as the KCL. */
  takeIntervalMs?: number;
  /** At most this many leases for this worker. Default `Infinity`. */
  maxLeasesForWorker?: number;
  /** At most this many leases stolen per scan. Default {@link DEFAULT_MAX_LEASES_TO_STEAL_AT_ONE_TIME}. */
  maxLeasesToStealAtOneTime?: number;
  /** Take very old and new unowned leases first, as the KCL's default. Default `true`. */
  priorityLeaseAssignment?: boolean;
  /** Called once a lease is held (taken, stolen, or found owned by this worker at start). */
  onLeaseTaken?: (lease: Lease) => void;
  /** Called once a held lease is lost; stop processing its shard. Not called for `release`. */
  onLeaseLost?: (leaseKey: string, reason: LeaseLostReason) => void;
  /** Called for errors of the background renewals and scans (they are retried on the next run). */
  onError?: (error: unknown) => void;
  /** A monotonic clock in milliseconds. Default `performance.now`. */
  now?: () => number;
  /** Default the global timers. */
  timers?: CoordinatorTimers;
  /** Random numbers in [0, 1) for the taker's shuffles. Default `Math.random`. */
  random?: () => number;
};

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

/** A running lease coordinator: see {@link createLeaseCoordinator}. */
export interface LeaseCoordinator {
  /** Takes the leases this worker already owns, runs a first scan and take, then renews and takes on timers. */
  start(): Promise<void>;
  /** Stops the timers and waits for the calls under way. Leases are not released: they expire. */
  stop(): Promise<void>;
  /** The leases held now (renewed within the failover time), as last written. */
  heldLeases(): Lease[];
  /**
   * Whether this worker holds the lease: true only while the last successful write was sent less
   * than the failover time ago, so a worker that cannot renew stops before another may take it.
   */
  isHeld(leaseKey: string): boolean;
  /**
   * Writes a checkpoint, after any renewal of the same lease under way. Throws
   * {@link InvalidOptionError} for a position that is not digits or a sentinel,
   * {@link LeaseLostError} when the lease is not held or its condition fails (the lease is then
   * lost and `onLeaseLost` is called), {@link LeaseTableError} for other failures.
   */
  checkpoint(
    leaseKey: string,
    checkpoint: ExtendedSequenceNumber,
    pendingCheckpoint?: ExtendedSequenceNumber,
  ): Promise<void>;
  /** Gives a held lease up at once (removes the owner) so another worker can take it. Resolves whether it was released. */
  release(leaseKey: string): Promise<boolean>;
  /** Releases every held lease, for a graceful shutdown; errors go to `onError`. */
  releaseAll(): Promise<void>;
  /** Every lease of the last scan (for checks such as "are the parents done"). */
  listLeases(): Lease[];
  /** Counters since creation. */
  stats(): LeaseCoordinatorStats;
}

interface HeldLease {
  lease: Lease;
  /** When the last successful write on it was sent. */
  renewedAt: number;
}

const DEFAULT_TIMERS: CoordinatorTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function positive(option: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new InvalidOptionError(option, `must be a positive number of milliseconds; got ${value}`);
  }
}

/**
 * Runs the KCL's lease protocol for one worker: renews the leases it holds every third of the
 * failover time, scans the table and takes expired, unowned or (to balance) stolen leases, writes
 * checkpoints conditionally, and releases leases on shutdown. Renewals and checkpoints of one
 * lease never overlap.
 *
 * @example
 * ```ts
 * import { createLeaseCoordinator } from '@kds/worker';
 *
 * const coordinator = createLeaseCoordinator({
 *   tableName: 'my-kcl-application',
 *   clientConfig: { region: 'eu-west-1' },
 *   workerId: `worker-${process.pid}`,
 *   onLeaseTaken: (lease) => console.log('start reading', lease.leaseKey, 'after', lease.checkpoint.sequenceNumber),
 *   onLeaseLost: (leaseKey, reason) => console.log('stop reading', leaseKey, reason),
 * });
 * await coordinator.start();
 * // ... after processing records of a shard up to a sequence number:
 * await coordinator.checkpoint('shardId-000000000000', { sequenceNumber: '49590338271490256608559692538361571095921575989136588898', subSequenceNumber: 0 });
 * // on shutdown:
 * await coordinator.stop();
 * await coordinator.releaseAll();
 * ```
 */
export function createLeaseCoordinator(options: LeaseCoordinatorOptions): LeaseCoordinator {
  const {
    workerId,
    failoverTimeMs = DEFAULT_FAILOVER_TIME_MS,
    maxLeasesForWorker = Number.POSITIVE_INFINITY,
    maxLeasesToStealAtOneTime = DEFAULT_MAX_LEASES_TO_STEAL_AT_ONE_TIME,
    priorityLeaseAssignment = true,
    onLeaseTaken,
    onLeaseLost,
    onError,
    now = () => performance.now(),
    timers = DEFAULT_TIMERS,
    random = Math.random,
  } = options;
  if (typeof workerId !== 'string' || workerId.length === 0) {
    throw new InvalidOptionError('workerId', 'must be a non-empty string');
  }
  positive('failoverTimeMs', failoverTimeMs);
  const {
    renewIntervalMs = Math.max(1, failoverTimeMs / 3 - KCL_EPSILON_MS),
    takeIntervalMs = (failoverTimeMs + KCL_EPSILON_MS) * 2,
  } = options;
  positive('renewIntervalMs', renewIntervalMs);
  positive('takeIntervalMs', takeIntervalMs);
  if (renewIntervalMs >= failoverTimeMs) {
    throw new InvalidOptionError(
      'renewIntervalMs',
      `must be below failoverTimeMs (${failoverTimeMs}); got ${renewIntervalMs}`,
    );
  }
  // Validates maxLeasesForWorker and maxLeasesToStealAtOneTime now rather than at the first scan.
  computeLeasesToTake({
    leases: [],
    workerId,
    observations: new Map(),
    now: 0,
    failoverTimeMs,
    maxLeasesForWorker,
    maxLeasesToStealAtOneTime,
  });

  const table =
    options.leaseTable ??
    createLeaseTable(
      options.client === undefined
        ? { tableName: options.tableName as string, clientConfig: options.clientConfig ?? {} }
        : { tableName: options.tableName as string, client: options.client },
    );
  const queue = createKeyedQueue();
  const held = new Map<string, HeldLease>();
  let observations: LeaseObservations = new Map();
  let lastScan: Lease[] = [];
  let running = false;
  let initialized = false;
  const handles = new Set<unknown>();
  const inFlight = new Set<Promise<void>>();
  const counters = { taken: 0, stolen: 0, lost: 0, renewals: 0, released: 0 };

  const report = (error: unknown): void => {
    try {
      onError?.(error);
    } catch {
      // A failing error handler must not stop the timers.
    }
  };
  const notify = (callback: () => void): void => {
    try {
      callback();
    } catch (error) {
      report(error);
    }
  };
  const fresh = (entry: HeldLease): boolean => now() - entry.renewedAt < failoverTimeMs;

  function lose(leaseKey: string, reason: LeaseLostReason): void {
    if (!held.delete(leaseKey)) return;
    counters.lost += 1;
    notify(() => onLeaseLost?.(leaseKey, reason));
  }

  function hold(lease: Lease, sentAt: number): void {
    const before = held.get(lease.leaseKey);
    if (before !== undefined && !fresh(before)) lose(lease.leaseKey, LeaseLostReason.Expired);
    const wasHeld = held.has(lease.leaseKey);
    held.set(lease.leaseKey, { lease, renewedAt: sentAt });
    if (!wasHeld) {
      counters.taken += 1;
      notify(() => onLeaseTaken?.(lease));
    }
  }

  function renew(leaseKey: string, evenIfExpired: boolean, found?: Lease): Promise<void> {
    return queue.run(leaseKey, async () => {
      const entry = held.get(leaseKey);
      const lease = entry?.lease ?? found;
      if (lease === undefined) return;
      // As the KCL: an expired lease is not renewed (the application may already have been told
      // it is lost), except at start, before it was ever handed out.
      if (entry !== undefined && !fresh(entry) && !evenIfExpired) {
        lose(leaseKey, LeaseLostReason.Expired);
        return;
      }
      const sentAt = now();
      const result = await table.renewLease(lease);
      if (result.ok) {
        counters.renewals += 1;
        if (entry === undefined) hold(result.lease, sentAt);
        else held.set(leaseKey, { lease: result.lease, renewedAt: sentAt });
      } else {
        lose(leaseKey, LeaseLostReason.ConditionFailed);
      }
    });
  }

  async function renewAll(): Promise<void> {
    const results = await Promise.allSettled([...held.keys()].map((key) => renew(key, false)));
    for (const result of results) if (result.status === 'rejected') report(result.reason);
  }

  function take(lease: Lease, stolen: boolean): Promise<void> {
    return queue.run(lease.leaseKey, async () => {
      const sentAt = now();
      const result = await table.takeLease(lease, workerId);
      if (!result.ok) return;
      if (stolen) counters.stolen += 1;
      hold(result.lease, sentAt);
    });
  }

  async function scanAndTake(): Promise<void> {
    const leases = await table.listLeases();
    const scannedAt = now();
    observations = observeLeases(observations, leases, scannedAt);
    lastScan = leases;
    if (!initialized) {
      initialized = true;
      const mine = leases.filter(
        (lease) =>
          lease.leaseOwner === workerId &&
          lease.checkpointOwner === undefined &&
          !held.has(lease.leaseKey),
      );
      const renewed = await Promise.allSettled(
        mine.map((lease) => renew(lease.leaseKey, true, lease)),
      );
      for (const result of renewed) if (result.status === 'rejected') report(result.reason);
    }
    const decision = computeLeasesToTake({
      leases,
      workerId,
      observations,
      now: scannedAt,
      failoverTimeMs,
      maxLeasesForWorker,
      maxLeasesToStealAtOneTime,
      priorityLeaseAssignment,
      random,
    });
    const attempts = [
      ...decision.take
        .filter((lease) => !(lease.leaseOwner === workerId && isHeld(lease.leaseKey)))
        .map((lease) => take(lease, false)),
      ...decision.steal.map((lease) => take(lease, true)),
    ];
    const results = await Promise.allSettled(attempts);
    for (const result of results) if (result.status === 'rejected') report(result.reason);
  }

  function loop(intervalMs: number, run: () => Promise<void>, delayMs: number): void {
    if (!running) return;
    const handle = timers.setTimeout(() => {
      handles.delete(handle);
      if (!running) return;
      const startedAt = now();
      const work = run().catch(report);
      inFlight.add(work);
      void work.then(() => {
        inFlight.delete(work);
        loop(intervalMs, run, Math.max(0, intervalMs - (now() - startedAt)));
      });
    }, delayMs);
    handles.add(handle);
  }

  function isHeld(leaseKey: string): boolean {
    const entry = held.get(leaseKey);
    return entry !== undefined && fresh(entry);
  }

  async function release(leaseKey: string): Promise<boolean> {
    return queue.run(leaseKey, async () => {
      const entry = held.get(leaseKey);
      if (entry === undefined) return false;
      // Stop handing the lease out before the write: from here on this worker does not hold it.
      held.delete(leaseKey);
      const result = await table.evictLease(entry.lease);
      if (result.ok) counters.released += 1;
      return result.ok;
    });
  }

  return {
    async start() {
      if (running) return;
      running = true;
      try {
        await scanAndTake();
      } catch (error) {
        running = false;
        throw error;
      }
      loop(renewIntervalMs, renewAll, renewIntervalMs);
      loop(takeIntervalMs, scanAndTake, takeIntervalMs);
    },

    async stop() {
      running = false;
      for (const handle of handles) timers.clearTimeout(handle);
      handles.clear();
      await Promise.all(inFlight);
      await queue.idle();
    },

    heldLeases() {
      return [...held.values()].filter(fresh).map((entry) => entry.lease);
    },

    isHeld,

    async checkpoint(leaseKey, checkpoint, pendingCheckpoint) {
      assertExtendedSequenceNumber(checkpoint, 'checkpoint');
      if (pendingCheckpoint !== undefined) {
        assertExtendedSequenceNumber(pendingCheckpoint, 'pendingCheckpoint');
      }
      return queue.run(leaseKey, async () => {
        const entry = held.get(leaseKey);
        if (entry === undefined) throw new LeaseLostError(leaseKey, 'this worker does not hold it');
        if (!fresh(entry)) {
          lose(leaseKey, LeaseLostReason.Expired);
          throw new LeaseLostError(leaseKey, `not renewed within ${failoverTimeMs} ms`);
        }
        const sentAt = now();
        const result = await table.updateCheckpoint(entry.lease, checkpoint, pendingCheckpoint);
        if (!result.ok) {
          lose(leaseKey, LeaseLostReason.ConditionFailed);
          throw new LeaseLostError(
            leaseKey,
            'its counter or owner in the lease table changed (another worker took it)',
          );
        }
        held.set(leaseKey, { lease: result.lease, renewedAt: sentAt });
      });
    },

    release,

    async releaseAll() {
      const results = await Promise.allSettled([...held.keys()].map((key) => release(key)));
      for (const result of results) if (result.status === 'rejected') report(result.reason);
    },

    listLeases() {
      return [...lastScan];
    },

    stats() {
      return { ...counters };
    },
  };
}
