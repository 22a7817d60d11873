import { type ErrorCodeOf, KdsError } from '@kds/core';

/**
 * The `code` of every error `@kds/local` throws or records.
 *
 * @example
 * ```ts
 * import { LocalError, LocalErrorCode } from '@kds/local';
 *
 * const timedOut = (error: unknown): boolean =>
 *   error instanceof LocalError && error.code === LocalErrorCode.WaitTimeout;
 * ```
 */
export const LocalErrorCode = {
  /** A wait ran out of time (`WaitTimeoutError`). */
  WaitTimeout: 'WAIT_TIMEOUT',
  /** A `filterCriteria` Lambda would refuse (`InvalidFilterCriteriaError`). */
  InvalidFilterCriteria: 'INVALID_FILTER_CRITERIA',
  /** A shard count `reshard` cannot reach in one step (`InvalidShardCountError`). */
  InvalidShardCount: 'INVALID_SHARD_COUNT',
  /** A handler response that fails the whole batch (`MalformedResponseError`). */
  MalformedResponse: 'MALFORMED_RESPONSE',
  /** A handler reported some records as failed (`PartialBatchFailureError`). */
  PartialBatchFailure: 'PARTIAL_BATCH_FAILURE',
  /** A reshard Kinesis refused or that did not complete (`ReshardError`). */
  ReshardFailed: 'RESHARD_FAILED',
  /** A tumbling window's state over Lambda's 1 MB cap (`WindowStateTooLargeError`). */
  WindowStateTooLarge: 'WINDOW_STATE_TOO_LARGE',
} as const;

/** One of {@link LocalErrorCode}. */
export type LocalErrorCode = ErrorCodeOf<typeof LocalErrorCode>;

/**
 * The base of every error `@kds/local` throws: a readonly `code` and the `cause`. A bad option
 * throws `InvalidOptionError` of `@kds/core` (re-exported here), not a `LocalError`.
 *
 * @example
 * ```ts
 * import { LocalError } from '@kds/local';
 *
 * const codeOf = (error: unknown): string | undefined => (error instanceof LocalError ? error.code : undefined);
 * ```
 */
export class LocalError extends KdsError<LocalErrorCode> {
  override readonly name: string = 'LocalError';
}

/**
 * A wait that ran out of time (a stream not ACTIVE, a trigger that did not reach its target).
 *
 * @example
 * ```ts
 * import { WaitTimeoutError } from '@kds/local';
 *
 * const timedOut = (error: unknown): boolean => error instanceof WaitTimeoutError;
 * ```
 */
export class WaitTimeoutError extends LocalError {
  override readonly name = 'WaitTimeoutError';

  constructor(what: string, timeoutMs: number) {
    super(LocalErrorCode.WaitTimeout, `Timed out after ${timeoutMs} ms waiting for ${what}`);
  }
}

/**
 * A `filterCriteria` that Lambda would refuse: more than 5 filters, a pattern that is not JSON, a
 * key other than `data`, a pattern AWS refuses (the message gives AWS's reason, e.g.
 * `Null prefix/suffix not allowed`), or an EventBridge operator Lambda does not accept.
 *
 * @example
 * ```ts
 * import { InvalidFilterCriteriaError } from '@kds/local';
 *
 * const badFilter = (error: unknown): boolean => error instanceof InvalidFilterCriteriaError;
 * ```
 */
export class InvalidFilterCriteriaError extends LocalError {
  override readonly name = 'InvalidFilterCriteriaError';

  constructor(message: string, options?: ErrorOptions) {
    super(LocalErrorCode.InvalidFilterCriteria, `Invalid filterCriteria: ${message}`, options);
  }
}

/**
 * A shard count `reshard` cannot reach in one step: Kinesis scales to at most double and at least
 * half the open shards per call.
 *
 * @example
 * ```ts
 * import { InvalidShardCountError } from '@kds/local';
 *
 * const outOfRange = (error: unknown): boolean => error instanceof InvalidShardCountError;
 * ```
 */
export class InvalidShardCountError extends LocalError {
  override readonly name = 'InvalidShardCountError';

  constructor(
    readonly currentShardCount: number,
    readonly targetShardCount: number,
    reason: string,
  ) {
    super(
      LocalErrorCode.InvalidShardCount,
      `Cannot reshard from ${currentShardCount} to ${targetShardCount} shards: ${reason}`,
    );
  }
}

/**
 * What the trigger records when a handler's response fails the whole batch, as Lambda does: a
 * `batchItemFailures` that is not a list, or an item with an empty, missing or unknown
 * `itemIdentifier`.
 *
 * @example
 * ```ts
 * import { MalformedResponseError } from '@kds/local';
 *
 * const malformed = (error: unknown): boolean => error instanceof MalformedResponseError;
 * ```
 */
export class MalformedResponseError extends LocalError {
  override readonly name = 'MalformedResponseError';

  constructor(detail: string) {
    super(
      LocalErrorCode.MalformedResponse,
      `The handler returned a malformed batch response: ${detail}`,
    );
  }
}

/**
 * What the trigger records when a handler reported some records as failed (`batchItemFailures`).
 *
 * @example
 * ```ts
 * import { PartialBatchFailureError } from '@kds/local';
 *
 * const partial = (error: unknown): boolean => error instanceof PartialBatchFailureError;
 * ```
 */
export class PartialBatchFailureError extends LocalError {
  override readonly name = 'PartialBatchFailureError';

  constructor(
    failures: number,
    /** The lowest sequence number the handler reported; the retry starts there. */
    readonly sequenceNumber: string,
  ) {
    super(
      LocalErrorCode.PartialBatchFailure,
      `The handler reported ${failures} failed record(s), the first at sequence number ${sequenceNumber}`,
    );
  }
}

/**
 * A reshard that Kinesis refused or that did not complete; the cause is the service's error.
 *
 * @example
 * ```ts
 * import { ReshardError } from '@kds/local';
 *
 * const failed = (error: unknown): boolean => error instanceof ReshardError;
 * ```
 */
export class ReshardError extends LocalError {
  override readonly name = 'ReshardError';

  constructor(streamName: string, step: string, options: ErrorOptions = {}) {
    const reason = options.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(
      LocalErrorCode.ReshardFailed,
      `Resharding ${streamName} failed at ${step}${reason}`,
      options,
    );
  }
}

/**
 * A windowed handler returned a state over Lambda's 1 MB cap (`MAX_WINDOW_STATE_BYTES`). The trigger
 * reports it to `onError` and terminates the window early, as Lambda does: a final invocation with
 * the last state that fitted (`isWindowTerminatedEarly: true`), then the batch again in a fresh
 * state. When even a fresh state overflows, the batch fails with this error (retries, bisection,
 * OnFailure).
 *
 * @example
 * ```ts
 * import { WindowStateTooLargeError } from '@kds/local';
 *
 * const overflow = (error: unknown): boolean => error instanceof WindowStateTooLargeError;
 * ```
 */
export class WindowStateTooLargeError extends LocalError {
  override readonly name = 'WindowStateTooLargeError';
  readonly shardId: string;
  /** The window's start, ISO 8601. */
  readonly windowStart: string;

  constructor(
    /** The bytes of the state's JSON. */
    readonly bytes: number,
    limit: number,
    where: { shardId: string; windowStart: string },
  ) {
    super(
      LocalErrorCode.WindowStateTooLarge,
      `The handler returned a window state of ${bytes} bytes for ${where.shardId}, window ${where.windowStart}: over the ${limit}-byte cap Lambda keeps per shard`,
    );
    this.shardId = where.shardId;
    this.windowStart = where.windowStart;
  }
}
