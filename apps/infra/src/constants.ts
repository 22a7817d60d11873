/**
 * Defaults and limits of the readings stack. Kinesis limits are AWS's published figures (see
 * docs/kinesis-facts.md); the rest are choices for the tutorial's load, named so they are
 * changed in one place.
 */

/** The tutorial's stream has two shards. */
export const DEFAULT_SHARD_COUNT = 2;

/** Kinesis keeps records 24 h by default (the retention included in the shard-hour price). */
export const DEFAULT_RETENTION_HOURS = 24;

/** Records per invocation: Lambda's default for Kinesis (@kds/core). */
export { DEFAULT_BATCH_SIZE } from '@kds/core';

/** Wait up to 1 s to fill a batch: fewer, fuller invocations at the tutorial's trickle. Lambda allows 0 to 300 s. */
export const DEFAULT_MAX_BATCHING_WINDOW_SECONDS = 1;

/**
 * Retries of a failing batch before its range goes to the failure queue. Bisected halves do not
 * use them up, so a poison record is isolated well within three.
 */
export const DEFAULT_RETRY_ATTEMPTS = 3;

/** Records older than 1 h go to the failure queue instead of the function. Lambda allows 60 to 604,800 s. */
export const DEFAULT_MAX_RECORD_AGE_SECONDS = 3_600;

/** The handler decodes JSON and writes DynamoDB: 256 MB is enough and buys a faster CPU share than 128 MB. */
export const FUNCTION_MEMORY_MB = 256;

/** A batch of 100 writes in four BatchWriteItem chunks; the sink gives up retrying after 10 s. */
export const FUNCTION_TIMEOUT_SECONDS = 30;

/** The handler's logs are kept a week. */
export const LOG_RETENTION_DAYS = 7;

/**
 * SQS keeps a message 14 days at most. A message points at a failed range; the records themselves
 * can be read again only while the stream retains them (`retentionHours`).
 */
export const FAILED_BATCHES_RETENTION_DAYS = 14;

/** Alarm when the function falls a minute behind the stream's tip... */
export const ITERATOR_AGE_ALARM_THRESHOLD_MS = 60_000;
/** ...for five consecutive one-minute periods. */
export const ITERATOR_AGE_ALARM_PERIODS = 5;

/**
 * What the function does to the table: the DynamoDB sink of `apps/handler` writes only with
 * BatchWriteItem (idempotent puts), so that is all it may do.
 */
export const HANDLER_TABLE_ACTIONS = ['dynamodb:BatchWriteItem'] as const;

/**
 * The name of the handler's enhanced fan-out consumer with `-c efo=true` (unique per stream:
 * [RegisterStreamConsumer](https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html)).
 */
export const HANDLER_CONSUMER_NAME = 'readings-handler';
