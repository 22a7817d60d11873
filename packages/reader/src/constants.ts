import { MAX_GET_RECORDS_LIMIT } from '@kds/core';

// The GetRecords limits are @kds/core's; re-exported for this package's modules and public API,
// the interval between two calls on a shard under the name the reader always had.
export {
  MAX_GET_RECORDS_LIMIT,
  MIN_GET_RECORDS_INTERVAL_MS as MIN_READ_INTERVAL_MS,
} from '@kds/core';

/** The GetRecords `Limit` a reader asks for when none is given: the most Kinesis allows. */
export const DEFAULT_GET_RECORDS_LIMIT = MAX_GET_RECORDS_LIMIT;

/**
 * First backoff ceiling after `ProvisionedThroughputExceededException`: a shard's read budget
 * (5 calls/s, 2 MiB/s) is measured per second, so waiting less than a second rarely helps. See
 * https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
 */
export const THROTTLED_BACKOFF_BASE_MS = 1_000;

/** First backoff ceiling after a transient error (InternalFailure, network, KMS throttling). */
export const TRANSIENT_BACKOFF_BASE_MS = 200;

/** Largest backoff ceiling: the exponential growth stops here. */
export const MAX_BACKOFF_MS = 10_000;

/** How often `waitForStreamActive` asks DescribeStreamSummary. */
export const STREAM_ACTIVE_POLL_MS = 50;

/** How long `waitForStreamActive` waits by default. */
export const DEFAULT_STREAM_ACTIVE_TIMEOUT_MS = 60_000;

/** The limiter forgets idle shards once it tracks more than this many. */
export const READ_LIMITER_PRUNE_THRESHOLD = 10_000;

/**
 * Kinesis ends every SubscribeToShard subscription after 5 minutes; the fan-out reader renews it
 * then from the last `ContinuationSequenceNumber`. See docs/kinesis-facts.md, "Enhanced fan-out"
 * (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html).
 */
export const SUBSCRIPTION_LIFETIME_MS = 5 * 60_000;

/**
 * SubscribeToShard may be called once per second per consumer and shard, so the backoff after
 * `ResourceInUseException` or `LimitExceededException` starts at a second. See
 * docs/kinesis-facts.md, "Enhanced fan-out"
 * (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html).
 */
export const SUBSCRIBE_BACKOFF_BASE_MS = 1_000;

/**
 * At most 20 consumers may be registered on one stream. See docs/kinesis-facts.md, "Enhanced
 * fan-out" (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html).
 */
export const MAX_CONSUMERS_PER_STREAM = 20;

/**
 * A consumer name: 1 to 128 characters of `[a-zA-Z0-9_.-]`
 * (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html).
 */
export const CONSUMER_NAME_PATTERN = /^[a-zA-Z0-9_.-]{1,128}$/;

/** How often `registerStreamConsumer` asks DescribeStreamConsumer while the consumer is CREATING. */
export const CONSUMER_ACTIVE_POLL_MS = 250;

/** How long `registerStreamConsumer` waits for ACTIVE by default (AWS takes seconds). */
export const DEFAULT_CONSUMER_ACTIVE_TIMEOUT_MS = 120_000;
