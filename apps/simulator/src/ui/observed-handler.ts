import type { KinesisStreamBatchResponse, KinesisStreamEvent } from '@kds/consumer';
import type { KinesisHandler, LocalInvocationContext } from '@kds/local';
import type { Logger } from 'handler';
import { type BatchSummary, batchSummaryOf } from './batch-summary.js';
import type { RunObserver } from './observer.js';

/** A handler as `createHandler` of `apps/handler` builds it, around the logger given. */
export type HandlerFactory = (
  logger: Logger,
) => (
  event: KinesisStreamEvent,
  context?: LocalInvocationContext,
) => Promise<KinesisStreamBatchResponse>;

interface ShardSlot {
  /** Set once, when the slot is made. */
  handler: ReturnType<HandlerFactory> | undefined;
  /** The batch summary the handler logged during its current invocation. */
  summary: BatchSummary | undefined;
  /** The highest sequence number delivered so far. */
  highest: bigint | undefined;
}

/**
 * The handler, as the local trigger invokes it, telling the observer about each invocation: its
 * shard, size, iterator age, failures, whether it is a retry, and the handler's own counts (read
 * from the one log entry it writes per batch). Lambda runs one instance per shard at a time; so
 * does this, one handler per shard, so each log entry belongs to the invocation in hand.
 *
 * @example
 * ```ts
 * import { createHandler } from 'handler';
 * import { NO_OBSERVER } from './observer.js';
 * import { observedHandler } from './observed-handler.js';
 *
 * const handler = observedHandler(
 *   (logger) => createHandler({ tableName: 'TestTable', logger }),
 *   { info: () => {}, error: () => {} },
 *   NO_OBSERVER,
 * );
 * ```
 */
export function observedHandler(
  create: HandlerFactory,
  logger: Logger,
  observer: RunObserver,
): KinesisHandler {
  const slots = new Map<string, ShardSlot>();
  const slotOf = (shardId: string): ShardSlot => {
    const known = slots.get(shardId);
    if (known !== undefined) return known;
    const slot: ShardSlot = { handler: undefined, summary: undefined, highest: undefined };
    slot.handler = create({
      info: (entry) => {
        slot.summary = batchSummaryOf(entry) ?? slot.summary;
        logger.info(entry);
      },
      error: (entry) => logger.error(entry),
    });
    slots.set(shardId, slot);
    return slot;
  };
  const invoke = (slot: ShardSlot, event: KinesisStreamEvent, context?: LocalInvocationContext) =>
    (slot.handler as ReturnType<HandlerFactory>)(event, context);

  return async (event, context) => {
    const first = event.Records[0];
    const last = event.Records.at(-1);
    if (first === undefined || last === undefined) return invoke(slotOf(''), event, context);
    const shardId = first.eventID.slice(0, first.eventID.indexOf(':'));
    const slot = slotOf(shardId);
    const retry =
      slot.highest !== undefined && BigInt(first.kinesis.sequenceNumber) <= slot.highest;
    const lastSequence = BigInt(last.kinesis.sequenceNumber);
    if (slot.highest === undefined || lastSequence > slot.highest) slot.highest = lastSequence;
    // Lambda's IteratorAge: the age of the event's last record when the function is invoked.
    const iteratorAgeMs = Math.max(0, Date.now() - last.kinesis.approximateArrivalTimestamp * 1000);
    slot.summary = undefined;
    const observe = (failures: number): void =>
      observer.batchHandled({
        shardId,
        records: event.Records.length,
        iteratorAgeMs: Math.round(iteratorAgeMs),
        failures,
        retry,
        filteredOut: slot.summary?.filteredOut ?? 0,
        stored: slot.summary?.stored ?? 0,
        lastSequenceNumber: last.kinesis.sequenceNumber,
      });
    try {
      const response = await invoke(slot, event, context);
      observe(response.batchItemFailures.length);
      return response;
    } catch (error) {
      observe(event.Records.length);
      throw error;
    }
  };
}
