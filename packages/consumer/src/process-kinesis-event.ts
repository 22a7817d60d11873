import { DEFAULT_TIME_RESERVE_MS, PoisonPolicy } from './constants.js';
import type { UserRecord } from './deaggregation.js';
import type { DecodeResult, Decoder } from './decoder.js';
import { type DecodeError, EventError, PoisonHookError, StepError } from './errors.js';
import { DROPPED, type Pipeline } from './pipeline.js';
import { compareSequenceNumbers } from './sequence-numbers.js';
import type {
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamRecord,
  LambdaContext,
} from './types.js';

/** A value for the sink, with the record (and, for a KPL aggregate, the user record) it came from. */
export interface SinkItem<T> {
  readonly value: T;
  readonly record: KinesisStreamRecord;
  readonly userRecord?: UserRecord;
}

/** An item the sink did not store, and why. */
export interface SinkFailure<T = unknown> {
  readonly item: SinkItem<T>;
  readonly error: unknown;
}

/** The items a sink could not store; an empty list or nothing means all were stored. */
export interface SinkResult<T = unknown> {
  readonly failed: readonly SinkFailure<T>[];
}

/** What the adapter tells the sink about the invocation. */
export interface SinkContext {
  /**
   * Epoch milliseconds by which the sink should return, derived from the Lambda context's remaining
   * time (less a reserve to respond); `undefined` when the adapter was given no context.
   */
  readonly deadline: number | undefined;
}

/**
 * Stores the values that passed the pipeline, in sequence order. It reports the items it could not
 * store in its result (a concurrent sink stops dispatching new work after a failure and reports
 * what it did not store), and throws only when it failed as a whole. Its result is not tied to `T`,
 * so a sink of any value (`Sink<unknown>`) fits every decoder.
 */
export type Sink<T> = (
  items: readonly SinkItem<T>[],
  context: SinkContext,
) => Promise<SinkResult | undefined>;

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

