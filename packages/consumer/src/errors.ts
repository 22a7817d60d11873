import { type ErrorCodeOf, KdsError, withCode } from '@kds/core';

/**
 * Why a record (or one user record of a KPL aggregate) could not be decoded.
 *
 * @example
 * ```ts
 * import { DecodeErrorCode, type DecodeResult } from '@kds/consumer';
 *
 * const tooLarge = (result: DecodeResult<unknown>): boolean =>
 *   !result.ok && result.error.code === DecodeErrorCode.TooLarge;
 * ```
 */
export const DecodeErrorCode = {
  /** `kinesis.data` is missing or not strict base64 (standard alphabet, padded). */
  BadBase64: 'BAD_BASE64',
  /** The bytes exceed `maxRecordBytes`, or a gzip record inflates past `maxDecompressedBytes`. */
  TooLarge: 'TOO_LARGE',
  /** The bytes start with the gzip magic but do not inflate. */
  BadGzip: 'BAD_GZIP',
  /** The deaggregation stage found a KPL aggregate it could not read. */
  BadAggregate: 'BAD_AGGREGATE',
  /**
   * A user record of an aggregate hashes outside the hash key range of the shard it was read from
   * (checked with `shardHashRanges`); the KCL drops such records, the decoder reports them.
   */
  HashKeyOutOfRange: 'HASH_KEY_OUT_OF_RANGE',
  /** `decode()` met a KPL aggregate of several user records: use `decodeAll()`. */
  Aggregated: 'AGGREGATED',
  /** The bytes are not UTF-8 JSON, or the JSON holds a `__proto__` / `constructor.prototype` key. */
  BadJson: 'BAD_JSON',
  /** The JSON does not match the schema; `issues` says where. */
  Schema: 'SCHEMA',
} as const;

/** One of {@link DecodeErrorCode}. */
export type DecodeErrorCode = ErrorCodeOf<typeof DecodeErrorCode>;

/** One finding of a schema: where (a path of keys) and what. */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * The `code` of every error `@kds/consumer` returns or throws: those of {@link DecodeErrorCode}
 * and the codes of the failures `processKinesisEvent` reports.
 *
 * @example
 * ```ts
 * import { ConsumerErrorCode, type RecordFailure } from '@kds/consumer';
 *
 * const stepThrew = (failure: RecordFailure): boolean =>
 *   (failure.error as { code?: unknown }).code === ConsumerErrorCode.Step;
 * ```
 */
export const ConsumerErrorCode = {
  ...DecodeErrorCode,
  /** A sink could not store a value (`SinkError`; a sink's subclass may bring its own codes). */
  Sink: 'SINK',
  /** A pipeline step threw (`StepError`). */
  Step: 'STEP',
  /** The `onPoison` hook threw or rejected (`PoisonHookError`). */
  PoisonHook: 'POISON_HOOK',
  /** The event is not a Lambda Kinesis event (`EventError`). */
  BadEvent: 'BAD_EVENT',
  /** A tumbling window's state that does not match its schema (`WindowStateError`). */
  WindowState: 'WINDOW_STATE',
  /** A `where`/`and`/`or` rule that a Lambda filter pattern cannot express (`FilterRuleError`). */
  FilterRule: 'FILTER_RULE',
} as const;

/** One of {@link ConsumerErrorCode}. */
export type ConsumerErrorCode = ErrorCodeOf<typeof ConsumerErrorCode>;

/**
 * The base of every error `@kds/consumer` returns or throws: a readonly `code` and the `cause`.
 * A sink package's errors extend {@link SinkError} with codes of their own map, hence the type
 * parameter.
 *
 * @example
 * ```ts
 * import { ConsumerError } from '@kds/consumer';
 *
 * const codeOf = (error: unknown): string | undefined =>
 *   error instanceof ConsumerError ? error.code : undefined;
 * ```
 */
export class ConsumerError<Code extends string = ConsumerErrorCode> extends KdsError<Code> {
  override readonly name: string = 'ConsumerError';
}

/**
 * A record that cannot be decoded: bad base64, too large, bad gzip, not JSON, or not matching the
 * schema. The message names the field at fault; `issues` holds the schema's findings.
 *
 * @example
 * ```ts
 * import { DecodeError } from '@kds/consumer';
 *
 * const isPoison = (error: unknown): boolean => error instanceof DecodeError;
 * ```
 */
export class DecodeError extends ConsumerError<DecodeErrorCode> {
  override readonly name: string = 'DecodeError';
  readonly issues: readonly SchemaIssue[];

  constructor(
    code: DecodeErrorCode,
    message: string,
    options: ErrorOptions & { issues?: readonly SchemaIssue[] } = {},
  ) {
    super(code, message, options);
    this.issues = options.issues ?? [];
  }
}

