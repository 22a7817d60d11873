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
export {
  DEFAULT_INVOKE_IDENTITY_ARN,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  DEFAULT_TIME_RESERVE_MS,
  PoisonPolicy,
} from './constants.js';
export type { Deaggregate, UserRecord } from './deaggregation.js';
export { deaggregateKpl } from './deaggregation.js';
export type { DecodeResult, Decoder, DecoderOptions } from './decoder.js';
export { createDecoder } from './decoder.js';
export type { SchemaIssue } from './errors.js';
export {
  ConsumerError,
  ConsumerErrorCode,
  DecodeError,
  DecodeErrorCode,
  EventError,
  HashKeyOutOfRangeError,
  PoisonHookError,
  SinkError,
  StepError,
  WindowStateError,
} from './errors.js';
export type { GetRecordsRecord, GetRecordsSource } from './get-records.js';
export { toKinesisStreamEvent } from './get-records.js';
export type { ShardHashRanges } from './hash-key-range.js';
export { shardIdOf } from './hash-key-range.js';
export type { Dropped, Pipeline } from './pipeline.js';
export { createPipeline, DROPPED } from './pipeline.js';
export { processKinesisEvent } from './process-kinesis-event.js';
export type {
  PipelineProcessOptions,
  PoisonRecord,
  ProcessOptions,
  ProcessResult,
  ProcessSummary,
  RecordFailure,
} from './process-options.js';
export type { Sink, SinkContext, SinkFailure, SinkItem, SinkResult } from './sink.js';
export type { LambdaContext } from './types.js';
export type {
  Comparison,
  FilterPattern,
  InputOfAll,
  Predicate,
  WithField,
} from './where.js';
export { and, ComparisonOperator, or, toFilterCriteria, where } from './where.js';
export type {
  KinesisWindowEvent,
  KinesisWindowResponse,
  TumblingWindow,
  WindowEnd,
  WindowedHandler,
  WindowedHandlerOptions,
} from './windows.js';
export {
  createWindowedHandler,
  isWindowEvent,
  MAX_TUMBLING_WINDOW_IN_SECONDS,
  MAX_WINDOW_STATE_BYTES,
  windowStateBytes,
} from './windows.js';
