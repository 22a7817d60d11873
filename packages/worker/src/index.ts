// The worker: a lease-based consumer of one stream.

// Lease layer: the KCL lease table (DynamoDB), lease taking, renewal and checkpoints.
export {
  DEFAULT_FAILOVER_TIME_MS,
  DEFAULT_IDLE_TIME_BETWEEN_READS_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_LEASES_TO_STEAL_AT_ONE_TIME,
  DEFAULT_MAX_RECORDS,
  DEFAULT_METRICS_INTERVAL_MS,
  DEFAULT_PARENT_SHARD_POLL_INTERVAL_MS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  DEFAULT_SHARD_SYNC_INTERVAL_MS,
  DEFAULT_STOP_SIGNALS,
  DEFAULT_TABLE_ACTIVE_TIMEOUT_MS,
  InitialPosition,
  KCL_EPSILON_MS,
  ShardConsumerState,
  TABLE_STATUS_POLL_INTERVAL_MS,
  TAKE_INTERVALS_PER_FAILOVER_TIME,
  VERY_OLD_LEASE_MULTIPLIER,
} from './constants.js';
export {
  InvalidOptionError,
  LeaseLostError,
  LeaseTableError,
  ListShardsError,
  WorkerError,
  WorkerErrorCode,
} from './errors.js';
export type { LeaseCoordinatorStats, LeaseTakenInfo } from './leases/coordinator-state.js';
export { LeaseLostReason } from './leases/coordinator-state.js';
export type { ExtendedSequenceNumber, HashKeyRange, Lease, NewLeaseInput } from './leases/lease.js';
export {
  assertExtendedSequenceNumber,
  compareExtended,
  isSentinel,
  newLease,
  Sentinel,
} from './leases/lease.js';
export type {
  CoordinatorTimers,
  LeaseCoordinator,
  LeaseCoordinatorOptions,
  LeaseTableSource,
} from './leases/lease-coordinator.js';
export { createLeaseCoordinator } from './leases/lease-coordinator.js';
export {
  LEASE_ENTITY_TYPE,
  LeaseAttribute,
  leaseFromItem,
  leaseToItem,
} from './leases/lease-serializer.js';
export type {
  CreateLeaseTableOptions,
  DynamoDbClientOptions,
  LeaseTable,
  LeaseTableOptions,
  LeaseWriteResult,
} from './leases/lease-table.js';
export { createLeaseTable, LeaseWriteFailure } from './leases/lease-table.js';
export type {
  LeaseObservation,
  LeaseObservations,
  LeaseTakeDecision,
  LeaseTakeInput,
} from './leases/lease-taker.js';
export { computeLeasesToTake, observeLeases } from './leases/lease-taker.js';
export type {
  ChildShardLeasesResult,
  SyncShardsOptions,
  SyncShardsResult,
} from './leases/shard-sync.js';
export { createChildShardLeases, planShardLeases, syncShards } from './leases/shard-sync.js';
export type { LogLevel, WorkerLogEvent, WorkerLogger } from './logger.js';
export { jsonLogger } from './logger.js';
export type { ShardMetrics, WorkerMetrics } from './metrics.js';
export type {
  DynamoDbClientOption,
  FailedRecord,
  KinesisClientOption,
  WorkerOptions,
  WorkerProcessor,
  WorkerSettings,
  WorkerStreamOption,
  WorkerTransport,
} from './options.js';
export type { HeldLease, Worker } from './worker.js';
export { createWorker } from './worker.js';
