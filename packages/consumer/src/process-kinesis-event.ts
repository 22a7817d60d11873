import type { KinesisStreamEvent, KinesisStreamRecord } from '@kds/core';
import { DEFAULT_TIME_RESERVE_MS, PoisonPolicy } from './constants.js';
import type { UserRecord } from './deaggregation.js';
import type { DecodeResult } from './decoder.js';
import { PoisonHookError, StepError } from './errors.js';
import { DROPPED } from './pipeline.js';
import type {
  ProcessOptions,
  ProcessResult,
  ProcessSummary,
  RecordFailure,
} from './process-options.js';
import { comesBefore, describeRecord, inSequenceOrder, sequenceNumberOf } from './record-order.js';
import type { Sink, SinkItem } from './sink.js';
import type { LambdaContext } from './types.js';

function sinkDeadline(context: LambdaContext | undefined): number | undefined {
  if (context === undefined) return undefined;
  const remaining = context.getRemainingTimeInMillis();
  return Date.now() + remaining - Math.min(DEFAULT_TIME_RESERVE_MS, remaining / 2);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs one Lambda Kinesis event through decode → pipeline → sink, in sequence order, and
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
 * import { createDecoder, createPipeline, processKinesisEvent, where, type KinesisStreamEvent } from '@kds/consumer';
 * import { type Reading, ReadingSchema } from '@kds/schema';
 *
 * const decoder = createDecoder({ schema: ReadingSchema });
 * const pipeline = createPipeline<Reading>().filter(where('Temperature', '>=', 35));
 * export const handler = async (event: KinesisStreamEvent) => {
 *   const { batchItemFailures } = await processKinesisEvent(event, {
 *     decoder,
 *     pipeline,
 *     sink: async (items) => {
 *       console.log(`${items.length} hot readings`);
 *       return undefined;
 *     },
 *   });
 *   return { batchItemFailures };
 * };
 * ```
 */
export async function processKinesisEvent<T, U = T>(
  event: KinesisStreamEvent,
  options: ProcessOptions<T, U>,
): Promise<ProcessResult> {
  const { decoder, poison = PoisonPolicy.Skip, onPoison, context } = options;
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
