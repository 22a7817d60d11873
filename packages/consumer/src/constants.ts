import { DEFAULT_MAX_RECORD_BYTES } from '@kds/core';

/**
 * Default cap on the bytes a gzip record inflates to: ten times the default record size, more than
 * JSON readings compress by, and few enough that a gzip bomb cannot exhaust a Lambda's memory.
 *
 * @example
 * ```ts
 * import { createDecoder, DEFAULT_MAX_DECOMPRESSED_BYTES } from '@kds/consumer';
 * import { ReadingSchema } from '@kds/schema';
 *
 * const decoder = createDecoder({ schema: ReadingSchema, maxDecompressedBytes: DEFAULT_MAX_DECOMPRESSED_BYTES / 10 });
 * ```
 */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 10 * DEFAULT_MAX_RECORD_BYTES;

/**
 * Time kept back from the Lambda's remaining time when the adapter hands a deadline to the sink:
 * enough to return the response and write the logs. Half the remaining time when less is left.
 *
 * @example
 * ```ts
 * import { DEFAULT_TIME_RESERVE_MS } from '@kds/consumer';
 *
 * // With 3 s left, the sink is asked to finish within 3000 - 1000 ms.
 * const sinkBudgetMs = 3_000 - Math.min(DEFAULT_TIME_RESERVE_MS, 3_000 / 2);
 * ```
 */
export const DEFAULT_TIME_RESERVE_MS = 1_000;

/**
 * What the adapter does with a record that can never decode (bad base64, aggregate, gzip, JSON or
 * schema, or a user record outside its shard's hash key range). Each user record of a KPL
 * aggregate is subject to it on its own; a failure reports the aggregate's sequence number.
 *
 * @example
 * ```ts
 * import { createDecoder, PoisonPolicy, processKinesisEvent, type KinesisStreamEvent } from '@kds/consumer';
 * import { ReadingSchema } from '@kds/schema';
 *
 * const decoder = createDecoder({ schema: ReadingSchema });
 * export const handler = (event: KinesisStreamEvent) =>
 *   processKinesisEvent(event, { decoder, poison: PoisonPolicy.Fail, sink: async () => undefined });
 * ```
 */
export const PoisonPolicy = {
  /**
   * Hand it to `onPoison` (log, dead-letter) and checkpoint past it, so one bad record cannot block
   * a shard. The default of {@link processKinesisEvent}.
   */
  Skip: 'skip',
  /**
   * Report its sequence number in `batchItemFailures`, but still process and store the records
   * after it, so that when the trigger's bounded retries give up no good record of the batch was
   * lost.
   */
  Report: 'report',
  /** Report its sequence number and stop there: nothing after it is processed. */
  Fail: 'fail',
} as const;

/** One of {@link PoisonPolicy}. */
export type PoisonPolicy = (typeof PoisonPolicy)[keyof typeof PoisonPolicy];

/**
 * The `invokeIdentityArn` {@link toKinesisStreamEvent} puts in each record when its source names
 * none: a role of the placeholder account `000000000000`, the one the local trigger of `@kds/local`
 * reports. Lambda puts the function's execution role there.
 *
 * @example
 * ```ts
 * import { DEFAULT_INVOKE_IDENTITY_ARN, toKinesisStreamEvent } from '@kds/consumer';
 *
 * const event = toKinesisStreamEvent([], {
 *   shardId: 'shardId-000000000000',
 *   streamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/TestDataStream',
 *   region: 'us-east-1',
 * });
 * event.Records.every((record) => record.invokeIdentityArn === DEFAULT_INVOKE_IDENTITY_ARN); // true
 * ```
 */
export const DEFAULT_INVOKE_IDENTITY_ARN = 'arn:aws:iam::000000000000:role/kds-local-trigger';
