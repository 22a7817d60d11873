// Kinesis facts the aggregation API is stated in; their home is @kds/core.
export { InvalidOptionError, MAX_HASH_KEY, MAX_PARTITION_KEY_LENGTH } from '@kds/core';
export type { Aggregator, AggregatorOptions } from './aggregator.js';
export { createAggregator } from './aggregator.js';
export {
  AGGREGATE_MAGIC,
  AGGREGATE_OVERHEAD_BYTES,
  AGGREGATE_PARTITION_KEY,
  DEFAULT_AGGREGATION_MAX_COUNT,
  DEFAULT_AGGREGATION_MAX_SIZE,
  MAX_AGGREGATION_MAX_SIZE,
  MD5_DIGEST_BYTES,
  MIN_AGGREGATION_MAX_SIZE,
} from './constants.js';
export type { DecodeAggregateOptions } from './decode-aggregate.js';
export { decodeAggregate, isAggregate } from './decode-aggregate.js';
export { encodeAggregate } from './encode-aggregate.js';
export {
  AggregationError,
  AggregationErrorCode,
  EmptyAggregateError,
  InvalidRecordCode,
  InvalidRecordError,
  MalformedAggregateCode,
  MalformedAggregateError,
} from './errors.js';
export { hashKeyOf } from './hash-key.js';
export type {
  AggregateTag,
  DeaggregatedRecord,
  DecodeAggregateResult,
  FlushedRecord,
  UserRecord,
} from './types.js';
