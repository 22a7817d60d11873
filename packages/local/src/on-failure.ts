import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { KinesisStreamRecord } from '@kds/consumer';

/**
 * Why Lambda gave up on a batch, as its OnFailure record says.
 *
 * @example
 * ```ts
 * import { OnFailureCondition, type OnFailureRecord } from '@kds/local';
 *
 * const tooOld = (record: OnFailureRecord): boolean =>
 *   record.requestContext.condition === OnFailureCondition.RecordAgeExceeded;
 * ```
 */
export const OnFailureCondition = {
  /** `maximumRetryAttempts` retries failed. */
  RetryAttemptsExhausted: 'RetryAttemptsExhausted',
  /** The records became older than `maximumRecordAgeInSeconds`. */
  RecordAgeExceeded: 'RecordAgeExceeded',
} as const;

/** One of {@link OnFailureCondition}. */
export type OnFailureCondition = (typeof OnFailureCondition)[keyof typeof OnFailureCondition];

/** The pointer to the discarded records: Lambda sends where they are, not the data. */
export interface KinesisBatchInfo {
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  /** ISO 8601 with milliseconds, e.g. `2019-11-14T00:38:04.835Z`. */
  readonly approximateArrivalOfFirstRecord: string;
  readonly approximateArrivalOfLastRecord: string;
  readonly batchSize: number;
  readonly streamArn: string;
}

/**
 * The JSON document Lambda sends to a Kinesis event source mapping's OnFailure destination
 * (AWS Lambda Developer Guide, "Using AWS Lambda with Amazon Kinesis", example invocation record).
 */
export interface OnFailureRecord {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: OnFailureCondition;
    readonly approximateInvokeCount: number;
  };
  /**
   * The last invocation's response. Absent from a `RecordAgeExceeded` record: Lambda gave the
   * records up before invoking.
   */
  readonly responseContext?: {
    readonly statusCode: number;
    readonly executedVersion: string;
    /** `Unhandled` when the function threw; `null` when it answered (a `batchItemFailures`). */
    readonly functionError: string | null;
  };
  readonly version: '1.0';
  /** ISO 8601 time the batch was discarded. */
  readonly timestamp: string;
  readonly KinesisBatchInfo: KinesisBatchInfo;
}

/** What the local trigger knows beside the OnFailure record: the last error and the records. */
export interface FailedBatchDetails {
  /** The error of the last invocation, or `undefined` for records that became too old. */
  readonly error: unknown;
  /** The discarded records, as the handler saw them. */
  readonly records: readonly KinesisStreamRecord[];
}

/** An OnFailure destination: receives each batch the trigger discards. */
export type OnFailureDestination = (
  record: OnFailureRecord,
  details: FailedBatchDetails,
) => void | Promise<void>;

/**
 * A destination that appends each OnFailure record as one JSON line to a file (created with its
 * folder when missing), like an SQS queue you can read with `cat`.
 *
 * @example
 * ```ts
 * import { createJsonLinesDestination } from '@kds/local';
 *
 * const onFailure = createJsonLinesDestination('failures.jsonl');
 * ```
 */
export function createJsonLinesDestination(path: string): OnFailureDestination {
  let ready: Promise<unknown> | undefined;
  // Appends are chained so lines never interleave, whatever the shard that failed.
  let tail: Promise<void> = Promise.resolve();
  return (record) => {
    ready ??= mkdir(dirname(path), { recursive: true });
    tail = tail.then(async () => {
      await ready;
      await appendFile(path, `${JSON.stringify(record)}\n`, 'utf8');
    });
    return tail;
  };
}

const isoMillis = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString();

/**
 * Builds the OnFailure record of discarded records of one shard, field for field like Lambda's
 * (https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html): a
 * `RetryAttemptsExhausted` record carries the last response (`functionError` `"Unhandled"` when the
 * function threw, `null` otherwise); a `RecordAgeExceeded` record has no `responseContext` and an
 * `approximateInvokeCount` of 1, as the records Lambda writes for expired records do.
 *
 * @example
 * ```ts
 * import { toOnFailureRecord } from './on-failure.js';
 *
 * const record = toOnFailureRecord([], {
 *   shardId: 'shardId-000000000000',
 *   streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/S',
 *   functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
 *   requestId: '00000000-0000-0000-0000-000000000000',
 *   condition: 'RetryAttemptsExhausted',
 *   invokeCount: 1,
 *   functionError: true,
 * });
 * ```
 */
export function toOnFailureRecord(
  records: readonly KinesisStreamRecord[],
  context: {
    readonly shardId: string;
    readonly streamArn: string;
    readonly functionArn: string;
    readonly requestId: string;
    readonly condition: OnFailureCondition;
    readonly invokeCount: number;
    readonly functionError: boolean;
  },
): OnFailureRecord {
  const first = records[0];
  const last = records.at(-1);
  const expired = context.condition === OnFailureCondition.RecordAgeExceeded;
  return {
    requestContext: {
      requestId: context.requestId,
      functionArn: context.functionArn,
      condition: context.condition,
      approximateInvokeCount: expired ? 1 : context.invokeCount,
    },
    ...(expired
      ? {}
      : {
          responseContext: {
            statusCode: 200,
            executedVersion: '$LATEST',
            functionError: context.functionError ? 'Unhandled' : null,
          },
        }),
    version: '1.0',
    timestamp: new Date().toISOString(),
    KinesisBatchInfo: {
      shardId: context.shardId,
      startSequenceNumber: first?.kinesis.sequenceNumber ?? '',
      endSequenceNumber: last?.kinesis.sequenceNumber ?? '',
      approximateArrivalOfFirstRecord: isoMillis(first?.kinesis.approximateArrivalTimestamp ?? 0),
      approximateArrivalOfLastRecord: isoMillis(last?.kinesis.approximateArrivalTimestamp ?? 0),
      batchSize: records.length,
      streamArn: context.streamArn,
    },
  };
}
