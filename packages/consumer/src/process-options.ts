import type { KinesisStreamBatchResponse, KinesisStreamRecord } from '@kds/core';
import type { PoisonPolicy } from './constants.js';
import type { UserRecord } from './deaggregation.js';
import type { Decoder } from './decoder.js';
import type { DecodeError } from './errors.js';
import type { Pipeline } from './pipeline.js';
import type { Sink } from './sink.js';
import type { LambdaContext } from './types.js';

/**
 * A record (or user record) that can never decode, with the reason. For a user record of a KPL
 * aggregate, `record` is the aggregate and `userRecord` says which of its user records.
 */
export interface PoisonRecord {
  readonly record: KinesisStreamRecord;
  readonly error: DecodeError;
  readonly userRecord?: UserRecord;
}

/**
 * The record behind the reported `batchItemFailures` entry, and why it failed. For a user record of
 * a KPL aggregate, `record` is the aggregate (its sequence number is the one reported) and
 * `userRecord` the user record at fault.
 */
export interface RecordFailure {
  readonly record: KinesisStreamRecord;
  /** A DecodeError (poison), StepError, PoisonHookError, or the sink's error for the item. */
  readonly error: unknown;
  readonly userRecord?: UserRecord;
}

/**
 * Options of {@link processKinesisEvent}: the decoder, the `pipeline` of typed steps from decoded
 * value to sink value (none: the sink takes every decoded value), the sink, and what to do with
 * poison records.
 */
export interface ProcessOptions<T, U = T> {
  decoder: Decoder<T>;
  /**
   * Typed steps (filter, map) from decoded value to sink value, e.g.
   * `createPipeline<Reading>().filter(where('Temperature', '>=', 35))`. Default: none, every
   * decoded value goes to the sink.
   */
  pipeline?: Pipeline<NoInfer<T>, U>;
  /** Stores the values that passed the pipeline. */
  sink: Sink<NoInfer<U>>;
  /**
   * What to do with a record that can never decode: `skip` (default: `onPoison`, then checkpoint
   * past it), `report` (report it, but still store the records after it), `fail` (report it, stop).
   */
  poison?: PoisonPolicy;
  /**
   * Called for every record that can never decode, whatever the policy (log, dead-letter). A
   * promise is awaited; if it throws or rejects, the record is reported instead of skipped.
   */
  onPoison?: (poison: PoisonRecord) => void | Promise<void>;
  /** Lambda's context: the sink's deadline comes from its remaining time. */
  context?: LambdaContext;
}

/**
 * The options of {@link processKinesisEvent}.
 *
 * @deprecated Use {@link ProcessOptions}: since `filter` left, there is one kind of options.
 */
export type PipelineProcessOptions<T, U> = ProcessOptions<T, U>;

/** What a batch came to, for logs and tests. */
export interface ProcessSummary {
  /** Kinesis records in the event. */
  readonly received: number;
  /** Values decoded (one per record, or per user record of a KPL aggregate). */
  readonly decoded: number;
  /** Records (or user records) that can never decode. */
  readonly poison: number;
  /** Values the pipeline dropped. */
  readonly filteredOut: number;
  /** Values the sink stored. */
  readonly stored: number;
  /** Values the sink did not store, or on which a pipeline step threw. */
  readonly failed: number;
  /**
   * Kinesis records not looked at because an earlier one failed (Lambda retries from the failure);
   * the user records left in an aggregate that failed part way are not counted.
   */
  readonly unprocessed: number;
}

/** The Lambda response plus a summary of the batch and the failure it reports, if any. */
export interface ProcessResult extends KinesisStreamBatchResponse {
  readonly summary: ProcessSummary;
  /** The record whose sequence number is reported, and why; absent when the batch succeeded. */
  readonly failure?: RecordFailure;
}
