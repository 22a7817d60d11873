import type { KinesisClient, KinesisClientConfig } from '@aws-sdk/client-kinesis';
import {
  DEFAULT_INVOKE_IDENTITY_ARN,
  type KinesisStreamBatchResponse,
  type KinesisStreamEvent,
  type KinesisWindowEvent,
  type KinesisWindowResponse,
  MAX_TUMBLING_WINDOW_IN_SECONDS,
} from '@kds/consumer';
import { type FilterCriteria, InvalidOptionError } from '@kds/core';
import type { ShardReadLimiter } from '@kds/reader';
import type { CheckpointStore } from './checkpoint-store.js';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_MAXIMUM_BATCHING_WINDOW_IN_SECONDS,
  DEFAULT_MAXIMUM_RECORD_AGE_IN_SECONDS,
  DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
  DEFAULT_PARALLELIZATION_FACTOR,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_RETRY_DELAY_MS,
  MAX_BATCH_SIZE,
  MAX_MAXIMUM_BATCHING_WINDOW_IN_SECONDS,
  MAX_MAXIMUM_RECORD_AGE_IN_SECONDS,
  MAX_MAXIMUM_RETRY_ATTEMPTS,
  MAX_PARALLELIZATION_FACTOR,
  MIN_MAXIMUM_RECORD_AGE_IN_SECONDS,
  MIN_POLL_INTERVAL_MS,
} from './constants.js';
import type { TriggerSource } from './event-source.js';
import type { OnFailureDestination } from './on-failure.js';

/**
 * Where a shard without a checkpoint starts, with Lambda's names.
 *
 * @example
 * ```ts
 * import { StartingPosition } from '@kds/local';
 *
 * const settings = { startingPosition: StartingPosition.Latest };
 * ```
 */
export const StartingPosition = {
  TrimHorizon: 'TRIM_HORIZON',
  Latest: 'LATEST',
  AtTimestamp: 'AT_TIMESTAMP',
} as const;

/** One of {@link StartingPosition}. */
export type StartingPosition = (typeof StartingPosition)[keyof typeof StartingPosition];

/**
 * Lambda's FunctionResponseTypes values.
 *
 * @example
 * ```ts
 * import { FunctionResponseType } from '@kds/local';
 *
 * const settings = { functionResponseTypes: [FunctionResponseType.ReportBatchItemFailures] };
 * ```
 */
export const FunctionResponseType = { ReportBatchItemFailures: 'ReportBatchItemFailures' } as const;

/** One of {@link FunctionResponseType}. */
export type FunctionResponseType = (typeof FunctionResponseType)[keyof typeof FunctionResponseType];

/** The Lambda context the local trigger passes: the fields a handler commonly reads. */
export interface LocalInvocationContext {
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly invokedFunctionArn: string;
  getRemainingTimeInMillis(): number;
}

/** A Lambda handler for Kinesis events, as the local trigger calls it. */
export type KinesisHandler = (
  event: KinesisStreamEvent,
  context: LocalInvocationContext,
) => Promise<KinesisStreamBatchResponse | undefined> | Promise<void>;

/**
 * A handler for a trigger with `tumblingWindowInSeconds`: it gets the window, the shard and the
 * state, and must return `{ state }` (and may add `batchItemFailures`).
 */
export type KinesisWindowHandler = (
  event: KinesisWindowEvent<never>,
  context: LocalInvocationContext,
) => Promise<KinesisWindowResponse<unknown>>;

/** Lambda's event source mapping settings, with Lambda's names and defaults. */
export interface EventSourceMappingSettings {
  /** Records per invocation at most. Default 100, from 1 to 10,000. */
  batchSize?: number;
  /** Gather records up to this long before invoking. Default 0, at most 300. */
  maximumBatchingWindowInSeconds?: number;
  /**
   * Where a shard without a checkpoint starts. Required, as in Lambda's CreateEventSourceMapping
   * for a stream: there is no default.
   */
  startingPosition: StartingPosition;
  /** With `AT_TIMESTAMP`: a Date, or Unix time in seconds as Lambda takes it. */
  startingPositionTimestamp?: Date | number;
  /** Retries of a failing batch; -1 (default) retries until the records expire. At most 10,000. */
  maximumRetryAttempts?: number;
  /** Discard records older than this; -1 (default) never, else 60 to 604,800. */
  maximumRecordAgeInSeconds?: number;
  /** Split a batch whose invocation failed in two and retry each half. Default false. */
  bisectBatchOnFunctionError?: boolean;
  /** `['ReportBatchItemFailures']` honours `batchItemFailures`; without it they are ignored. */
  functionResponseTypes?: readonly FunctionResponseType[];
  /** Concurrent batches per shard, 1 (default) to 10; order is kept per partition key. */
  parallelizationFactor?: number;
  /** Up to 5 patterns on the JSON `data`; records matching none are skipped and checkpointed. */
  filterCriteria?: FilterCriteria;
  /** Receives an OnFailure record for each batch given up on (one destination or several). */
  onFailure?: OnFailureDestination | readonly OnFailureDestination[];
  /**
   * Tumbling windows of this many seconds (1 to 900; 0 or absent: none): each invocation carries
   * the window and the state the previous one of its shard and window returned.
   */
  tumblingWindowInSeconds?: number;
}

