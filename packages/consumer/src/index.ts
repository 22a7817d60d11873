export { DEFAULT_MAX_RECORD_BYTES, PoisonPolicy } from './constants.js';
export type { DecodeResult, Decoder, DecoderOptions } from './decoder.js';
export { createDecoder } from './decoder.js';
export { ConsumerError, DecodeError, DecodeErrorCode, SinkError } from './errors.js';
export type {
  PoisonRecord,
  ProcessOptions,
  ProcessResult,
  ProcessSummary,
  Sink,
  SinkItem,
  SinkResult,
} from './process-kinesis-event.js';
export { processKinesisEvent } from './process-kinesis-event.js';
export type {
  BatchItemFailure,
  KinesisRecordPayload,
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamRecord,
} from './types.js';
export type { FilterPattern, Predicate } from './where.js';
export { ComparisonOperator, toFilterCriteria, where } from './where.js';
