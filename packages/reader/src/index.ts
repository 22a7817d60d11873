export type { KinesisClientOptions } from './client.js';
export { createKinesisClient } from './client.js';
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
export type { FanOutShardReaderOptions } from './fan-out-reader.js';
export { createFanOutShardReader } from './fan-out-reader.js';
export type { ShardReadLimiter, ShardReadLimiterOptions } from './read-limiter.js';
export { createShardReadLimiter, sharedShardReadLimiter } from './read-limiter.js';
export type { LineageShard } from './shard-lineage.js';
export { closedShardsSkippedAtLatest, parentShardIds, readableShards } from './shard-lineage.js';
export type {
  ShardReader,
  ShardReaderOptions,
  ShardReaderSettings,
  ShardReadResult,
  StartPosition,
} from './shard-reader.js';
export { createShardReader } from './shard-reader.js';
export type {
  RegisterStreamConsumerOptions,
  StreamConsumer,
  StreamConsumerReference,
} from './stream-consumers.js';
export {
  deregisterStreamConsumer,
  registerStreamConsumer,
  streamARNOfConsumer,
} from './stream-consumers.js';
export type { StreamReference, WaitForStreamActiveOptions } from './streams.js';
export { listShards, waitForStreamActive } from './streams.js';
export type { StreamOption } from './types.js';
