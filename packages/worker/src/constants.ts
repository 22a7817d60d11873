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