/** Settings of the local poller that Lambda does not have. */
export interface LocalPollerSettings {
  /** Checkpoints per shard. Default: in memory, private to this trigger. */
  checkpointStore?: CheckpointStore;
  /** The name checkpoints are kept under; give two triggers of one stream different names. */
  consumerName?: string;
  /** Function name for the context and OnFailure records. Default `kds-local`. */
  functionName?: string;
  /**
   * The function's execution role, which Lambda puts in every record's `invokeIdentityArn`; its
   * account also goes into the function ARN of the context and OnFailure records. Default
   * `DEFAULT_INVOKE_IDENTITY_ARN` of `@kds/consumer` (`arn:aws:iam::000000000000:role/kds-local-trigger`).
   */
  invokeIdentityArn?: string;
  /** Wait between GetRecords calls on an idle shard. Default 200 ms, at least 200 ms. */
  pollIntervalMs?: number;
  /** Wait before retrying a failed batch. Default 200 ms. */
  retryDelayMs?: number;
  /** Spaces GetRecords calls per shard. Default: shared by every trigger of the process. */
  readLimiter?: ShardReadLimiter;
  /** Called when reading the stream or saving a checkpoint fails (the trigger keeps going). */
  onError?: (error: unknown) => void;
  /** The clock tumbling windows close by, in epoch milliseconds. Default `Date.now`. */
  clock?: () => number;
  /**
   * With a consumer ARN: while a shard is caught up, look this often whether it has ended. Kinesis
   * says so itself (`ChildShards`); kinesis-mock never does. Default: never.
   */
  shardEndCheckIntervalMs?: number;
}

/** Options of `createLocalTrigger`. */
export type LocalTriggerOptions = TriggerSource & {
  /**
   * A {@link KinesisHandler}; with `tumblingWindowInSeconds`, a {@link KinesisWindowHandler} (a
   * method signature, so a handler of the narrower window event fits too).
   */
  handler(
    event: KinesisStreamEvent,
    context: LocalInvocationContext,
  ): ReturnType<KinesisHandler> | ReturnType<KinesisWindowHandler>;
} & EventSourceMappingSettings &
  LocalPollerSettings &
  (
    | { client: KinesisClient; clientConfig?: never }
    | { clientConfig: KinesisClientConfig; client?: never }
  );

/** The settings after defaults and checks. */
export interface ResolvedSettings {
  readonly batchSize: number;
  readonly batchingWindowMs: number;
  readonly startingPosition: StartingPosition;
  readonly startingTimestamp: Date | undefined;
  readonly maximumRetryAttempts: number;
  readonly maximumRecordAgeMs: number;
  readonly bisectBatchOnFunctionError: boolean;
  readonly reportBatchItemFailures: boolean;
  readonly parallelizationFactor: number;
  readonly pollIntervalMs: number;
  readonly retryDelayMs: number;
  /** 0: no tumbling windows. */
  readonly tumblingWindowMs: number;
  readonly clock: () => number;
  readonly invokeIdentityArn: string;
  /** The account of the role: the function's account in the ARNs the trigger writes. */
  readonly accountId: string;
}

/** An IAM role ARN, the shape Lambda requires of a function's execution role. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

function integerIn(option: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(
      option,
      `must be an integer from ${min} to ${max} (got ${String(value)})`,
    );
  }
  return value;
}

/**
 * Applies Lambda's defaults and checks every value against Lambda's ranges; throws
 * {@link InvalidOptionError} naming the option.
 *
 * @example
 * ```ts
 * import { resolveSettings } from './trigger-options.js';
 *
 * const settings = resolveSettings({ startingPosition: 'TRIM_HORIZON', batchSize: 500 });
 * settings.maximumRetryAttempts; // -1, Lambda's default
 * ```
 */
