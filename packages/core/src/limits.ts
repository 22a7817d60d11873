// The service limits of Kinesis Data Streams and of Lambda's Kinesis trigger, each from the page
// named beside it; docs/kinesis-facts.md ("Service limits", "Event source mapping") gathers them.
// Quotas: https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html

/** One mebibyte, the unit Kinesis quotes its byte limits in. */
export const MIB = 1024 * 1024;

/**
 * A PutRecords request carries at most 500 records.
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
 */
export const MAX_PUT_RECORDS_COUNT = 500;

/**
 * A PutRecords request carries at most 5 MiB, data and partition keys included. Since 10 MiB
 * records arrived the API reference gives 10 MiB per request; 5 MiB is what every stream accepts
 * (see docs/kinesis-facts.md, "Service limits").
 * https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
 */
export const MAX_PUT_RECORDS_BYTES = 5 * MIB;

/**
 * One record's data + partition key is at most 1 MiB unless the stream's limit was raised.
 * https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
 */
export const DEFAULT_MAX_RECORD_BYTES = MIB;

/**
 * The highest a stream's record limit can be raised to with UpdateMaxRecordSize: 10 MiB.
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateMaxRecordSize.html
 */
export const MAX_RECORD_BYTES_CEILING = 10 * MIB;

/**
 * A partition key is 1 to 256 Unicode characters.
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecordsRequestEntry.html
 */
export const MAX_PARTITION_KEY_LENGTH = 256;

/**
 * A shard takes at most 1,000 records per second of writes (provisioned and on-demand alike).
 * https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
 */
export const SHARD_RECORDS_PER_SECOND = 1_000;

/**
 * A shard takes at most 1 MiB per second of writes, data and partition keys included.
 * https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
 */
export const SHARD_BYTES_PER_SECOND = MIB;

/**
 * A shard serves at most 2 MiB per second of reads, shared by its GetRecords consumers.
 * https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
 */
export const SHARD_READ_BYTES_PER_SECOND = 2 * MIB;

/**
 * A shard serves at most 5 GetRecords calls per second.
 * https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
 */
export const GET_RECORDS_CALLS_PER_SECOND = 5;

/** The shortest pause between two GetRecords calls on one shard that stays within 5 calls/s. */
export const MIN_GET_RECORDS_INTERVAL_MS = 1_000 / GET_RECORDS_CALLS_PER_SECOND;

/**
 * One GetRecords call returns at most 10,000 records (its `Limit` is 1 to 10,000).
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html
 */
export const MAX_GET_RECORDS_LIMIT = 10_000;

/**
 * One GetRecords call returns at most 10 MiB.
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html
 */
export const MAX_GET_RECORDS_BYTES = 10 * MIB;

/**
 * A stream keeps records 24 hours by default, and at least that long.
 * https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html
 */
export const MIN_RETENTION_HOURS = 24;

/**
 * A stream keeps records at most 8,760 hours (365 days).
 * https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html
 */
export const MAX_RETENTION_HOURS = 8_760;

/**
 * An event source mapping reads 100 records per batch unless told otherwise.
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
 */
export const DEFAULT_BATCH_SIZE = 100;

/**
 * An event source mapping of a Kinesis stream takes a batch size of 1 to 10,000.
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
 */
export const MAX_BATCH_SIZE = 10_000;

/**
 * MaximumBatchingWindowInSeconds is 0 to 300.
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
 */
export const MAX_MAXIMUM_BATCHING_WINDOW_IN_SECONDS = 300;

/**
 * MaximumRetryAttempts is -1 (retry until the record expires) to 10,000.
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
 */
export const MAX_MAXIMUM_RETRY_ATTEMPTS = 10_000;

/**
 * MaximumRecordAgeInSeconds is -1 (no limit) or 60 to 604,800.
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
 */
export const MIN_MAXIMUM_RECORD_AGE_IN_SECONDS = 60;

/** The upper end of MaximumRecordAgeInSeconds: 604,800 s, seven days. */
export const MAX_MAXIMUM_RECORD_AGE_IN_SECONDS = 604_800;

/**
 * ParallelizationFactor is 1 to 10 concurrent batches per shard.
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
 */
export const MAX_PARALLELIZATION_FACTOR = 10;

/**
 * An event source mapping's FilterCriteria ORs at most 5 filter patterns.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html
 */
export const MAX_FILTER_PATTERNS = 5;

/**
 * A synchronous Lambda invocation's payload is at most 6 MB, so a trigger's batch is too.
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export const MAX_INVOCATION_PAYLOAD_BYTES = 6 * MIB;
