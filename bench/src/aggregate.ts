import { createAggregator, type FlushedRecord, type UserRecord } from '@kds/aggregation';

/**
 * `records` packed by the incremental aggregator as the producer drives it (`tryAdd`, and `flush`
 * once an aggregate of `maxBytes` is full): every aggregate, the last one too.
 *
 * @example
 * ```ts
 * import { DEFAULT_AGGREGATION_MAX_SIZE } from '@kds/aggregation';
 * import { aggregateAll } from './aggregate.js';
 *
 * const aggregates = aggregateAll([{ partitionKey: '1', data: Buffer.from('{}') }], DEFAULT_AGGREGATION_MAX_SIZE);
 * ```
 */
export function aggregateAll(records: Iterable<UserRecord>, maxBytes: number): FlushedRecord[] {
  const aggregator = createAggregator({ maxBytes });
  const out: FlushedRecord[] = [];
  for (const record of records) {
    if (aggregator.tryAdd(record)) continue;
    const full = aggregator.flush();
    if (full !== undefined) out.push(full);
    aggregator.tryAdd(record);
  }
  const last = aggregator.flush();
  if (last !== undefined) out.push(last);
  return out;
}
