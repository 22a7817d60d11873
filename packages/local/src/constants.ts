/** The region the embedded emulators pretend to be in. */
export const LOCAL_REGION = 'us-east-1';

/** Credentials the emulators accept (they check none); set so the SDK never looks for real ones. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** Lambda's default BatchSize for a Kinesis event source mapping. */
export const DEFAULT_BATCH_SIZE = 100;

/** Lambda's largest BatchSize for a Kinesis event source mapping. */
export const MAX_BATCH_SIZE = 10_000;

/**
 * A shard serves at most 5 GetRecords calls per second: one poll every 200 ms per shard at most.
 */
export const MIN_POLL_INTERVAL_MS = 200;

/** Wait before retrying a batch whose invocation failed. */
export const DEFAULT_RETRY_DELAY_MS = 200;

/** Lambda's default MaximumRetryAttempts: -1, retry until the record expires. */
export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = -1;

/** The fake account in the ARNs of the local events. */
export const LOCAL_ACCOUNT_ID = '000000000000';
