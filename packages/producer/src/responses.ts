import type { PutRecordsResultEntry } from '@aws-sdk/client-kinesis';
import { AggregateEntry, type KinesisEntry } from './aggregate-entry.js';
import { fullJitterDelay } from './backoff.js';
import { PutRecordsErrorCode } from './constants.js';
import { RecordThrottledError, RequestFailedError } from './errors.js';
import { type PendingRecord, RecordState } from './pending-record.js';
import { type ProducerState, predict, schedulePump } from './producer-state.js';
import type { PutRecordsAnswer } from './put-records.js';
import { expireIfDue, fail, failAborted, resolveRecord } from './record-lifecycle.js';
import { classifyRequestError } from './request-errors.js';

// Responses and retries: what a PutRecords answer or error means for each user record of the
// request. Accepted records are resolved (and counted, in `resolveRecord`); refused ones are
// retried together after one backoff, failed at once, or expired.

/** An entry Kinesis did not accept, and why. */
interface Failure {
  readonly record: PendingRecord;
  readonly errorCode: string;
  readonly error: unknown;
}

/** Handles the answer of a request: its entries' outcomes, in request order. */
export function onResponse(
  state: ProducerState,
  batch: readonly KinesisEntry[],
  answer: PutRecordsAnswer & { ok: true },
): void {
  const results = answer.entries;
  const answeredAt = performance.now();
  const { counters } = state.stats;
  const failures: Failure[] = [];
  let unexpectedShard = false;
  for (let index = 0; index < batch.length; index += 1) {
    const record = batch[index] as KinesisEntry;
    const result = results[index];
    if (record instanceof AggregateEntry) {
      if (onAggregateResult(state, record, result, failures, answeredAt)) unexpectedShard = true;
      continue;
    }
    if (result?.SequenceNumber !== undefined && result.ShardId !== undefined) {
      counters.kinesisRecordsPut += 1;
      counters.kinesisBytesPut += record.size;
      if (record.shard !== undefined && record.shard.shardId !== result.ShardId) {
        unexpectedShard = true;
      }
      resolveRecord(
        state,
        record,
        {
          shardId: result.ShardId,
          sequenceNumber: result.SequenceNumber,
          attempts: record.attempts,
        },
        answeredAt,
      );
      continue;
    }
    refuse(state, [record], result, failures);
  }
  retryOrExpire(state, failures);
  // The stream was resharded since the map was read: read it again, and pack nothing by the
  // stale map meanwhile.
  if (unexpectedShard) {
    state.unexpectedShardAt = performance.now();
    state.collector.grouping = false;
    state.shardMap.refresh();
  }
}

/**
 * Settles the user records of an accepted aggregate, each with its sub-sequence number, or marks
 * them all for a retry: an aggregate is accepted or refused whole. True if it landed on a shard
 * other than the one its records were grouped for.
 */
function onAggregateResult(
  state: ProducerState,
  entry: AggregateEntry,
  result: PutRecordsResultEntry | undefined,
  failures: Failure[],
  answeredAt: number,
): boolean {
  const { records } = entry;
  if (result?.SequenceNumber !== undefined && result.ShardId !== undefined) {
    const { counters } = state.stats;
    counters.kinesisRecordsPut += 1;
    counters.kinesisBytesPut += entry.size;
    const { ShardId: shardId, SequenceNumber: sequenceNumber } = result;
    for (let subSequenceNumber = 0; subSequenceNumber < records.length; subSequenceNumber += 1) {
      const record = records[subSequenceNumber] as PendingRecord;
      resolveRecord(
        state,
        record,
        { shardId, sequenceNumber, subSequenceNumber, attempts: record.attempts },
        answeredAt,
      );
    }
    return entry.shard.shardId !== shardId;
  }
  refuse(state, records, result, failures);
  return false;
}

