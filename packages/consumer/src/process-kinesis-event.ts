import { PoisonPolicy } from './constants.js';
import type { Decoder } from './decoder.js';
import type { DecodeError } from './errors.js';
import type {
  BatchItemFailure,
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamRecord,
} from './types.js';

/** A decoded value with the record it came from. */
export interface SinkItem<T> {
  readonly value: T;
  readonly record: KinesisStreamRecord;
}

/** The items a sink could not store; an empty list or nothing means all were stored. */
export interface SinkResult<T> {
  readonly failed: ReadonlyArray<{ readonly item: SinkItem<T>; readonly error: unknown }>;
}

/**
 * Stores the decoded values that passed the filter. It reports per-item failures in its result and
 * throws only when it failed as a whole.
 */
export type Sink<T> = (items: ReadonlyArray<SinkItem<T>>) => Promise<SinkResult<T> | undefined>;

/** A record that can never decode, with the reason. */
export interface PoisonRecord {
  readonly record: KinesisStreamRecord;
  readonly error: DecodeError;
}

/** Options of {@link processKinesisEvent}. */
export interface ProcessOptions<T> {
  decoder: Decoder<T>;
  sink: Sink<T>;
  /** Keeps only the values it accepts; e.g. `where('Temperature', '>=', 35)`. Default: keep all. */
  filter?: (value: T) => boolean;
  /** `report` (default): report poison records in batchItemFailures; `skip`: drop them. */
  poison?: PoisonPolicy;
  /** Called for every record that can never decode, whatever the policy (log, dead-letter). */
  onPoison?: (poison: PoisonRecord) => void;
}

/** What a batch came to, for logs and tests. */
export interface ProcessSummary {
  readonly received: number;
  readonly decoded: number;
  readonly poison: number;
  readonly filteredOut: number;
  readonly stored: number;
  readonly failed: number;
}

/** The Lambda response plus a summary of the batch. */
export interface ProcessResult extends KinesisStreamBatchResponse {
  readonly summary: ProcessSummary;
}

function bySequenceNumber(a: BatchItemFailure, b: BatchItemFailure): number {
  // Sequence numbers exceed 2^53: compare them as BigInt.
  const left = BigInt(a.itemIdentifier);
  const right = BigInt(b.itemIdentifier);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Runs one Lambda Kinesis event through decode → filter → sink and returns the partial batch
 * response (`ReportBatchItemFailures`), failures in sequence order. Per-record problems never
 * throw; it throws only when the sink fails as a whole, so Lambda retries the batch.
 *
 * @example
 * ```ts
 * import { createDecoder, processKinesisEvent, where, type KinesisStreamEvent } from '@kds/consumer';
 * import { ReadingSchema } from '@kds/schema';
 *
 * const decoder = createDecoder({ schema: ReadingSchema });
 * export const handler = (event: KinesisStreamEvent) =>
 *   processKinesisEvent(event, {
 *     decoder,
 *     filter: where('Temperature', '>=', 35),
 *     sink: async (items) => { console.log(items.length); return undefined; },
 *   });
 * ```
 */
export async function processKinesisEvent<T>(
  event: KinesisStreamEvent,
  options: ProcessOptions<T>,
): Promise<ProcessResult> {
  const { decoder, sink, filter, poison = PoisonPolicy.Report, onPoison } = options;
  const failures: BatchItemFailure[] = [];
  const items: SinkItem<T>[] = [];
  let poisonCount = 0;
  let filteredOut = 0;

  for (const record of event.Records) {
    const result = decoder.decode(record);
    if (!result.ok) {
      poisonCount += 1;
      onPoison?.({ record, error: result.error });
      if (poison === PoisonPolicy.Report) {
        failures.push({ itemIdentifier: record.kinesis.sequenceNumber });
      }
      continue;
    }
    if (filter !== undefined && !filter(result.value)) {
      filteredOut += 1;
      continue;
    }
    items.push({ value: result.value, record });
  }

  const sinkResult = items.length > 0 ? await sink(items) : undefined;
  const failed = sinkResult?.failed ?? [];
  for (const { item } of failed) {
    failures.push({ itemIdentifier: item.record.kinesis.sequenceNumber });
  }
  failures.sort(bySequenceNumber);

  return {
    batchItemFailures: failures,
    summary: {
      received: event.Records.length,
      decoded: event.Records.length - poisonCount,
      poison: poisonCount,
      filteredOut,
      stored: items.length - failed.length,
      failed: failed.length,
    },
  };
}
