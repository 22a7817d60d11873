/** The region of the local events and clients; the emulators of `@kds/emulators` pretend to be in it. */
export const LOCAL_REGION = 'us-east-1';

/** Credentials the emulators accept (they check none); set so the SDK never looks for real ones. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** The fake account in the ARNs of the local events. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** The function name the local trigger reports in its context and OnFailure records. */
export const DEFAULT_FUNCTION_NAME = 'kds-local';

/** Lambda's default BatchSize for a Kinesis event source mapping. */
export const DEFAULT_BATCH_SIZE = 100;

/** Lambda's largest BatchSize for a Kinesis event source mapping. */
export const MAX_BATCH_SIZE = 10_000;

/**
 * One GetRecords call returns at most 10,000 records (see docs/kinesis-facts.md, "Service limits").
 */
export const MAX_GET_RECORDS_LIMIT = 10_000;

/** Lambda's default MaximumBatchingWindowInSeconds: invoke as soon as records are there. */
export const DEFAULT_MAXIMUM_BATCHING_WINDOW_IN_SECONDS = 0;

/** Lambda's largest MaximumBatchingWindowInSeconds. */
export const MAX_MAXIMUM_BATCHING_WINDOW_IN_SECONDS = 300;

/** Lambda's default MaximumRetryAttempts: -1, retry until the record expires. */
export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = -1;

/** Lambda's largest MaximumRetryAttempts. */
export const MAX_MAXIMUM_RETRY_ATTEMPTS = 10_000;

/** Lambda's default MaximumRecordAgeInSeconds: -1, records never get too old. */
export const DEFAULT_MAXIMUM_RECORD_AGE_IN_SECONDS = -1;

/** Lambda's smallest MaximumRecordAgeInSeconds other than -1. */
export const MIN_MAXIMUM_RECORD_AGE_IN_SECONDS = 60;

/** Lambda's largest MaximumRecordAgeInSeconds (7 days). */
export const MAX_MAXIMUM_RECORD_AGE_IN_SECONDS = 604_800;

/** Lambda's default ParallelizationFactor: one batch of a shard at a time. */
export const DEFAULT_PARALLELIZATION_FACTOR = 1;

/** Lambda's largest ParallelizationFactor: 10 concurrent batches per shard. */
export const MAX_PARALLELIZATION_FACTOR = 10;

/** Lambda ORs at most 5 filter patterns per event source mapping (by default). */
export const MAX_FILTERS = 5;

/** A synchronous Lambda invocation carries at most 6 MB: Lambda cuts batches to fit. */
export const MAX_INVOCATION_PAYLOAD_BYTES = 6 * 1024 * 1024;

/**
 * A shard serves at most 5 GetRecords calls per second: one poll every 200 ms per shard at most.
 */
export const MIN_POLL_INTERVAL_MS = 200;

/** Default wait between two GetRecords calls on one shard: the fastest the limit allows. */
export const DEFAULT_POLL_INTERVAL_MS = MIN_POLL_INTERVAL_MS;

/** Wait before retrying a batch whose invocation failed. */
export const DEFAULT_RETRY_DELAY_MS = 200;

/** Lambda's Kinesis invocations time out after at most 15 minutes. */
export const INVOCATION_TIMEOUT_MS = 900_000;

/** How long `waitForCheckpoints` waits by default. */
export const DEFAULT_WAIT_TIMEOUT_MS = 30_000;

/** The checkpoint of a shard read to its end (the KCL's name for it). */
export const SHARD_END = 'SHARD_END';

/** The consumer name checkpoints are kept under when none is given. */
export const DEFAULT_CONSUMER_NAME = 'kds-local';

/** How long `reshard` waits for the stream to be ACTIVE after each step. */
export const DEFAULT_RESHARD_TIMEOUT_MS = 300_000;

/**
 * The whole 128-bit hash key space that partition keys map into (see docs/kinesis-facts.md,
 * "Partition keys and hash keys").
 */
export const HASH_KEY_SPACE = 2n ** 128n;
