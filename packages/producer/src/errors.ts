/**
 * The base of every error `@kds/producer` throws or rejects with: a readonly `code` and the
 * original `cause`.
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
export class ProducerError extends Error {
  override readonly name: string = 'ProducerError';
  readonly code: string;

  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
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
  readonly size: number;
  readonly limit: number;

  constructor(size: number, limit: number) {
    super(
      'RECORD_TOO_LARGE',
      `Record is ${size} bytes (data + partition key); the limit is ${limit} bytes`,
    );
    this.size = size;
    this.limit = limit;
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
    super('INVALID_PARTITION_KEY', message);
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
      'INVALID_HASH_KEY',
      `ExplicitHashKey "${hashKey}" is not a decimal integer between 0 and 2^128-1`,
    );
  }
}

/**
 * A record Kinesis did not accept within its time to live (`recordTtlMs`). `lastErrorCode` is the
 * last reason it was refused (e.g. `ProvisionedThroughputExceededException`).
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
  readonly lastErrorCode: string;
  readonly attempts: number;

  constructor(lastErrorCode: string, attempts: number, options: { cause?: unknown } = {}) {
    super(
      'RECORD_EXPIRED',
      `Record was not accepted before its time to live ran out after ${attempts} attempt(s); last error: ${lastErrorCode}`,
      options,
    );
    this.lastErrorCode = lastErrorCode;
    this.attempts = attempts;
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
  readonly errorName: string;

  constructor(errorName: string, message: string, options: { cause?: unknown } = {}) {
    super('REQUEST_FAILED', `PutRecords failed with ${errorName}: ${message}`, options);
    this.errorName = errorName;
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
export class ProducerClosedError extends ProducerError {
  override readonly name = 'ProducerClosedError';

  constructor() {
    super('PRODUCER_CLOSED', 'The producer is closed; no more records are accepted');
  }
}
