import type { KinesisRecordPayload } from './types.js';

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
 * The byte-level stage between base64 and gzip that splits a KPL aggregate into user records
 * (`@kds/aggregation` provides one). It returns `undefined` for bytes that are not an aggregate
 * (no magic, or an MD5 that does not match: a plain record, decoded as it is), and throws when the
 * bytes are an aggregate it cannot read; the decoder turns that into a `BAD_AGGREGATE` result.
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
