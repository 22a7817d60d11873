import { type ErrorCodeOf, InvalidOptionError, KdsError, withCode } from '@kds/core';

export { InvalidOptionError };

/**
 * The `code` of every error `@kds/producer` throws or rejects with (`InvalidOptionError`, shared
 * by every kds package, has `'INVALID_OPTION'`).
 *
 * @example
 * ```ts
 * import { ProducerErrorCode, type PutOutcome } from '@kds/producer';
 *
 * // A put the full buffer refused (onFull: 'reject'): shed it or try later.
 * const bufferWasFull = (outcome: PutOutcome): boolean =>
 *   !outcome.ok && (outcome.error as { code?: unknown }).code === ProducerErrorCode.BufferFull;
 * ```
 */
export const ProducerErrorCode = {
  RecordTooLarge: 'RECORD_TOO_LARGE',
  InvalidData: 'INVALID_DATA',
  InvalidPartitionKey: 'INVALID_PARTITION_KEY',
  InvalidHashKey: 'INVALID_HASH_KEY',
  RecordExpired: 'RECORD_EXPIRED',
  RecordThrottled: 'RECORD_THROTTLED',
  BufferFull: 'BUFFER_FULL',
  PutAborted: 'PUT_ABORTED',
  ShardMapUnavailable: 'SHARD_MAP_UNAVAILABLE',
  RequestTimeout: 'REQUEST_TIMEOUT',
  RequestFailed: 'REQUEST_FAILED',
  ProducerClosed: 'PRODUCER_CLOSED',
} as const;

/** One of {@link ProducerErrorCode}. */
export type ProducerErrorCode = ErrorCodeOf<typeof ProducerErrorCode>;

/**
 * The base of every error `@kds/producer` rejects a put with, or throws at `put`: a readonly
 * `code` from {@link ProducerErrorCode} and the original `cause`. It extends `KdsError` of
 * `@kds/core`; a bad option of `createProducer` or of a partition-key strategy throws
 * `InvalidOptionError`, shared by every kds package.
 *
 * @example
 * ```ts
 * import { ProducerError } from '@kds/producer';
 *
 * function describe(error: unknown): string {
 *   return error instanceof ProducerError ? `${error.code}: ${error.message}` : String(error);
 * }
 * ```
 */
export class ProducerError extends KdsError<ProducerErrorCode> {
  override readonly name: string = 'ProducerError';
}

/**
 * A record whose data + partition key is larger than the stream's record limit; rejected at `put`.
 *
 * @example
 * ```ts
 * import { RecordTooLargeError } from '@kds/producer';
 *
 * const isTooLarge = (error: unknown): boolean => error instanceof RecordTooLargeError;
 * ```
 */
export class RecordTooLargeError extends ProducerError {
  override readonly name = 'RecordTooLargeError';

  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(
      ProducerErrorCode.RecordTooLarge,
      `Record is ${size} bytes (data + partition key); the limit is ${limit} bytes`,
    );
  }
}

/**
 * A value whose serialized form is neither bytes nor a string: `serialize` returned something else,
 * or the default serializer met a value with no JSON text (`undefined`, a function, a symbol).
 * Rejected at `put`.
 *
 * @example
 * ```ts
 * import { InvalidDataError } from '@kds/producer';
 *
 * const isUnserializable = (error: unknown): boolean => error instanceof InvalidDataError;
 * ```
 */
export class InvalidDataError extends ProducerError {
  override readonly name = 'InvalidDataError';

  constructor(
    /** What serializing gave: `typeof` of it, or `null`. */
    readonly received: string,
  ) {
    super(
      ProducerErrorCode.InvalidData,
      `Serializing the value gave ${received}; a record's data must be a Uint8Array or a string`,
    );
  }
}

/**
 * A partition key that is empty or longer than 256 characters; rejected at `put`.
 *
 * @example
 * ```ts
 * import { InvalidPartitionKeyError } from '@kds/producer';
 *
 * const isBadKey = (error: unknown): boolean => error instanceof InvalidPartitionKeyError;
 * ```
 */
export class InvalidPartitionKeyError extends ProducerError {
  override readonly name = 'InvalidPartitionKeyError';

  constructor(message: string) {
    super(ProducerErrorCode.InvalidPartitionKey, message);
  }
}

/**
 * An ExplicitHashKey that is not a decimal integer in 0..2^128-1; rejected at `put`.
 *
 * @example
 * ```ts
 * import { InvalidHashKeyError } from '@kds/producer';
 *
 * const isBadHashKey = (error: unknown): boolean => error instanceof InvalidHashKeyError;
 * ```
 */
export class InvalidHashKeyError extends ProducerError {
  override readonly name = 'InvalidHashKeyError';

  constructor(hashKey: string) {
    super(
      ProducerErrorCode.InvalidHashKey,
      `ExplicitHashKey "${hashKey}" is not a decimal integer between 0 and 2^128-1`,
    );
  }
}

/**
 * A record Kinesis did not accept within its time to live (`recordTtlMs`). `lastErrorCode` is the
 * last reason it was refused (e.g. `ProvisionedThroughputExceededException`), or `undefined` when
 * it was never sent: it spent its whole life held back by the per-shard rate limit or the buffer.
 *
 * @example
 * ```ts
 * import { RecordExpiredError } from '@kds/producer';
 *
 * function lastCode(error: unknown): string | undefined {
 *   return error instanceof RecordExpiredError ? error.lastErrorCode : undefined;
 * }
 * ```
 */
