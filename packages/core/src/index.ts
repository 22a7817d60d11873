export {
  CoreErrorCode,
  type ErrorCodeOf,
  InvalidOptionError,
  KdsError,
  withCode,
} from './errors.js';
export {
  HASH_KEY_BYTES,
  HASH_KEY_SPACE,
  hashKeyBytesOfPartitionKey,
  hashKeyFromBytes,
  hashKeyOfPartitionKey,
  hashKeyToBytes,
  isValidExplicitHashKey,
  isValidPartitionKey,
  MAX_HASH_KEY,
  parseHashKey,
  partitionKeyLength,
  routingHashKey,
} from './hash-key.js';
export type {
  BatchItemFailure,
  FilterCriteria,
  KinesisRecordPayload,
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamRecord,
} from './lambda-event.js';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_MAX_RECORD_BYTES,
  GET_RECORDS_CALLS_PER_SECOND,
  MAX_BATCH_SIZE,
  MAX_FILTER_PATTERNS,
  MAX_GET_RECORDS_BYTES,
  MAX_GET_RECORDS_LIMIT,
  MAX_INVOCATION_PAYLOAD_BYTES,
  MAX_MAXIMUM_BATCHING_WINDOW_IN_SECONDS,
  MAX_MAXIMUM_RECORD_AGE_IN_SECONDS,
  MAX_MAXIMUM_RETRY_ATTEMPTS,
  MAX_PARALLELIZATION_FACTOR,
  MAX_PARTITION_KEY_LENGTH,
  MAX_PUT_RECORDS_BYTES,
  MAX_PUT_RECORDS_COUNT,
  MAX_RECORD_BYTES_CEILING,
  MAX_RETENTION_HOURS,
  MIB,
  MIN_GET_RECORDS_INTERVAL_MS,
  MIN_MAXIMUM_RECORD_AGE_IN_SECONDS,
  MIN_RETENTION_HOURS,
  SHARD_BYTES_PER_SECOND,
  SHARD_READ_BYTES_PER_SECOND,
  SHARD_RECORDS_PER_SECOND,
} from './limits.js';
export { md5 } from './md5.js';
export { compareSequenceNumbers, isSequenceNumber } from './sequence-numbers.js';
export type {
  HashKeyRange,
  ResolvedHashKeyRange,
  ShardDescription,
  ShardPredictor,
} from './shard-prediction.js';
export {
  createShardPredictor,
  evenHashKeyRanges,
  isInHashKeyRange,
  resolveHashKeyRange,
} from './shard-prediction.js';
