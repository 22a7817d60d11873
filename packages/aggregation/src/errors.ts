import { type ErrorCodeOf, KdsError, withCode } from '@kds/core';

/**
 * What is wrong with the body of an aggregate whose magic and MD5 are right.
 *
 * @example
 * ```ts
 * import { decodeAggregate, MalformedAggregateCode } from '@kds/aggregation';
 *
 * const result = decodeAggregate(new Uint8Array(0));
 * const isTruncated = !result.ok && result.error.code === MalformedAggregateCode.TruncatedVarint;
 * ```
 */
export const MalformedAggregateCode = {
  /** A varint runs past the end of the bytes. */
  TruncatedVarint: 'TRUNCATED_VARINT',
  /** A varint is longer than the 10 bytes a 64-bit value needs. */
  VarintTooLong: 'VARINT_TOO_LONG',
  /** A length-delimited or fixed-size field runs past the end of the message holding it. */
  LengthOutOfBounds: 'LENGTH_OUT_OF_BOUNDS',
  /** A known field comes with another wire type than the schema's. */
  WrongWireType: 'WRONG_WIRE_TYPE',
  /** A field tag is not valid protobuf: field number 0, wire type 6 or 7, or an unmatched group end. */
  InvalidTag: 'INVALID_TAG',
  /** A required field (`partition_key_index`, `data`, a tag's `key`) is absent. */
  MissingField: 'MISSING_FIELD',
  /** A user record points past the end of the partition key or explicit hash key table. */
  IndexOutOfRange: 'INDEX_OUT_OF_RANGE',
  /** An entry of the explicit hash key table is not a decimal integer in 0..2^128-1. */
  InvalidHashKey: 'INVALID_HASH_KEY',
} as const;

/** One of {@link MalformedAggregateCode}. */
export type MalformedAggregateCode = ErrorCodeOf<typeof MalformedAggregateCode>;

/**
 * The base of every error `@kds/aggregation` throws or returns: a readonly `code` from
 * {@link AggregationErrorCode} and the original `cause`.
 *
 * @example
 * ```ts
 * import { AggregationError } from '@kds/aggregation';
 *
 * const codeOf = (error: unknown): string | undefined =>
 *   error instanceof AggregationError ? error.code : undefined;
 * ```
 */
export class AggregationError extends KdsError<AggregationErrorCode> {
  override readonly name: string = 'AggregationError';
}

/**
 * An aggregated record with the right magic and MD5 whose protobuf body cannot be read. It is
 * returned by `decodeAggregate` as the outcome of that Kinesis record, never thrown. `offset` is the
 * byte of the record's data where the fault was found; `subSequenceNumber` is the user record at
 * fault when the fault is inside one.
 *
 * @example
 * ```ts
 * import { decodeAggregate } from '@kds/aggregation';
 *
 * const result = decodeAggregate(new Uint8Array(0));
 * if (!result.ok) console.error(result.error.code, result.error.offset, result.error.message);
 * ```
 */
export class MalformedAggregateError extends AggregationError {
  override readonly name = 'MalformedAggregateError';
  declare readonly code: MalformedAggregateCode;
  readonly offset: number;
  readonly subSequenceNumber: number | undefined;

  constructor(
    code: MalformedAggregateCode,
    message: string,
    options: ErrorOptions & { offset: number; subSequenceNumber?: number | undefined },
  ) {
    const where =
      options.subSequenceNumber === undefined
        ? `at byte ${options.offset}`
        : `at byte ${options.offset} (user record ${options.subSequenceNumber})`;
    super(code, `Aggregated record is malformed ${where}: ${message}`, options);
    this.offset = options.offset;
    this.subSequenceNumber = options.subSequenceNumber;
  }
}

/**
 * What is wrong with a user record given to the encoder.
 *
 * @example
 * ```ts
 * import { InvalidRecordCode, InvalidRecordError } from '@kds/aggregation';
 *
 * const isBadKey = (error: unknown): boolean =>
 *   error instanceof InvalidRecordError && error.code === InvalidRecordCode.InvalidPartitionKey;
 * ```
 */
export const InvalidRecordCode = {
  /** The partition key is not a string of 1 to 256 characters. */
  InvalidPartitionKey: 'INVALID_PARTITION_KEY',
  /** The ExplicitHashKey is not a decimal integer in 0..2^128-1 (no sign, no leading zeros). */
  InvalidHashKey: 'INVALID_HASH_KEY',
  /** The data is not a `Uint8Array` (a `Buffer` is one). */
  InvalidData: 'INVALID_DATA',
  /** A tag has no string `key`, or a `value` that is not a string. */
  InvalidTag: 'INVALID_TAG',
} as const;

/** One of {@link InvalidRecordCode}. */
export type InvalidRecordCode = ErrorCodeOf<typeof InvalidRecordCode>;

/**
 * The `code` of every error `@kds/aggregation` throws or returns: those of
 * {@link MalformedAggregateCode} and {@link InvalidRecordCode}, and `EMPTY_AGGREGATE`.
 *
 * @example
 * ```ts
 * import { AggregationError, AggregationErrorCode } from '@kds/aggregation';
 *
 * const isEmpty = (error: unknown): boolean =>
 *   error instanceof AggregationError && error.code === AggregationErrorCode.EmptyAggregate;
 * ```
 */
export const AggregationErrorCode = {
  ...MalformedAggregateCode,
  ...InvalidRecordCode,
  /** `encodeAggregate` was given no user records. */
  EmptyAggregate: 'EMPTY_AGGREGATE',
} as const;

/** One of {@link AggregationErrorCode}. */
export type AggregationErrorCode = ErrorCodeOf<typeof AggregationErrorCode>;

/**
 * A user record the encoder cannot take; thrown by `encodeAggregate`, `Aggregator.tryAdd` and
 * `hashKeyOf`. Nothing was encoded or added.
 *
 * @example
 * ```ts
 * import { InvalidRecordError, encodeAggregate } from '@kds/aggregation';
 *
 * try {
 *   encodeAggregate([{ partitionKey: '', data: new Uint8Array(1) }]);
 * } catch (error) {
 *   if (error instanceof InvalidRecordError) console.error(error.code); // INVALID_PARTITION_KEY
 * }
 * ```
 */
export class InvalidRecordError extends AggregationError {
  override readonly name = 'InvalidRecordError';
  declare readonly code: InvalidRecordCode;

  constructor(code: InvalidRecordCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

/**
 * `encodeAggregate` was given no user records: an aggregate of none carries nothing a consumer
 * would see, so it is refused rather than sent.
 *
 * @example
 * ```ts
 * import { EmptyAggregateError } from '@kds/aggregation';
 *
 * const isEmpty = (error: unknown): boolean => error instanceof EmptyAggregateError;
 * ```
 */
export class EmptyAggregateError extends withCode(
  AggregationError,
  AggregationErrorCode.EmptyAggregate,
  'An aggregate needs at least one user record',
) {
  override readonly name = 'EmptyAggregateError';
}
