import { decodeAggregate } from '@kds/aggregation';
import type { Deaggregate } from '@kds/consumer';

/**
 * The consumer's deaggregation stage built on `@kds/aggregation`: a plain record (no magic, or an
 * MD5 that does not match) passes through; an aggregate it cannot read throws, which the decoder
 * reports as `BAD_AGGREGATE`.
 *
 * @example
 * ```ts
 * import { createDecoder } from '@kds/consumer';
 * import { ReadingSchema } from '@kds/schema';
 * import { kplDeaggregate } from './deaggregate.js';
 *
 * const decoder = createDecoder({ schema: ReadingSchema, deaggregate: kplDeaggregate });
 * ```
 */
export const kplDeaggregate: Deaggregate = (bytes) => {
  const result = decodeAggregate(bytes);
  if (!result.ok) throw result.error;
  if (!result.aggregated) return undefined;
  return result.records.map((record) => ({
    partitionKey: record.partitionKey,
    ...(record.explicitHashKey === undefined ? {} : { explicitHashKey: record.explicitHashKey }),
    data: record.data,
    subSequenceNumber: record.subSequenceNumber,
  }));
};