interface CommonOptions<T> {
  decoder: Decoder<T>;
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

/** Options of {@link processKinesisEvent} with an optional `filter`: the sink takes decoded values. */
export interface FilterProcessOptions<T> extends CommonOptions<T> {
  /** Keeps only the values it accepts; e.g. `where('Temperature', '>=', 35)`. Default: all. */
  filter?: (value: NoInfer<T>) => boolean;
  pipeline?: never;
  sink: Sink<NoInfer<T>>;
}

/** Options of {@link processKinesisEvent} with a `pipeline`: the sink takes its output. */
export interface PipelineProcessOptions<T, U> extends CommonOptions<T> {
  /** Typed steps (filter, map) from decoded value to sink value. */
  pipeline: Pipeline<NoInfer<T>, U>;
  filter?: never;
  sink: Sink<NoInfer<U>>;
}

/** Options of {@link processKinesisEvent}: a `filter`, or a `pipeline` of typed steps. */
export type ProcessOptions<T, U = T> = FilterProcessOptions<T> | PipelineProcessOptions<T, U>;

/** What a batch came to, for logs and tests. */
export interface ProcessSummary {
  /** Kinesis records in the event. */
  readonly received: number;
  /** Values decoded (one per record, or per user record of a KPL aggregate). */
  readonly decoded: number;
  /** Records (or user records) that can never decode. */
  readonly poison: number;
  /** Values the filter or pipeline dropped. */
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

function sequenceNumberOf(record: KinesisStreamRecord): string {
  return record.kinesis.sequenceNumber;
}

/** The records in sequence order: as Lambda sends them, or sorted when they are not. */
function inSequenceOrder(event: KinesisStreamEvent): readonly KinesisStreamRecord[] {
  const records = (event as { Records?: unknown } | null | undefined)?.Records;
  if (!Array.isArray(records)) {
    throw new EventError('The event has no Records array: it is not a Lambda Kinesis event');
  }
  let sorted = true;
  let previous: string | undefined;
  for (let i = 0; i < records.length; i += 1) {
    const sequenceNumber = (records[i] as KinesisStreamRecord | undefined)?.kinesis?.sequenceNumber;
    if (typeof sequenceNumber !== 'string' || sequenceNumber.length === 0) {
      throw new EventError(`Record ${i} of the event has no kinesis.sequenceNumber`);
    }
    if (previous !== undefined && sorted) {
      try {
        sorted = compareSequenceNumbers(previous, sequenceNumber) <= 0;
      } catch (cause) {
        throw new EventError(
          `Record ${i} of the event has a sequence number that is not a decimal integer`,
          { cause },
        );
      }
    }
    previous = sequenceNumber;
  }
  const typed = records as KinesisStreamRecord[];
  if (sorted) return typed;
  return [...typed].sort((a, b) =>
    compareSequenceNumbers(sequenceNumberOf(a), sequenceNumberOf(b)),
  );
}

function sinkDeadline(context: LambdaContext | undefined): number | undefined {
  if (context === undefined) return undefined;
  const remaining = context.getRemainingTimeInMillis();
  return Date.now() + remaining - Math.min(DEFAULT_TIME_RESERVE_MS, remaining / 2);
}

/**
 * Whether an item comes before the failure found so far: by sequence number (as BigInt), then, for
 * two user records of one aggregate, by sub-sequence number.
 */
function comesBefore(
  record: KinesisStreamRecord,
  userRecord: UserRecord | undefined,
  failure: RecordFailure,
): boolean {
  const order = compareSequenceNumbers(sequenceNumberOf(record), sequenceNumberOf(failure.record));
  if (order !== 0) return order < 0;
  return (userRecord?.subSequenceNumber ?? -1) < (failure.userRecord?.subSequenceNumber ?? -1);
}

/** `record <sequence number>`, and which user record for one of a KPL aggregate. */
function describeRecord(record: KinesisStreamRecord, userRecord: UserRecord | undefined): string {
  const sequenceNumber = sequenceNumberOf(record);
  return userRecord === undefined
    ? `record ${sequenceNumber}`
    : `record ${sequenceNumber} (user record ${userRecord.subSequenceNumber})`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs one Lambda Kinesis event through decode → filter or pipeline → sink, in sequence order, and
 * returns the partial batch response (`ReportBatchItemFailures`). On the first failure it stops and
 * reports that record's sequence number only: Lambda checkpoints before the lowest reported number
 * and retries from there, so work after it would be wasted. Poison records follow the `poison`
 * policy (`skip` by default). A KPL aggregate is processed user record by user record, in order:
 * the policy applies to each, and a failure of one reports the aggregate's own sequence number
 * (Lambda retries whole Kinesis records, so the user records before it come again: sinks must be
 * idempotent). Per-record problems never throw; it throws only when the sink fails as a whole, the
 * decoder's `shardHashRanges` function throws, or the event is not a Kinesis event, so Lambda
 * retries the batch.
 *
 * @example
 * ```ts
 * import { createDecoder, processKinesisEvent, where, type KinesisStreamEvent } from '@kds/consumer';
 * import { ReadingSchema } from '@kds/schema';
 *
 * const decoder = createDecoder({ schema: ReadingSchema });
 * export const handler = async (event: KinesisStreamEvent) => {
 *   const { batchItemFailures } = await processKinesisEvent(event, {
 *     decoder,
 *     filter: where('Temperature', '>=', 35),
 *     sink: async (items) => {
 *       console.log(`${items.length} hot readings`);
 *       return undefined;
 *     },
 *   });
 *   return { batchItemFailures };
 * };
 * ```
 */
export function processKinesisEvent<T>(
  event: KinesisStreamEvent,
  options: FilterProcessOptions<T>,
): Promise<ProcessResult>;
export function processKinesisEvent<T, U>(
  event: KinesisStreamEvent,
  options: PipelineProcessOptions<T, U>,
): Promise<ProcessResult>;
export function processKinesisEvent<T, U>(
  event: KinesisStreamEvent,
  options: ProcessOptions<T, U>,
): Promise<ProcessResult>;
export async function processKinesisEvent<T, U>(
  event: KinesisStreamEvent,
  options: ProcessOptions<T, U>,
): Promise<ProcessResult> {
  const { decoder, poison = PoisonPolicy.Skip, onPoison, context } = options;
  const filter = options.filter;
  const pipeline = options.pipeline;
  const sink = options.sink as Sink<unknown>;
  const records = inSequenceOrder(event);
  const items: SinkItem<unknown>[] = [];
  let failure: RecordFailure | undefined;
  let decoded = 0;
  let poisonCount = 0;
  let filteredOut = 0;
  let stepFailed = 0;
  let stopped = false;

  // Records come in sequence order, so the first failure found while decoding is the lowest.
  const fail = (
    record: KinesisStreamRecord,
    error: unknown,
    userRecord: UserRecord | undefined,
  ): void => {
    failure ??= userRecord === undefined ? { record, error } : { record, error, userRecord };
  };

  const handlePoison = async (result: DecodeResult<T> & { ok: false }): Promise<void> => {
    const { record, error, userRecord } = result;
    poisonCount += 1;
    if (onPoison !== undefined) {
      try {
        const pending = onPoison(
          userRecord === undefined ? { record, error } : { record, error, userRecord },
        );
        if (pending !== undefined) await pending;
      } catch (cause) {
        // The poison could not be parked: checkpointing past it would lose it.
        fail(
          record,
          new PoisonHookError(
            `onPoison failed for ${describeRecord(record, userRecord)}: ${messageOf(cause)}`,
            { cause },
          ),
          userRecord,
        );
        stopped = true;
        return;
      }
    }
    if (poison === PoisonPolicy.Skip) return;
    fail(record, error, userRecord);
    if (poison === PoisonPolicy.Fail) stopped = true;
  };

  const accept = (result: DecodeResult<T> & { ok: true }): void => {
    decoded += 1;
    const { value, record, userRecord } = result;
    let output: unknown = value;
    try {
      if (pipeline !== undefined) {
        output = pipeline.run(value);
        if (output === DROPPED) {
          filteredOut += 1;
          return;
        }
      } else if (filter !== undefined && !filter(value)) {
        filteredOut += 1;
        return;
      }
    } catch (cause) {
      stepFailed += 1;
      fail(
        record,
        new StepError(
          `A pipeline step threw on ${describeRecord(record, userRecord)}: ${messageOf(cause)}`,
          { cause },
        ),
        userRecord,
      );
      stopped = true;
      return;
    }
    // The decode result already has the shape of a sink item: no second object per record.
    if (output === value) items.push(result);
    else if (userRecord === undefined) items.push({ value: output, record });
    else items.push({ value: output, record, userRecord });
  };

  let processed = 0;
  while (processed < records.length && !stopped) {
    const record = records[processed] as KinesisStreamRecord;
    processed += 1;
    const result = decoder.decode(record);
    if (result.ok) {
      accept(result);
    } else if (result.error.code !== 'AGGREGATED') {
      await handlePoison(result);
    } else {
      for (const user of decoder.decodeAll(record)) {
        if (user.ok) accept(user);
        else await handlePoison(user);
        if (stopped) break;
      }
    }
  }

  let sinkFailed = 0;
  if (items.length > 0) {
    const result = await sink(items, { deadline: sinkDeadline(context) });
    const failed = result?.failed ?? [];
    sinkFailed = failed.length;
    for (const { item, error } of failed) {
      if (failure === undefined || comesBefore(item.record, item.userRecord, failure)) {
        failure =
          item.userRecord === undefined
            ? { record: item.record, error }
            : { record: item.record, error, userRecord: item.userRecord };
      }
    }
  }

  const summary: ProcessSummary = {
    received: records.length,
    decoded,
    poison: poisonCount,
    filteredOut,
    stored: items.length - sinkFailed,
    failed: sinkFailed + stepFailed,
    unprocessed: records.length - processed,
  };
  if (failure === undefined) return { batchItemFailures: [], summary };
  return {
    batchItemFailures: [{ itemIdentifier: sequenceNumberOf(failure.record) }],
    summary,
    failure,
  };
}
