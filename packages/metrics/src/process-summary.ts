import { MetricUnit } from './constants.js';
import type { EmfWriter } from './emf-writer.js';

/**
 * The metric each field of a process summary is written as; all are counts.
 *
 * @example
 * ```ts
 * import { ProcessMetricName } from '@kds/metrics';
 *
 * // An alarm on records that can never decode:
 * const alarm = { MetricName: ProcessMetricName.poison, Namespace: 'Readings', Statistic: 'Sum' };
 * ```
 */
export const ProcessMetricName = {
  /** Kinesis records in the event. */
  received: 'RecordsReceived',
  /** Values decoded (one per record, or per user record of a KPL aggregate). */
  decoded: 'RecordsDecoded',
  /** Records (or user records) that can never decode. */
  poison: 'RecordsPoison',
  /** Values the filter or pipeline dropped. */
  filteredOut: 'RecordsFilteredOut',
  /** Values the sink stored. */
  stored: 'RecordsStored',
  /** Values not stored, or on which a pipeline step threw. */
  failed: 'RecordsFailed',
  /** Kinesis records not looked at because an earlier one failed. */
  unprocessed: 'RecordsUnprocessed',
} as const;

/**
 * The counts of one Lambda invocation, as `processKinesisEvent` of `@kds/consumer` returns them
 * in `summary` (`ProcessSummary` fits); typed here by shape so this package depends on nothing.
 * {@link ProcessMetricName} says what each field counts.
 */
export type ProcessSummaryInput = { readonly [field in keyof typeof ProcessMetricName]: number };

/** One of {@link ProcessMetricName}: the name of a metric `writeProcessSummary` writes. */
export type ProcessMetricName = (typeof ProcessMetricName)[keyof typeof ProcessMetricName];

const FIELDS = Object.keys(ProcessMetricName) as (keyof ProcessSummaryInput)[];

/**
 * Writes the counts of one `processKinesisEvent` call as one EMF line (with whatever else was put
 * since the last flush): `RecordsReceived`, `RecordsDecoded`, `RecordsPoison`,
 * `RecordsFilteredOut`, `RecordsStored`, `RecordsFailed`, `RecordsUnprocessed`, all `Count`.
 *
 * @example
 * ```ts
 * import { createDecoder, processKinesisEvent, type KinesisStreamEvent } from '@kds/consumer';
 * import { createEmfWriter, writeProcessSummary } from '@kds/metrics';
 * import { ReadingSchema } from '@kds/schema';
 *
 * const decoder = createDecoder({ schema: ReadingSchema });
 * const writer = createEmfWriter({ namespace: 'Readings' });
 *
 * export const handler = async (event: KinesisStreamEvent) => {
 *   const { batchItemFailures, summary } = await processKinesisEvent(event, {
 *     decoder,
 *     sink: async () => undefined,
 *   });
 *   writeProcessSummary(writer, summary);
 *   return { batchItemFailures };
 * };
 * ```
 */
export function writeProcessSummary(writer: EmfWriter, summary: ProcessSummaryInput): void {
  for (const field of FIELDS) {
    writer.putMetric(ProcessMetricName[field], summary[field], MetricUnit.Count);
  }
  writer.flush();
}
