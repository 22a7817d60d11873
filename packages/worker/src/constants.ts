/**
 * The failover time of the KCL (`LeaseManagementConfig.failoverTimeMillis`, default 10 s): a
 * lease whose `leaseCounter` has not changed for this long, as seen by another worker, may be
 * taken by that worker. See docs/kcl-lease-table.md.
 */
export const DEFAULT_FAILOVER_TIME_MS = 10_000;

/**
 * The KCL's `epsilonMillis` (25 ms): renewals run `epsilon` before a third of the failover time,
 * and the taker waits `epsilon` past twice the failover time.
 */
export const KCL_EPSILON_MS = 25;

/** The KCL's default `maxLeasesToStealAtOneTime`: at most one lease stolen per taker run. */
export const DEFAULT_MAX_LEASES_TO_STEAL_AT_ONE_TIME = 1;

/**
 * The KCL's `veryOldLeaseDurationNanosMultiplier` (3): a lease not renewed for 3 failover times
 * (or never renewed and unowned) is taken first, regardless of the per-worker target.
 */
export const VERY_OLD_LEASE_MULTIPLIER = 3;

/** How often `createLeaseTableIfNotExists` asks DynamoDB whether the new table is ACTIVE. */
export const TABLE_STATUS_POLL_INTERVAL_MS = 1_000;

/** How long `createLeaseTableIfNotExists` waits for the table to become ACTIVE before failing. */
export const DEFAULT_TABLE_ACTIVE_TIMEOUT_MS = 300_000;

/**
 * Records asked of each GetRecords call: Kinesis's maximum (KCL `PollingConfig.maxRecords`).
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html
 */
export const DEFAULT_MAX_RECORDS = 10_000;

/**
 * Pause after a GetRecords call that returned nothing (KCL `idleTimeBetweenReadsInMillis`): with
 * several consumers of one stream, each shard allows 5 GetRecords calls per second in all.
 * https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
 */
export const DEFAULT_IDLE_TIME_BETWEEN_READS_MS = 1_000;

/** How often a shard waiting for its parents looks at their leases again (KCL `parentShardPollIntervalMillis`). */
export const DEFAULT_PARENT_SHARD_POLL_INTERVAL_MS = 10_000;

/** How often the worker lists the stream's shards to create leases for new ones (KCL `shardSyncIntervalMillis`). */
export const DEFAULT_SHARD_SYNC_INTERVAL_MS = 60_000;

/** First retry delay of a batch the processor failed; doubles each attempt, full jitter. */
export const DEFAULT_RETRY_BASE_DELAY_MS = 100;

/** Largest retry delay of a batch the processor failed. */
export const DEFAULT_RETRY_MAX_DELAY_MS = 10_000;

/** Attempts at a failing record before `onRecordFailed` and a checkpoint past it: never, by default. */
export const DEFAULT_MAX_ATTEMPTS = Number.POSITIVE_INFINITY;

/** How often `onMetrics` receives a snapshot. */
export const DEFAULT_METRICS_INTERVAL_MS = 60_000;

/** Signals on which a worker stops gracefully by default. */
export const DEFAULT_STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** Where a shard stands for one worker, as `worker.leases()` reports it. */
export const ShardConsumerState = {
  /** Held, waiting for every parent shard to be read to its end (`SHARD_END`). */
  WaitingForParents: 'WAITING_FOR_PARENTS',
  /** Held and being read. */
  Reading: 'READING',
  /** Read to its end and checkpointed `SHARD_END`. */
  Ended: 'ENDED',
  /** Being handed back: the batch in hand is finished and checkpointed, then the lease released. */
  ShuttingDown: 'SHUTTING_DOWN',
} as const;

/** One of {@link ShardConsumerState}. */
export type ShardConsumerState = (typeof ShardConsumerState)[keyof typeof ShardConsumerState];

/**
 * Where a shard without a checkpoint is read from: one of these, or `{ atTimestamp: Date }`.
 *
 * @example
 * ```ts
 * import { InitialPosition } from '@kds/worker';
 *
 * const position = process.env.FROM_START === 'true' ? InitialPosition.TrimHorizon : InitialPosition.Latest;
 * ```
 */
export const InitialPosition = {
  /** The oldest record the stream keeps. */
  TrimHorizon: 'TRIM_HORIZON',
  /** Only what arrives after the shard's lease is first read. */
  Latest: 'LATEST',
} as const;

/** One of {@link InitialPosition}, or a time: where a shard without a checkpoint is read from. */
export type InitialPosition =
  | (typeof InitialPosition)[keyof typeof InitialPosition]
  | { readonly atTimestamp: Date };

/** The lease table is scanned for leases to take this many times per failover time. */
export const TAKE_INTERVALS_PER_FAILOVER_TIME = 10;

/** A held lease is renewed this many times per failover time (the KCL's renewer). */
export const RENEWALS_PER_FAILOVER_TIME = 3;

/**
 * A worker that steals a lease waits this many renewal intervals before it reads the shard, so the
 * last owner's next renewal has found the lease gone and stopped its deliveries (the KCL does not
 * wait, and both may deliver the same records meanwhile). Two, so that a renewal timer running
 * late on a busy machine is covered too.
 */
export const STOLEN_LEASE_DELAY_RENEWALS = 2;
