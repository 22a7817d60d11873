export { createKinesisClient, DEFAULT_MAX_SOCKETS } from './client.js';
export {
  DEFAULT_AGGREGATED_MAX_BUFFERED_RECORDS,
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_MAX_BUFFERED_RECORDS,
  DEFAULT_MAX_BUFFERED_TIME_MS,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_MAX_RECORD_BYTES,
  DEFAULT_METRICS_INTERVAL_MS,
  DEFAULT_RATE_LIMIT_PERCENT,
  DEFAULT_RECORD_TTL_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  DEFAULT_SHARD_MAP_REFRESH_MS,
  MAX_BYTES_PER_REQUEST,
  MAX_HASH_KEY,
  MAX_PARTITION_KEY_LENGTH,
  MAX_RECORD_BYTES_CEILING,
  MAX_RECORDS_PER_REQUEST,
  OnFull,
  Ordering,
  PutRecordsErrorCode,
  SHARD_BYTES_PER_SECOND,
  SHARD_RECORDS_PER_SECOND,
} from './constants.js';
export {
  BufferFullError,
  InvalidDataError,
  InvalidHashKeyError,
  InvalidOptionError,
  InvalidPartitionKeyError,
  ProducerClosedError,
  ProducerError,
  ProducerErrorCode,
  PutAbortedError,
  RecordExpiredError,
  RecordThrottledError,
  RecordTooLargeError,
  RequestFailedError,
  RequestTimeoutError,
  ShardMapUnavailableError,
} from './errors.js';
export type { LatencyPercentiles } from './latency-histogram.js';
export type {
  PartitionKeyChoice,
  PartitionKeyContext,
  PartitionKeyStrategy,
} from './partition-keys.js';
export {
  constant,
  DEFAULT_FIELDS_SEPARATOR,
  DEFAULT_RANDOM_KEY_RANGE,
  field,
  fields,
  hashKeyRoundRobin,
  random,
} from './partition-keys.js';
export { createProducer } from './producer.js';
export type { ShardInfo } from './shard-map.js';
export type {
  ClientOption,
  HeldBackMetrics,
  OnFullValue,
  OrderingValue,
  Producer,
  ProducerMetrics,
  ProducerOptions,
  ProducerSettings,
  PutOptions,
  PutOutcome,
  PutResult,
  StreamOption,
} from './types.js';
