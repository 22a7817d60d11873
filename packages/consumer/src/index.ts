export {
  DEFAULT_INVOKE_IDENTITY_ARN,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  DEFAULT_MAX_RECORD_BYTES,
  DEFAULT_TIME_RESERVE_MS,
  MAX_FILTER_PATTERNS,
  PoisonPolicy,
} from './constants.js';
export type { Deaggregate, UserRecord } from './deaggregation.js';
export { deaggregateKpl } from './deaggregation.js';
export type { DecodeResult, Decoder, DecoderOptions } from './decoder.js';
export { createDecoder } from './decoder.js';
export type { SchemaIssue } from './errors.js';
export {
  ConsumerError,
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
export type { HashKeyRange, ShardDescription, ShardHashRanges } from './hash-key-range.js';
export { shardIdOf } from './hash-key-range.js';
export type { Dropped, Pipeline } from './pipeline.js';
export { createPipeline, DROPPED } from './pipeline.js';
export type {
  FilterProcessOptions,
  PipelineProcessOptions,
  PoisonRecord,
  ProcessOptions,
  ProcessResult,
  ProcessSummary,
  RecordFailure,
  Sink,
  SinkContext,
  SinkFailure,
  SinkItem,
  SinkResult,
} from './process-kinesis-event.js';
export { processKinesisEvent } from './process-kinesis-event.js';
export { compareSequenceNumbers } from './sequence-numbers.js';
export type {
  BatchItemFailure,
  KinesisRecordPayload,
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamRecord,
  LambdaContext,
} from './types.js';
export type {
  Comparison,
  FilterCriteria,
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