export class RecordExpiredError extends ProducerError {
  override readonly name = 'RecordExpiredError';

  constructor(
    readonly lastErrorCode: string | undefined,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(
      ProducerErrorCode.RecordExpired,
      lastErrorCode === undefined
        ? 'Record was never sent before its time to live ran out (held back by the per-shard rate limit)'
        : `Record was not accepted before its time to live ran out after ${attempts} attempt(s); last error: ${lastErrorCode}`,
      options,
    );
  }
}

/**
 * A record Kinesis throttled while `failIfThrottled` is on: it is failed at once instead of retried.
 * `errorCode` is the throttling error (`ProvisionedThroughputExceededException`, or the name of a
 * throttling error of the whole request).
 *
 * @example
 * ```ts
 * import { RecordThrottledError } from '@kds/producer';
 *
 * const wasThrottled = (error: unknown): boolean => error instanceof RecordThrottledError;
 * ```
 */
export class RecordThrottledError extends ProducerError {
  override readonly name = 'RecordThrottledError';

  constructor(
    readonly errorCode: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(
      ProducerErrorCode.RecordThrottled,
      `Record was throttled (${errorCode}) and failIfThrottled is on; it was not retried`,
      options,
    );
  }
}

/**
 * A `put` while the buffer holds `maxBufferedRecords` records or `maxBufferedBytes` bytes and
 * `onFull` is `'reject'`. Nothing of it was buffered.
 *
 * @example
 * ```ts
 * import { BufferFullError } from '@kds/producer';
 *
 * const shouldShed = (error: unknown): boolean => error instanceof BufferFullError;
 * ```
 */
export class BufferFullError extends ProducerError {
  override readonly name = 'BufferFullError';
  readonly bufferedRecords: number;
  readonly bufferedBytes: number;

  constructor(
    limit: 'maxBufferedRecords' | 'maxBufferedBytes',
    buffered: { records: number; bytes: number },
    max: number,
  ) {
    super(
      ProducerErrorCode.BufferFull,
      `Buffer is full (${buffered.records} records, ${buffered.bytes} bytes; ${limit} is ${max}) and onFull is 'reject'`,
    );
    this.bufferedRecords = buffered.records;
    this.bufferedBytes = buffered.bytes;
  }
}

/**
 * A `put` whose `AbortSignal` fired before Kinesis accepted the record. `cause` is the signal's
 * reason. A record already in a request when the signal fires is not recalled: if Kinesis accepts
 * it the put still resolves; if that attempt fails it is not retried.
 *
 * @example
 * ```ts
 * import { PutAbortedError } from '@kds/producer';
 *
 * const wasAborted = (error: unknown): boolean => error instanceof PutAbortedError;
 * ```
 */
export class PutAbortedError extends withCode(
  ProducerError,
  ProducerErrorCode.PutAborted,
  'The put was aborted before Kinesis accepted the record',
) {
  override readonly name = 'PutAbortedError';
}

/**
 * A strategy that needs the shard map (`hashKeyRoundRobin`) ran while ListShards had not given any
 * open shard, e.g. without the `kinesis:ListShards` permission. `cause` is the ListShards error.
 *
 * @example
 * ```ts
 * import { ShardMapUnavailableError } from '@kds/producer';
 *
 * const needsListShards = (error: unknown): boolean => error instanceof ShardMapUnavailableError;
 * ```
 */
export class ShardMapUnavailableError extends withCode(
  ProducerError,
  ProducerErrorCode.ShardMapUnavailable,
  'No open shard is known: ListShards failed or returned none (it needs the kinesis:ListShards permission)',
) {
  override readonly name = 'ShardMapUnavailableError';
}

/**
 * A request that got no answer within `requestTimeoutMs`. For PutRecords the outcome is unknown:
 * Kinesis may have stored the records, so their retry is counted as a possible duplicate.
 *
 * @example
 * ```ts
 * import { RequestTimeoutError } from '@kds/producer';
 *
 * const timedOut = (error: unknown): boolean => error instanceof RequestTimeoutError;
 * ```
 */
export class RequestTimeoutError extends ProducerError {
  override readonly name = 'RequestTimeoutError';

  constructor(
    operation: string,
    readonly timeoutMs: number,
  ) {
    super(ProducerErrorCode.RequestTimeout, `${operation} got no answer within ${timeoutMs} ms`);
  }
}

/**
 * A PutRecords request that failed in a way no retry can fix (a missing stream, denied access,
 * bad parameters): every record of it rejects with this error, the SDK error as `cause`.
 *
 * @example
 * ```ts
 * import { RequestFailedError } from '@kds/producer';
 *
 * const isFatal = (error: unknown): boolean => error instanceof RequestFailedError;
 * ```
 */
export class RequestFailedError extends ProducerError {
  override readonly name = 'RequestFailedError';

  constructor(
    readonly errorName: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(
      ProducerErrorCode.RequestFailed,
      `PutRecords failed with ${errorName}: ${message}`,
      options,
    );
  }
}

/**
 * A `put` after `close()` began.
 *
 * @example
 * ```ts
 * import { ProducerClosedError } from '@kds/producer';
 *
 * const isClosed = (error: unknown): boolean => error instanceof ProducerClosedError;
 * ```
 */
export class ProducerClosedError extends withCode(
  ProducerError,
  ProducerErrorCode.ProducerClosed,
  'The producer is closed; no more records are accepted',
) {
  override readonly name = 'ProducerClosedError';
}