/**
 * A user record of a KPL aggregate whose hash key (its explicit hash key, else the MD5 of its
 * partition key) is outside the hash key range of the shard the aggregate was read from. It happens
 * when the producer's aggregator was not shard-aware, or packed records for a shard that was split
 * or merged before the aggregate was put. Returned with code `HASH_KEY_OUT_OF_RANGE`; the hash keys
 * are decimal strings.
 *
 * @example
 * ```ts
 * import { HashKeyOutOfRangeError, type DecodeResult } from '@kds/consumer';
 *
 * function describe(result: DecodeResult<unknown>): string | undefined {
 *   if (result.ok || !(result.error instanceof HashKeyOutOfRangeError)) return undefined;
 *   const { hashKey, startingHashKey, endingHashKey, shardId } = result.error;
 *   return `${hashKey} is outside ${startingHashKey}..${endingHashKey} (${shardId})`;
 * }
 * ```
 */
export class HashKeyOutOfRangeError extends DecodeError {
  override readonly name: string = 'HashKeyOutOfRangeError';
  declare readonly code: typeof DecodeErrorCode.HashKeyOutOfRange;
  /** The user record's hash key. */
  readonly hashKey: string;
  /** The shard's `StartingHashKey`. */
  readonly startingHashKey: string;
  /** The shard's `EndingHashKey`. */
  readonly endingHashKey: string;
  /** The shard the record was read from, from its `eventID`; `undefined` if that has none. */
  readonly shardId: string | undefined;

  constructor(
    message: string,
    details: {
      hashKey: string;
      startingHashKey: string;
      endingHashKey: string;
      shardId: string | undefined;
    },
  ) {
    super(DecodeErrorCode.HashKeyOutOfRange, message);
    this.hashKey = details.hashKey;
    this.startingHashKey = details.startingHashKey;
    this.endingHashKey = details.endingHashKey;
    this.shardId = details.shardId;
  }
}

/**
 * A value the sink could not store (after its own retries), or a sink that failed as a whole.
 * Sinks may subclass it with their own codes; the default code is `SINK`.
 *
 * @example
 * ```ts
 * import { SinkError } from '@kds/consumer';
 *
 * const isSinkFailure = (error: unknown): boolean => error instanceof SinkError;
 * ```
 */
export class SinkError<Code extends string = ConsumerErrorCode> extends ConsumerError<Code> {
  override readonly name: string = 'SinkError';

  constructor(message: string, options: ErrorOptions & { code?: Code } = {}) {
    super(options.code ?? (ConsumerErrorCode.Sink as Code), message, options);
  }
}

/**
 * A pipeline step (a `filter` or `map` function of yours) threw on a value. The record is reported
 * as failed, so Lambda retries from it.
 *
 * @example
 * ```ts
 * import { StepError } from '@kds/consumer';
 *
 * const isStepFailure = (error: unknown): boolean => error instanceof StepError;
 * ```
 */
export class StepError extends withCode(ConsumerError, ConsumerErrorCode.Step) {
  override readonly name: string = 'StepError';
}

/**
 * The `onPoison` hook threw or rejected: the poison record could not be parked, so it is reported
 * instead of skipped.
 *
 * @example
 * ```ts
 * import { PoisonHookError } from '@kds/consumer';
 *
 * const hookFailed = (error: unknown): boolean => error instanceof PoisonHookError;
 * ```
 */
export class PoisonHookError extends withCode(ConsumerError, ConsumerErrorCode.PoisonHook) {
  override readonly name: string = 'PoisonHookError';
}

/**
 * The event is not a Lambda Kinesis event: no `Records` array, or a record without a string
 * `kinesis.sequenceNumber`. Thrown, since no record of it can be reported.
 *
 * @example
 * ```ts
 * import { EventError } from '@kds/consumer';
 *
 * const isBadEvent = (error: unknown): boolean => error instanceof EventError;
 * ```
 */
export class EventError extends withCode(ConsumerError, ConsumerErrorCode.BadEvent) {
  override readonly name: string = 'EventError';
}

/**
 * The `state` of a tumbling-window event does not match the handler's state schema (or is not an
 * object). Thrown, so the invocation fails and Lambda retries it; `issues` says where.
 *
 * @example
 * ```ts
 * import { WindowStateError } from '@kds/consumer';
 *
 * const badState = (error: unknown): boolean => error instanceof WindowStateError;
 * ```
 */
export class WindowStateError extends ConsumerError {
  override readonly name: string = 'WindowStateError';

  constructor(
    message: string,
    readonly issues: readonly SchemaIssue[] = [],
  ) {
    super(ConsumerErrorCode.WindowState, message);
  }
}

/**
 * A rule of `where`, `and`, `or` or `toFilterCriteria` that no Lambda filter pattern expresses:
 * an ordering operator on a string, a field Lambda reads as a path (`"a.b"`, `"$or"`), an operand
 * that is neither a finite number nor a string, an unknown operator, two conditions on one field
 * that do not make a numeric range, or more than 5 patterns. Thrown when the rule is built, so a
 * predicate and its exported pattern can never disagree. The message names the function and what
 * was wrong.
 *
 * @example
 * ```ts
 * import { FilterRuleError, where } from '@kds/consumer';
 *
 * try {
 *   where('Spot', '>', 'M');
 * } catch (error) {
 *   if (error instanceof FilterRuleError) console.error(error.message);
 *   // where(): ">" compares numbers only; Lambda filters cannot order strings
 * }
 * ```
 */
export class FilterRuleError extends withCode(ConsumerError, ConsumerErrorCode.FilterRule) {
  override readonly name: string = 'FilterRuleError';
}
