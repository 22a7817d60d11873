export * from './client.js';
export {
  DEFAULT_GET_RECORDS_LIMIT,
  DEFAULT_STREAM_ACTIVE_TIMEOUT_MS,
  MAX_BACKOFF_MS,
  MAX_CONSUMERS_PER_STREAM,
  MAX_GET_RECORDS_LIMIT,
  MIN_READ_INTERVAL_MS,
  SUBSCRIPTION_LIFETIME_MS,
  THROTTLED_BACKOFF_BASE_MS,
  TRANSIENT_BACKOFF_BASE_MS,
} from './constants.js';
export {
  InvalidOptionError,
  ReadAbortedError,
  ReaderError,
  ReaderErrorCode,
  ShardReadError,
  WaitTimeoutError,
} from './errors.js';
export * from './fan-out-reader.js';
export * from './read-limiter.js';
export * from './shard-lineage.js';
export * from './shard-reader.js';
export * from './stream-consumers.js';
export type { StreamReference, WaitForStreamActiveOptions } from './streams.js';
export { listShards, waitForStreamActive } from './streams.js';
export type { StreamOption } from './types.js';
