import { randomUUID } from 'node:crypto';
import type { KinesisStreamEvent, KinesisStreamRecord } from '@kds/consumer';
import { INVOCATION_TIMEOUT_MS } from './constants.js';
import { MalformedResponseError, PartialBatchFailureError } from './errors.js';
import {
  OnFailureCondition as Conditions,
  type OnFailureCondition,
  type OnFailureDestination,
  toOnFailureRecord,
} from './on-failure.js';
import type { KinesisHandler, ResolvedSettings } from './trigger-options.js';

/** What one invocation came to. */
type Outcome =
  | { readonly kind: 'success' }
  | { readonly kind: 'partial'; readonly from: number; readonly error: PartialBatchFailureError }
  | { readonly kind: 'error'; readonly error: unknown; readonly thrown: boolean }
  /** A tumbling window was terminated early: invoke the batch again, no retry used. */
  | { readonly kind: 'again' };

/**
 * Tumbling windows: the event around a batch, and the window's verdict on a response that
 * succeeded (in whole or in part): its state kept, the batch to run again, or a failure.
 */
export interface WindowHooks {
  event(records: readonly KinesisStreamRecord[]): KinesisStreamEvent;
  accept(response: unknown): Promise<'accepted' | 'again' | { readonly error: unknown }>;
}

/** A batch on its way to the handler: its records and what it has been through. */
interface PendingBatch {
  records: readonly KinesisStreamRecord[];
  retries: number;
  invocations: number;
}

/** Everything the delivery of one shard's batches needs. */
export interface DeliveryContext {
  readonly settings: ResolvedSettings;
  readonly handler: KinesisHandler;
  readonly shardId: string;
  readonly streamArn: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly destinations: readonly OnFailureDestination[];
  readonly isRunning: () => boolean;
  readonly pause: (ms: number) => Promise<void>;
  readonly onError: (error: unknown) => void;
  /** With `tumblingWindowInSeconds`: the window's event and its check of the returned state. */
  readonly window?: WindowHooks;
}

function lowestFailure(response: unknown, records: readonly KinesisStreamRecord[]): Outcome {
  // Lambda reads `batchItemFailures` of the response and nothing else: no response, `{}` or a list
  // (`[]`) has none, which is complete success.
  // https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html
  if (response === undefined || response === null || Array.isArray(response))
    return { kind: 'success' };
  if (typeof response !== 'object') {
    return {
      kind: 'error',
      error: new MalformedResponseError('the response is not an object'),
      thrown: false,
    };
  }
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) {
    return {
      kind: 'error',
      error: new MalformedResponseError('batchItemFailures is not a list'),
      thrown: false,
    };
  }
  if (failures.length === 0) return { kind: 'success' };
  const positions = new Map(records.map((record, index) => [record.kinesis.sequenceNumber, index]));
  let from = records.length;
  for (const failure of failures) {
    const identifier = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index = typeof identifier === 'string' ? positions.get(identifier) : undefined;
    // An empty, missing or unknown itemIdentifier fails the whole batch, as in Lambda.
    if (index === undefined) {
      return {
        kind: 'error',
        error: new MalformedResponseError(
          `itemIdentifier ${JSON.stringify(identifier)} is not a sequence number of the batch`,
        ),
        thrown: false,
      };
    }
    from = Math.min(from, index);
  }
  const first = records[from]?.kinesis.sequenceNumber ?? '';
  return { kind: 'partial', from, error: new PartialBatchFailureError(failures.length, first) };
}

/**
 * Delivers batches of one shard to the handler with Lambda's error handling: retries, bisection,
 * partial batch responses, record age, OnFailure destinations. `settle` is told of every record
 * done with (handled or discarded), in order.
 *
 * @example
 * ```ts
 * import { createBatchDelivery } from './batch-delivery.js';
 *
 * const deliver = createBatchDelivery(context);
 * await deliver(records, async (settled) => console.log(settled.length));
 * ```
 */
