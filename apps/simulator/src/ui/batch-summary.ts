/** The counts of the handler's per-batch log entry that the live view shows. */
export interface BatchSummary {
  /** Readings the filter dropped. */
  readonly filteredOut: number;
  /** Readings the sink stored. */
  readonly stored: number;
}

/** The `message` of the one entry `createHandler` logs per batch, with `processKinesisEvent`'s summary. */
const BATCH_MESSAGE = 'batch';

/**
 * The counts of a handler log entry, if it is the per-batch entry (`message: 'batch'` with the
 * summary's numbers); `undefined` for any other entry.
 *
 * @example
 * ```ts
 * import { batchSummaryOf } from './batch-summary.js';
 *
 * batchSummaryOf({ message: 'batch', received: 3, filteredOut: 2, stored: 1 }); // { filteredOut: 2, stored: 1 }
 * ```
 */
export function batchSummaryOf(entry: Record<string, unknown>): BatchSummary | undefined {
  const { message, filteredOut, stored } = entry;
  if (message !== BATCH_MESSAGE || typeof filteredOut !== 'number' || typeof stored !== 'number') {
    return undefined;
  }
  return { filteredOut, stored };
}
