// Kinesis and Lambda facts this package's API is stated in; their home is @kds/core.
export type {
  BatchItemFailure,
  FilterCriteria,
  HashKeyRange,
  KinesisRecordPayload,
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamRecord,
  ShardDescription,
} from '@kds/core';
export {
  compareSequenceNumbers,
  DEFAULT_MAX_RECORD_BYTES,
  InvalidOptionError,
  MAX_FILTER_PATTERNS,
} from '@kds/core';
export * from './constants.js';
export type { Deaggregate, UserRecord } from './deaggregation.js';
export { deaggregateKpl } from './deaggregation.js';
export * from './decoder.js';
export type { SchemaIssue } from './errors.js';
export {
  ConsumerError,
  ConsumerErrorCode,
  DecodeError,
  DecodeErrorCode,
  EventError,
  FilterRuleError,
  HashKeyOutOfRangeError,
  PoisonHookError,
  SinkError,
  StepError,
  WindowStateError,
} from './errors.js';
export * from './get-records.js';
export type { ShardHashRanges } from './hash-key-range.js';
export { shardIdOf } from './hash-key-range.js';
export * from './pipeline.js';
export * from './process-kinesis-event.js';
export type * from './process-options.js';
export type * from './sink.js';
export type * from './types.js';
export type {
  Comparison,
  FilterPattern,
  InputOfAll,
  Predicate,
  WithField,
} from './where.js';
export { and, ComparisonOperator, or, toFilterCriteria, where } from './where.js';
export * from './windows.js';