export function createBatchDelivery(
  context: DeliveryContext,
): (
  records: readonly KinesisStreamRecord[],
  settle: (records: readonly KinesisStreamRecord[]) => Promise<void>,
) => Promise<void> {
  const { settings, handler, destinations } = context;

  async function invoke(records: readonly KinesisStreamRecord[]): Promise<Outcome> {
    const started = Date.now();
    let response: unknown;
    try {
      response = await handler(context.window?.event(records) ?? { Records: [...records] }, {
        awsRequestId: randomUUID(),
        functionName: context.functionName,
        invokedFunctionArn: context.functionArn,
        getRemainingTimeInMillis: () => Math.max(0, INVOCATION_TIMEOUT_MS - (Date.now() - started)),
      });
    } catch (error) {
      return { kind: 'error', error, thrown: true };
    }
    // Without ReportBatchItemFailures, Lambda ignores what the function returns.
    const outcome: Outcome = settings.reportBatchItemFailures
      ? lowestFailure(response, records)
      : { kind: 'success' };
    if (context.window === undefined || outcome.kind === 'error') return outcome;
    const verdict = await context.window.accept(response);
    if (verdict === 'accepted') return outcome;
    if (verdict === 'again') return { kind: 'again' };
    return { kind: 'error', error: verdict.error, thrown: false };
  }

  async function discard(
    records: readonly KinesisStreamRecord[],
    condition: OnFailureCondition,
    batch: PendingBatch,
    error: unknown,
    thrown: boolean,
  ): Promise<void> {
    const record = toOnFailureRecord(records, {
      shardId: context.shardId,
      streamArn: context.streamArn,
      functionArn: context.functionArn,
      requestId: randomUUID(),
      condition,
      invokeCount: batch.invocations,
      functionError: thrown,
    });
    for (const destination of destinations) {
      try {
        await destination(record, { error, records });
      } catch (destinationError) {
        context.onError(destinationError);
      }
    }
  }

  return async (records, settle) => {
    const queue: PendingBatch[] = [{ records, retries: 0, invocations: 0 }];
    let lastError: { error: unknown; thrown: boolean } = { error: undefined, thrown: false };
    while (queue.length > 0 && context.isRunning()) {
      const batch = queue[0] as PendingBatch;
      if (settings.maximumRecordAgeMs >= 0) {
        const oldest = Date.now() - settings.maximumRecordAgeMs;
        const expired = batch.records.filter(
          (record) => record.kinesis.approximateArrivalTimestamp * 1000 < oldest,
        );
        if (expired.length > 0) {
          await discard(
            expired,
            Conditions.RecordAgeExceeded,
            batch,
            lastError.error,
            lastError.thrown,
          );
          await settle(expired);
          batch.records = batch.records.filter((record) => !expired.includes(record));
        }
      }
      if (batch.records.length === 0) {
        queue.shift();
        continue;
      }

      const outcome = await invoke(batch.records);
      batch.invocations += 1;
      if (outcome.kind === 'again') continue;
      if (outcome.kind === 'success') {
        await settle(batch.records);
        queue.shift();
        continue;
      }
      lastError = { error: outcome.error, thrown: outcome.kind === 'error' && outcome.thrown };
      if (outcome.kind === 'partial') {
        // Checkpoint just before the lowest failure; retry from there.
        await settle(batch.records.slice(0, outcome.from));
        batch.records = batch.records.slice(outcome.from);
      } else if (settings.bisectBatchOnFunctionError && batch.records.length > 1) {
        // Splitting does not use up a retry.
        const half = Math.ceil(batch.records.length / 2);
        queue.splice(
          0,
          1,
          { ...batch, records: batch.records.slice(0, half) },
          { ...batch, records: batch.records.slice(half) },
        );
        continue;
      }
      batch.retries += 1;
      if (settings.maximumRetryAttempts >= 0 && batch.retries > settings.maximumRetryAttempts) {
        await discard(
          batch.records,
          Conditions.RetryAttemptsExhausted,
          batch,
          lastError.error,
          lastError.thrown,
        );
        await settle(batch.records);
        queue.shift();
        continue;
      }
      await context.pause(settings.retryDelayMs);
    }
  };
}
