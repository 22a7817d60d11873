// The read limiter moved to @kds/reader; @kds/local still exports it from there.

// Kinesis and Lambda facts this package's API is stated in; their home is @kds/core.
export type { FilterCriteria } from '@kds/core';
export { InvalidOptionError, MAX_FILTER_PATTERNS } from '@kds/core';
export type { ShardReadLimiter } from '@kds/reader';
export { createShardReadLimiter } from '@kds/reader';
export type { CheckpointScope, CheckpointStore } from './checkpoint-store.js';
export { createMemoryCheckpointStore } from './checkpoint-store.js';
export * from './client-config.js';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CONSUMER_NAME,
  DEFAULT_FUNCTION_NAME,
  DEFAULT_MAXIMUM_BATCHING_WINDOW_IN_SECONDS,
  DEFAULT_MAXIMUM_RECORD_AGE_IN_SECONDS,
  DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
  DEFAULT_PARALLELIZATION_FACTOR,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_RESHARD_TIMEOUT_MS,
  DEFAULT_RETRY_DELAY_MS,
  DEFAULT_WAIT_TIMEOUT_MS,
  LOCAL_ACCOUNT_ID,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  MAX_BATCH_SIZE,
  MAX_FILTERS,
  MAX_MAXIMUM_BATCHING_WINDOW_IN_SECONDS,
  MAX_MAXIMUM_RECORD_AGE_IN_SECONDS,
  MAX_MAXIMUM_RETRY_ATTEMPTS,
  MAX_PARALLELIZATION_FACTOR,
  MIN_POLL_INTERVAL_MS,
  SHARD_END,
} from './constants.js';
export * from './dynamodb-checkpoint-store.js';
export {
  InvalidFilterCriteriaError,
  InvalidShardCountError,
  LocalError,
  LocalErrorCode,
  MalformedResponseError,
  PartialBatchFailureError,
  ReshardError,
  WaitTimeoutError,
  WindowStateTooLargeError,
} from './errors.js';
export * from './event.js';
export type { TriggerSource } from './event-source.js';
export * from './filter-criteria.js';
export type {
  FailedBatchDetails,
  KinesisBatchInfo,
  OnFailureDestination,
  OnFailureRecord,
} from './on-failure.js';
export { createJsonLinesDestination, OnFailureCondition } from './on-failure.js';
export * from './process-env.js';
export * from './reshard.js';
export * from './streams.js';
export * from './trigger.js';
export type {
  EventSourceMappingSettings,
  KinesisHandler,
  KinesisWindowHandler,
  LocalInvocationContext,
  LocalPollerSettings,
  LocalTriggerOptions,
} from './trigger-options.js';
export { FunctionResponseType, StartingPosition } from './trigger-options.js';
