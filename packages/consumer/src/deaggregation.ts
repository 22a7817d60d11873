import { AGGREGATE_MAGIC, decodeAggregate } from '@kds/aggregation';
import type { KinesisRecordPayload } from '@kds/core';

/**
 * One user record of a Kinesis record. A KPL aggregate holds several; the decoder gives each its
 * own result, carrying this so a sink can tell them apart.
 */
export interface UserRecord {
  /** The user record's own partition key (the aggregate's is a placeholder such as `"a"`). */
  readonly partitionKey: string;
  /** The user record's explicit hash key, when the producer set one. */
  readonly explicitHashKey?: string;
  /** Its bytes, before any gzip. */
  readonly data: Uint8Array;
  /** Its position in the aggregate, from 0: the KCL's sub-sequence number. */
  readonly subSequenceNumber: number;
}

/**
 * The byte-level stage between base64 and gzip that splits an aggregate into user records. It
 * returns `undefined` for bytes that are not an aggregate (a plain record, decoded as it is), and
 * throws when the bytes are an aggregate it cannot read; the decoder turns that into a
 * `BAD_AGGREGATE` result. The decoder's default is {@link deaggregateKpl}.
 *
 * @example
 * ```ts
 * import type { Deaggregate } from '@kds/consumer';
 *
 * // A stand-in that treats every record as plain.
 * const none: Deaggregate = () => undefined;
 * ```
 */
export type Deaggregate = (
  bytes: Uint8Array,
  record: KinesisRecordPayload,
) => readonly UserRecord[] | undefined;

/**
 * The base64 text of every KPL aggregate opens with these four characters, the encoding of the
 * magic's first three bytes `F3 89 9A`: the decoder's fast path tests them on the text itself, so a
 * plain record never leaves it for the deaggregation stage.
 */
export const KPL_BASE64_PREFIX = Buffer.from(AGGREGATE_MAGIC.subarray(0, 3)).toString('base64');

/**
 * The KPL deaggregation stage, the decoder's default, by the KCL's rules (`@kds/aggregation`'s
 * `decodeAggregate`): bytes without the magic `F3 89 9A C2`, or whose MD5 trailer does not match
 * their body, are a plain record (`undefined`); an aggregate yields its user records in order, with
 * their partition keys, explicit hash keys and sub-sequence numbers, their data a view of `bytes`
 * (no copy); an aggregate with the right magic and MD5 but a malformed body throws its
 * `MalformedAggregateError`, which the decoder returns as that record's `BAD_AGGREGATE` result.
 *
 * @example
 * ```ts
 * import { createDecoder, deaggregateKpl, type Deaggregate } from '@kds/consumer';
 * import { ReadingSchema } from '@kds/schema';
 *
 * // The default stage, counting the aggregates it meets.
 * let aggregates = 0;
 * const counting: Deaggregate = (bytes, record) => {
 *   const users = deaggregateKpl(bytes, record);
 *   if (users !== undefined) aggregates += 1;
 *   return users;
 * };
 * const decoder = createDecoder({ schema: ReadingSchema, deaggregate: counting });
 * ```
 */
export const deaggregateKpl: Deaggregate = (bytes) => {
  const result = decodeAggregate(bytes);
  if (!result.ok) throw result.error;
  return result.aggregated ? result.records : undefined;
};