export function resolveSettings(
  options: EventSourceMappingSettings & LocalPollerSettings,
): ResolvedSettings {
  const {
    batchSize = DEFAULT_BATCH_SIZE,
    maximumBatchingWindowInSeconds = DEFAULT_MAXIMUM_BATCHING_WINDOW_IN_SECONDS,
    startingPosition,
    startingPositionTimestamp,
    maximumRetryAttempts = DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
    maximumRecordAgeInSeconds = DEFAULT_MAXIMUM_RECORD_AGE_IN_SECONDS,
    bisectBatchOnFunctionError = false,
    functionResponseTypes = [],
    parallelizationFactor = DEFAULT_PARALLELIZATION_FACTOR,
    pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
    retryDelayMs = DEFAULT_RETRY_DELAY_MS,
    tumblingWindowInSeconds = 0,
    clock = Date.now,
    invokeIdentityArn = DEFAULT_INVOKE_IDENTITY_ARN,
  } = options;
  integerIn('batchSize', batchSize, 1, MAX_BATCH_SIZE);
  if (
    !Number.isFinite(maximumBatchingWindowInSeconds) ||
    maximumBatchingWindowInSeconds < 0 ||
    maximumBatchingWindowInSeconds > MAX_MAXIMUM_BATCHING_WINDOW_IN_SECONDS
  ) {
    throw new InvalidOptionError(
      'maximumBatchingWindowInSeconds',
      `must be from 0 to ${MAX_MAXIMUM_BATCHING_WINDOW_IN_SECONDS} (got ${maximumBatchingWindowInSeconds})`,
    );
  }
  if (startingPosition === undefined) {
    // https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
    throw new InvalidOptionError(
      'startingPosition',
      `is required, as in Lambda's event source mapping for Kinesis: one of ${Object.values(StartingPosition).join(', ')}`,
    );
  }
  if (!Object.values(StartingPosition).includes(startingPosition)) {
    throw new InvalidOptionError(
      'startingPosition',
      `must be one of ${Object.values(StartingPosition).join(', ')} (got ${String(startingPosition)})`,
    );
  }
  let startingTimestamp: Date | undefined;
  if (startingPosition === StartingPosition.AtTimestamp) {
    startingTimestamp =
      typeof startingPositionTimestamp === 'number'
        ? new Date(startingPositionTimestamp * 1000)
        : startingPositionTimestamp;
    if (startingTimestamp === undefined || Number.isNaN(startingTimestamp.getTime())) {
      throw new InvalidOptionError(
        'startingPositionTimestamp',
        'is required with AT_TIMESTAMP: a Date or Unix time in seconds',
      );
    }
  } else if (startingPositionTimestamp !== undefined) {
    throw new InvalidOptionError('startingPositionTimestamp', 'is valid with AT_TIMESTAMP only');
  }
  integerIn('maximumRetryAttempts', maximumRetryAttempts, -1, MAX_MAXIMUM_RETRY_ATTEMPTS);
  if (maximumRecordAgeInSeconds !== -1) {
    integerIn(
      'maximumRecordAgeInSeconds',
      maximumRecordAgeInSeconds,
      MIN_MAXIMUM_RECORD_AGE_IN_SECONDS,
      MAX_MAXIMUM_RECORD_AGE_IN_SECONDS,
    );
  }
  for (const type of functionResponseTypes) {
    if (!Object.values(FunctionResponseType).includes(type)) {
      throw new InvalidOptionError(
        'functionResponseTypes',
        `may only contain ReportBatchItemFailures (got ${String(type)})`,
      );
    }
  }
  integerIn('parallelizationFactor', parallelizationFactor, 1, MAX_PARALLELIZATION_FACTOR);
  if (!Number.isFinite(pollIntervalMs) || pollIntervalMs < MIN_POLL_INTERVAL_MS) {
    throw new InvalidOptionError(
      'pollIntervalMs',
      `must be at least ${MIN_POLL_INTERVAL_MS} ms: a shard serves 5 GetRecords calls per second (got ${pollIntervalMs})`,
    );
  }
  if (!Number.isFinite(retryDelayMs) || retryDelayMs < 0) {
    throw new InvalidOptionError('retryDelayMs', `must be 0 or more (got ${retryDelayMs})`);
  }
  integerIn('tumblingWindowInSeconds', tumblingWindowInSeconds, 0, MAX_TUMBLING_WINDOW_IN_SECONDS);
  if (tumblingWindowInSeconds > 0 && parallelizationFactor > 1) {
    throw new InvalidOptionError(
      'parallelizationFactor',
      'must be 1 with tumblingWindowInSeconds: the local trigger keeps one state per shard and window, so it runs one batch of a shard at a time',
    );
  }
  const role = ROLE_ARN.exec(invokeIdentityArn);
  if (role === null) {
    throw new InvalidOptionError(
      'invokeIdentityArn',
      `must be an IAM role ARN, arn:aws:iam::<12-digit account>:role/<name> (got ${JSON.stringify(invokeIdentityArn)})`,
    );
  }
  return {
    batchSize,
    batchingWindowMs: maximumBatchingWindowInSeconds * 1000,
    startingPosition,
    startingTimestamp,
    maximumRetryAttempts,
    maximumRecordAgeMs: maximumRecordAgeInSeconds * 1000,
    bisectBatchOnFunctionError,
    reportBatchItemFailures: functionResponseTypes.includes(
      FunctionResponseType.ReportBatchItemFailures,
    ),
    parallelizationFactor,
    pollIntervalMs,
    retryDelayMs,
    tumblingWindowMs: tumblingWindowInSeconds * 1000,
    clock,
    invokeIdentityArn,
    accountId: role[1] as string,
  };
}
