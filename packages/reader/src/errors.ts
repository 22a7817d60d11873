import { CoreErrorCode, type ErrorCodeOf, KdsError } from '@kds/core';

// The one error of every kds package for an option out of range.
export { InvalidOptionError } from '@kds/core';

/**
 * The `code` of every error `@kds/reader` throws.
 *
 * @example
 * ```ts
 * import { ReaderError, ReaderErrorCode } from '@kds/reader';
 *
 * const streamGone = (error: unknown): boolean =>
 *   error instanceof ReaderError && error.code === ReaderErrorCode.StreamNotFound;
 * ```
 */
export const ReaderErrorCode = {
  /** ResourceNotFoundException: the stream or shard does not exist (any more). */
  StreamNotFound: 'STREAM_NOT_FOUND',
  /** AccessDeniedException: the credentials may not read the stream. */
  AccessDenied: 'ACCESS_DENIED',
  /** ValidationException or InvalidArgumentException: Kinesis refused the request as written. */
  InvalidRequest: 'INVALID_REQUEST',
  /** The reader's `signal` fired or `close()` was called while a read waited. */
  Aborted: 'ABORTED',
  /** An option outside what is accepted: thrown as `InvalidOptionError` of `@kds/core`. */
  InvalidOption: CoreErrorCode.InvalidOption,
  /** A wait that ran out of time (a stream that did not become ACTIVE). */
  WaitTimeout: 'WAIT_TIMEOUT',
} as const;

/** One of {@link ReaderErrorCode}. */
export type ReaderErrorCode = ErrorCodeOf<typeof ReaderErrorCode>;

/**
 * The base of every error `@kds/reader` throws: a readonly `code` and the `cause`.
 *
 * @example
 * ```ts
 * import { ReaderError } from '@kds/reader';
 *
 * const describeFailure = (error: unknown): string =>
 *   error instanceof ReaderError ? `${error.code}: ${error.message}` : String(error);
 * ```
 */
export class ReaderError extends KdsError<ReaderErrorCode> {
  override readonly name: string = 'ReaderError';
}

/**
 * Kinesis refused a GetShardIterator or GetRecords call in a way no retry fixes; `cause` is the
 * service's exception.
 *
 * @example
 * ```ts
 * import { ReaderErrorCode, ShardReadError } from '@kds/reader';
 *
 * // A shard whose stream was deleted is given up; other failures are worth a report.
 * const shardGone = (error: unknown): boolean =>
 *   error instanceof ShardReadError && error.code === ReaderErrorCode.StreamNotFound;
 * ```
 */
export class ShardReadError extends ReaderError {
  override readonly name = 'ShardReadError';

  constructor(
    code: ReaderErrorCode,
    /** The shard being read. */
    readonly shardId: string,
    operation: string,
    options: ErrorOptions = {},
  ) {
    const reason = options.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(code, `${operation} on ${shardId} failed${reason}`, options);
  }
}

/**
 * A read given up because the reader's `signal` fired or the reader was closed.
 *
 * @example
 * ```ts
 * import { ReadAbortedError, type ShardReader } from '@kds/reader';
 *
 * // A loop that ends quietly when its reader is closed.
 * async function drain(reader: ShardReader): Promise<void> {
 *   try {
 *     for (;;) if ((await reader.read()).ended) return;
 *   } catch (error) {
 *     if (!(error instanceof ReadAbortedError)) throw error;
 *   }
 * }
 * ```
 */
export class ReadAbortedError extends ReaderError {
  override readonly name = 'ReadAbortedError';

  constructor(shardId: string, options?: ErrorOptions) {
    super(ReaderErrorCode.Aborted, `Reading ${shardId} was aborted`, options);
  }
}

/**
 * A wait that ran out of time, e.g. a stream that did not become ACTIVE.
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { WaitTimeoutError, waitForStreamActive } from '@kds/reader';
 *
 * const arn = await waitForStreamActive(new KinesisClient({}), 'TestDataStream').catch((error: unknown) => {
 *   if (error instanceof WaitTimeoutError) return undefined;
 *   throw error;
 * });
 * ```
 */
export class WaitTimeoutError extends ReaderError {
  override readonly name = 'WaitTimeoutError';

  constructor(what: string, timeoutMs: number) {
    super(ReaderErrorCode.WaitTimeout, `Timed out after ${timeoutMs} ms waiting for ${what}`);
  }
}
