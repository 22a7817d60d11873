/** PutRecords accepts at most 500 records per request (Kinesis service limit). */
export const MAX_RECORDS_PER_REQUEST = 500;

/** PutRecords accepts at most 5 MiB per request, data and partition keys included. */
export const MAX_BYTES_PER_REQUEST = 5 * 1024 * 1024;

/** One record's data + partition key may be at most 1 MiB unless the stream's limit is raised. */
export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

/** UpdateMaxRecordSize can raise a stream's record limit to at most 10 MiB. */
export const MAX_RECORD_BYTES_CEILING = 10 * 1024 * 1024;

/** A partition key is 1 to 256 Unicode characters. */
export const MAX_PARTITION_KEY_LENGTH = 256;

/** An ExplicitHashKey is a 128-bit unsigned integer: 0 to 2^128 - 1. */
export const MAX_HASH_KEY = (1n << 128n) - 1n;

/** Flush a partial batch once its oldest record has waited this long (the KPL's RecordMaxBufferedTime). */
export const DEFAULT_MAX_BUFFERED_TIME_MS = 100;

/** PutRecords requests in flight at once. */
export const DEFAULT_MAX_IN_FLIGHT = 4;

/** A record not acknowledged by then fails with `RecordExpiredError` (the KPL's RecordTtl). */
export const DEFAULT_RECORD_TTL_MS = 30_000;

/** First retry waits up to this long; each further retry doubles it (full jitter). */
export const DEFAULT_RETRY_BASE_DELAY_MS = 50;

/** No single retry waits longer than this. */
export const DEFAULT_RETRY_MAX_DELAY_MS = 2_000;

/** The error codes PutRecords reports per entry; both are worth retrying. */
export const PutRecordsErrorCode = {
  ProvisionedThroughputExceeded: 'ProvisionedThroughputExceededException',
  InternalFailure: 'InternalFailure',
} as const;
