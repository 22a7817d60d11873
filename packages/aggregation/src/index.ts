export type { Aggregator, AggregatorOptions } from './aggregator.js';
export { createAggregator } from './aggregator.js';
export {
  AGGREGATE_MAGIC,
  AGGREGATE_OVERHEAD_BYTES,
  AGGREGATE_PARTITION_KEY,
  DEFAULT_AGGREGATION_MAX_COUNT,
  DEFAULT_AGGREGATION_MAX_SIZE,
  MAX_AGGREGATION_MAX_SIZE,
  MAX_HASH_KEY,
  MAX_PARTITION_KEY_LENGTH,
  MD5_DIGEST_BYTES,
  MIN_AGGREGATION_MAX_SIZE,
} from './constants.js';
export type { DecodeAggregateOptions } from './decode-aggregate.js';
export { decodeAggregate, isAggregate } from './decode-aggregate.js';
export { encodeAggregate } from './encode-aggregate.js';
export {
  AggregationError,
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
