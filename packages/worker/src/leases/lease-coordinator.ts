import {
  DEFAULT_FAILOVER_TIME_MS,
  DEFAULT_MAX_LEASES_TO_STEAL_AT_ONE_TIME,
  KCL_EPSILON_MS,
} from '../constants.js';
import { InvalidOptionError } from '../errors.js';
import {
  type CoordinatorState,
  isFresh,
  isHeld,
  type LeaseCoordinatorStats,
  type LeaseLostReason,
  type LeaseTakenInfo,
  report,
} from './coordinator-state.js';
import { createKeyedQueue } from './keyed-queue.js';
import type { ExtendedSequenceNumber, Lease } from './lease.js';
import { checkpointLease, releaseHeldLeases, releaseLease } from './lease-handover.js';
import { renewHeldLeases } from './lease-renewal.js';
import { createLeaseTable, type DynamoDbClientOptions, type LeaseTable } from './lease-table.js';
import { computeLeasesToTake } from './lease-taker.js';
import { scanAndTake, type TakerSettings } from './lease-taking.js';

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
  onLeaseTaken?: (lease: Lease, taken: LeaseTakenInfo) => void;
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
  /**
   * Releases every held lease, for a graceful shutdown; errors go to `onError`. Call it after
   * `stop()`, or the taker may take the released leases back.
   */
  releaseAll(): Promise<void>;
  /** Every lease of the last scan (for checks such as "are the parents done"). */
  listLeases(): Lease[];
  /** Counters since creation. */
  stats(): LeaseCoordinatorStats;
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
  const settings: TakerSettings = {
    maxLeasesForWorker,
    maxLeasesToStealAtOneTime,
    priorityLeaseAssignment,
    random,
  };
  // Validates maxLeasesForWorker and maxLeasesToStealAtOneTime now rather than at the first scan.
  computeLeasesToTake({
    leases: [],
    workerId,
    observations: new Map(),
    now: 0,
    failoverTimeMs,
    ...settings,
  });

  const state: CoordinatorState = {
    table:
      options.leaseTable ??
      createLeaseTable(
        options.client === undefined
          ? { tableName: options.tableName as string, clientConfig: options.clientConfig ?? {} }
          : { tableName: options.tableName as string, client: options.client },
      ),
    workerId,
    failoverTimeMs,
    now,
    queue: createKeyedQueue(),
    held: new Map(),
    counters: { taken: 0, stolen: 0, lost: 0, renewals: 0, released: 0 },
    observations: new Map(),
    lastScan: [],
    initialized: false,
    onLeaseTaken: options.onLeaseTaken,
    onLeaseLost: options.onLeaseLost,
    onError: options.onError,
  };
  let running = false;
  const handles = new Set<unknown>();
  const inFlight = new Set<Promise<void>>();

  /** Runs `run` every `intervalMs` (less its own duration), never two at once, while running. */
  function loop(intervalMs: number, run: () => Promise<void>, delayMs: number): void {
    if (!running) return;
    const handle = timers.setTimeout(() => {
      handles.delete(handle);
      if (!running) return;
      const startedAt = now();
      const work = run().catch((error: unknown) => report(state, error));
      inFlight.add(work);
      void work.then(() => {
        inFlight.delete(work);
        loop(intervalMs, run, Math.max(0, intervalMs - (now() - startedAt)));
      });
    }, delayMs);
    handles.add(handle);
  }

  return {
    async start() {
      if (running) return;
      running = true;
      try {
        await scanAndTake(state, settings);
      } catch (error) {
        running = false;
        throw error;
      }
      loop(renewIntervalMs, () => renewHeldLeases(state), renewIntervalMs);
      loop(takeIntervalMs, () => scanAndTake(state, settings), takeIntervalMs);
    },

    async stop() {
      running = false;
      for (const handle of handles) timers.clearTimeout(handle);
      handles.clear();
      await Promise.all(inFlight);
      await state.queue.idle();
    },

    heldLeases() {
      return [...state.held.values()]
        .filter((entry) => isFresh(state, entry))
        .map((entry) => entry.lease);
    },

    isHeld: (leaseKey) => isHeld(state, leaseKey),

    checkpoint: (leaseKey, checkpoint, pendingCheckpoint) =>
      checkpointLease(state, leaseKey, checkpoint, pendingCheckpoint),

    release: (leaseKey) => releaseLease(state, leaseKey),

    releaseAll: () => releaseHeldLeases(state),

    listLeases() {
      return [...state.lastScan];
    },

    stats() {
      return { ...state.counters };
    },
  };
}
