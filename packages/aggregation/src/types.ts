import type { MalformedAggregateError } from './errors.js';

/** A tag of a user record (the format's `Tag` message). The KPL writes none; readers may. */
export interface AggregateTag {
  readonly key: string;
  readonly value?: string;
}

/** One user record to pack into an aggregate. */
export interface UserRecord {
  /** 1 to 256 characters; its MD5 routes the record unless `explicitHashKey` is given. */
  readonly partitionKey: string;
  /** Decimal 0..2^128-1, no sign and no leading zeros; overrides the partition key's MD5. */
  readonly explicitHashKey?: string;
  /** The record's bytes; a string stands for its UTF-8 bytes, written straight into the aggregate. */
  readonly data: Uint8Array | string;
  readonly tags?: readonly AggregateTag[];
}

/** One user record read out of an aggregate. */
export interface DeaggregatedRecord {
  readonly partitionKey: string;
  /** Present when the producer gave the user record one. */
  readonly explicitHashKey?: string;
  /** A view of the input bytes (no copy) unless `decodeAggregate` was asked to copy. */
  readonly data: Uint8Array;
  /** Its index in the aggregate; with the Kinesis record's sequence number it identifies it. */
  readonly subSequenceNumber: number;
  /** Present when the user record has tags. */
  readonly tags?: readonly AggregateTag[];
}

/**
 * What `decodeAggregate` found in one Kinesis record's data:
 * - `{ ok: true, aggregated: true, records }`: an aggregate, its user records in order;
 * - `{ ok: true, aggregated: false }`: no magic, too short, or an MD5 that does not match: a plain
 *   record, to be used unchanged (the KCL's rule);
 * - `{ ok: false, error }`: magic and MD5 are right but the body cannot be read.
 */
export type DecodeAggregateResult =
  | {
      readonly ok: true;
      readonly aggregated: true;
      readonly records: readonly DeaggregatedRecord[];
    }
  | { readonly ok: true; readonly aggregated: false }
  | { readonly ok: false; readonly aggregated: true; readonly error: MalformedAggregateError };

/**
 * One Kinesis record ready for PutRecords, from `Aggregator.flush()`: an aggregate (partition key
 * `"a"`, ExplicitHashKey of its first user record) or, for a group of one, that user record as it
 * was. `records[i]` has sub-sequence number `i`.
 */
export interface FlushedRecord<R extends UserRecord = UserRecord> {
  readonly data: Uint8Array;
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  /** False when the group held one user record, sent plain as the KPL does. */
  readonly aggregated: boolean;
  readonly records: readonly R[];
}