/**
 * The user records of an entry Kinesis refused, or left out of its answer (an internal failure):
 * each goes into `failures` to be retried, or, throttled with `failIfThrottled`, fails at once.
 * An aggregate is refused whole: its records share its error.
 */
function refuse(
  state: ProducerState,
  records: readonly PendingRecord[],
  result: PutRecordsResultEntry | undefined,
  failures: Failure[],
): void {
  const errorCode = result?.ErrorCode ?? PutRecordsErrorCode.InternalFailure;
  const cause = { ErrorCode: errorCode, ErrorMessage: result?.ErrorMessage };
  const throttled = errorCode === PutRecordsErrorCode.ProvisionedThroughputExceeded;
  if (throttled) state.stats.counters.throttled += records.length;
  for (const record of records) {
    if (throttled && state.settings.failIfThrottled) {
      fail(state, record, new RecordThrottledError(errorCode, record.attempts, { cause }));
    } else {
      failures.push({ record, errorCode, error: cause });
    }
  }
}

/** Handles a request that failed as a whole: every user record of it shares the error. */
export function onRequestError(
  state: ProducerState,
  entries: readonly KinesisEntry[],
  error: unknown,
): void {
  const batch = userRecordsOf(state, entries);
  const kind = classifyRequestError(error);
  const { counters } = state.stats;
  if (kind.ambiguous) counters.possibleDuplicates += batch.length;
  if (kind.throttled) counters.throttled += batch.length;
  if (!kind.retryable) {
    const message = error instanceof Error ? error.message : String(error);
    const failure = new RequestFailedError(kind.name, message, { cause: error });
    for (const record of batch) fail(state, record, failure);
    return;
  }
  if (kind.throttled && state.settings.failIfThrottled) {
    for (const record of batch) {
      fail(state, record, new RecordThrottledError(kind.name, record.attempts, { cause: error }));
    }
    return;
  }
  retryOrExpire(
    state,
    batch.map((record) => ({ record, errorCode: kind.name, error })),
  );
}

/** The user records of a request's entries, in order. */
function userRecordsOf(
  state: ProducerState,
  entries: readonly KinesisEntry[],
): readonly PendingRecord[] {
  if (!state.aggregating) return entries as readonly PendingRecord[];
  return entries.flatMap((entry) => (entry instanceof AggregateEntry ? entry.records : [entry]));
}

/**
 * Schedules the failed records of one response for a retry, each unless its put was aborted or its
 * time to live ends before the retry would go.
 */
function retryOrExpire(state: ProducerState, failures: readonly Failure[]): void {
  if (failures.length === 0) return;
  const { retryBaseDelayMs, retryMaxDelayMs } = state.settings;
  // One delay for all failed entries of a response, so they go back together and share the next
  // request instead of each taking a request of its own.
  const attempt = failures.reduce((most, { record }) => Math.max(most, record.attempts), 0);
  const delay = fullJitterDelay(attempt, retryBaseDelayMs, retryMaxDelayMs);
  const now = performance.now();
  const retried: PendingRecord[] = [];
  for (const { record, errorCode, error } of failures) {
    record.lastFailure = { code: errorCode, error };
    if (record.abort?.requested === true) {
      failAborted(state, record);
    } else if (!expireIfDue(state, record, now + delay)) {
      state.stats.counters.retries += 1;
      record.state = RecordState.BackingOff;
      retried.push(record);
    }
  }
  if (retried.length === 0) return;
  setTimeout(() => requeue(state, retried), delay);
}

/** Retried records go back to the front of their shards' queues, in their order: the oldest. */
function requeue(state: ProducerState, retried: readonly PendingRecord[]): void {
  const at = performance.now();
  for (let index = retried.length - 1; index >= 0; index -= 1) {
    const record = retried[index] as PendingRecord;
    if (record.state !== RecordState.BackingOff) continue;
    record.shard = state.mapReady ? predict(state, record) : undefined;
    state.shardQueues.requeue(record, at);
  }
  schedulePump(state);
}
