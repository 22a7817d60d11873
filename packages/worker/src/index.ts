// Lease layer: the KCL lease table (DynamoDB), lease taking, renewal and checkpoints.
export {
  DEFAULT_FAILOVER_TIME_MS,
  DEFAULT_MAX_LEASES_TO_STEAL_AT_ONE_TIME,
  DEFAULT_TABLE_ACTIVE_TIMEOUT_MS,
  KCL_EPSILON_MS,
  TABLE_STATUS_POLL_INTERVAL_MS,
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
export type { LeaseCoordinatorStats } from './leases/coordinator-state.js';
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
  InitialPosition,
  SyncShardsOptions,
  SyncShardsResult,
} from './leases/shard-sync.js';
export { createChildShardLeases, planShardLeases, syncShards } from './leases/shard-sync.js';
