export { createKinesisClient } from './client.js';
export {
  DEFAULT_MAX_BUFFERED_TIME_MS,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_MAX_RECORD_BYTES,
  DEFAULT_RECORD_TTL_MS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  MAX_BYTES_PER_REQUEST,
  MAX_HASH_KEY,
  MAX_PARTITION_KEY_LENGTH,
  MAX_RECORD_BYTES_CEILING,
  MAX_RECORDS_PER_REQUEST,
  PutRecordsErrorCode,
} from './constants.js';
export {
  InvalidHashKeyError,
  InvalidPartitionKeyError,
  ProducerClosedError,
  ProducerError,
  RecordExpiredError,
  RecordTooLargeError,
  RequestFailedError,
} from './errors.js';
export type { PartitionKeyChoice, PartitionKeyStrategy } from './partition-keys.js';
export { constant, DEFAULT_RANDOM_KEY_RANGE, field, random } from './partition-keys.js';
export { createProducer } from './producer.js';
export type {
  ClientOption,
  Producer,
  ProducerMetrics,
  ProducerOptions,
  ProducerSettings,
  PutOptions,
  PutResult,
  StreamOption,
} from './types.js';
