// The service's limits come from @kds/core, the one home of Kinesis's facts; the producer
// re-exports those its API has always exported, two of them under the names it always had.
export {
  DEFAULT_MAX_RECORD_BYTES,
  MAX_HASH_KEY,
  MAX_PARTITION_KEY_LENGTH,
  MAX_PUT_RECORDS_BYTES as MAX_BYTES_PER_REQUEST,
  MAX_PUT_RECORDS_COUNT as MAX_RECORDS_PER_REQUEST,
  MAX_RECORD_BYTES_CEILING,
  SHARD_BYTES_PER_SECOND,
  SHARD_RECORDS_PER_SECOND,
} from '@kds/core';

/** Flush a partial batch once its oldest record has waited this long (the KPL's RecordMaxBufferedTime). */
export const DEFAULT_MAX_BUFFERED_TIME_MS = 100;

/** PutRecords requests in flight at once, each on its own keep-alive connection. */
export const DEFAULT_MAX_IN_FLIGHT = 4;

/** A record not acknowledged by then fails with `RecordExpiredError` (the KPL's RecordTtl). */
export const DEFAULT_RECORD_TTL_MS = 30_000;

/** First retry waits up to this long; each further retry doubles it (full jitter). */
export const DEFAULT_RETRY_BASE_DELAY_MS = 50;

/** No single retry waits longer than this. */
export const DEFAULT_RETRY_MAX_DELAY_MS = 2_000;

/**
 * Per-shard client-side rate limit, in percent of the shard's 1,000 records/s and 1 MiB/s: the
 * KPL's RateLimit default. Above 100 so one producer alone never leaves a shard's capacity unused
 * (the service has burst credit the client cannot see); at most 1.5x so a hot shard's excess is
 * held back in the client instead of being sent, refused and retried over and over.
 */
export const DEFAULT_RATE_LIMIT_PERCENT = 150;

/**
 * Records put and not yet settled (queued, in requests, retrying) before `put` waits or rejects:
 * what the default requests in flight hold (4 x 500) and one more batch collecting. Every buffered
 * record stays alive through garbage collections until Kinesis answers; measured here, doubling the
 * buffer cost about 15 % more CPU per record at full speed, and bought no throughput.
 */
export const DEFAULT_MAX_BUFFERED_RECORDS = 2_500;

/**
 * `maxBufferedRecords` when aggregation is on: 2,500 small readings make three aggregates, so each
 * request would carry a few and pay the cost of a request for a handful of Kinesis records. The
 * buffer is shared among the request slots and the batch collecting (see `maxInFlight`); with
 * 20,000, each request carries 4,000 user records. Measured here with tutorial readings on 4 shards,
 * 20,000 and 50,000 ran alike and 2,500 at about half their speed.
 */
export const DEFAULT_AGGREGATED_MAX_BUFFERED_RECORDS = 20_000;

/** Bytes (data + keys) put and not yet settled before `put` waits or rejects. */
export const DEFAULT_MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/** A PutRecords or ListShards call without an answer by then is abandoned (the KPL's RequestTimeout). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 6_000;

/** The shard map is re-read this often, besides whenever a record lands on an unexpected shard. */
export const DEFAULT_SHARD_MAP_REFRESH_MS = 60_000;

/** `onMetrics` receives a snapshot this often (and once more at `close()`). */
export const DEFAULT_METRICS_INTERVAL_MS = 60_000;

/** The error codes PutRecords reports per entry; both are worth retrying. */
export const PutRecordsErrorCode = {
  ProvisionedThroughputExceeded: 'ProvisionedThroughputExceededException',
  InternalFailure: 'InternalFailure',
} as const;

/** What `put` does when the buffer is full: wait for room, or reject with `BufferFullError`. */
export const OnFull = {
  Wait: 'wait',
  Reject: 'reject',
} as const;

/**
 * Ordering guarantees. `best-effort`: records leave in put order but a retry can put a record of a
 * key behind a later one (as the KPL). `per-key`: no record is sent while an earlier record of the
 * same partition key is unacknowledged.
 */
export const Ordering = {
  BestEffort: 'best-effort',
  PerKey: 'per-key',
} as const;

/**
 * The most bytes one user record can add to an aggregate besides its data and partition key: the
 * protobuf framing of its `Record` message (four fields of tag + 5-byte varint at most) and of its
 * key table entries, an ExplicitHashKey of up to 39 digits included (see docs/kinesis-facts.md,
 * "KPL aggregated record format").
 */
export const AGGREGATED_RECORD_OVERHEAD_BYTES = 72;

/** What an aggregate adds once: magic (4) + MD5 (16) + its partition key "a" (1). */
export const AGGREGATE_ENTRY_OVERHEAD_BYTES = 21;

/**
 * With aggregation, a user record takes no record token of its shard's limiter, only its bytes:
 * Kinesis counts an aggregate as one record, and aggregates of 1 KiB or more reach the shard's
 * 1 MiB/s before its 1,000 records/s. This stands in for "no record limit" in the token bucket.
 */
export const AGGREGATED_RECORDS_PER_SECOND = Number.MAX_SAFE_INTEGER;
