import { AggregateBuilder } from './aggregate-builder.js';
import { EmptyAggregateError, InvalidRecordError } from './errors.js';
import type { UserRecord } from './types.js';

/**
 * Encodes user records as one KPL aggregated record: magic `F3 89 9A C2`, the protobuf
 * `AggregatedRecord` (partition keys and explicit hash keys each stored once, in first-seen
 * order), then the MD5 of the protobuf. User record `i` gets sub-sequence number `i`. The size is
 * not capped here: use {@link createAggregator} to stay within a limit.
 *
 * To put it on a stream the way the KPL does, send it with partition key `"a"` and the
 * ExplicitHashKey of its first user record (`hashKeyOf(records[0]).toString()`), after grouping
 * the records by the shard they hash to; send a group of one plain.
 *
 * Throws `EmptyAggregateError` for no records and `InvalidRecordError` for a record with a bad
 * partition key, ExplicitHashKey, data or tags.
 *
 * @example
 * ```ts
 * import { encodeAggregate } from '@kds/aggregation';
 *
 * const data = encodeAggregate([
 *   { partitionKey: 'device-1', data: new TextEncoder().encode('{"Temperature":36}') },
 *   { partitionKey: 'device-2', data: new TextEncoder().encode('{"Temperature":21}') },
 * ]);
 * ```
 */
export function encodeAggregate(records: readonly UserRecord[]): Uint8Array {
  if (records.length === 0) throw new EmptyAggregateError();
  const builder = new AggregateBuilder<UserRecord>();
  for (let i = 0; i < records.length; i++) {
    try {
      builder.add(records[i] as UserRecord);
    } catch (error) {
      if (!(error instanceof InvalidRecordError)) throw error;
      throw new InvalidRecordError(error.code, `User record ${i}: ${error.message}`, {
        cause: error,
      });
    }
  }
  return builder.encode();
}
