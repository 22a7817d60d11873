import { SinkError } from '@kds/consumer';
import type { ErrorCodeOf } from '@kds/core';

/**
 * Why the DynamoDB sink did not store an item, or failed as a whole.
 *
 * @example
 * ```ts
 * import { DynamoDbSinkErrorCode } from '@kds/dynamodb';
 *
 * const throttled = (error: { code?: string }): boolean =>
 *   error.code === DynamoDbSinkErrorCode.Unprocessed;
 * ```
 */
export const DynamoDbSinkErrorCode = {
  /** DynamoDB kept returning the item in UnprocessedItems (throttling) until the deadline. */
  Unprocessed: 'UNPROCESSED',
  /** BatchWriteItem kept failing with a retryable error until the deadline, or failed for good. */
  WriteFailed: 'WRITE_FAILED',
  /** The item lacks a key attribute, has one of the wrong type, or DynamoDB refused it. */
  InvalidItem: 'INVALID_ITEM',
  /** Not written because an earlier write of the batch failed (Lambda retries from there). */
  NotAttempted: 'NOT_ATTEMPTED',
  /** The table's key schema could not be read (DescribeTable failed). */
  KeySchema: 'KEY_SCHEMA',
} as const;

/** One of {@link DynamoDbSinkErrorCode}. */
export type DynamoDbSinkErrorCode = ErrorCodeOf<typeof DynamoDbSinkErrorCode>;

/**
 * The error of `@kds/dynamodb`: in a sink result for an item it did not store, or thrown when the
 * sink failed as a whole (`WRITE_FAILED` for an error no retry can fix, `KEY_SCHEMA`). It is a
 * `SinkError` of `@kds/consumer`, with the AWS error as `cause`.
 *
 * @example
 * ```ts
 * import { DynamoDbSinkError } from '@kds/dynamodb';
 *
 * const throttled = (error: unknown): boolean =>
 *   error instanceof DynamoDbSinkError && error.code === 'UNPROCESSED';
 * ```
 */
export class DynamoDbSinkError extends SinkError<DynamoDbSinkErrorCode> {
  override readonly name: string = 'DynamoDbSinkError';

  constructor(code: DynamoDbSinkErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, { cause: options.cause, code });
  }
}
