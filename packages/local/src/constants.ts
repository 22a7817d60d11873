import { MAX_FILTER_PATTERNS, MIN_GET_RECORDS_INTERVAL_MS } from '@kds/core';

// The Kinesis and Lambda limits of the trigger live in @kds/core; re-exported for this package's
// modules and its public API.
export {
  DEFAULT_BATCH_SIZE,
  MAX_BATCH_SIZE,
  MAX_GET_RECORDS_LIMIT,
  MAX_INVOCATION_PAYLOAD_BYTES,
  MAX_MAXIMUM_BATCHING_WINDOW_IN_SECONDS,
  MAX_MAXIMUM_RECORD_AGE_IN_SECONDS,
  MAX_MAXIMUM_RETRY_ATTEMPTS,
  MAX_PARALLELIZATION_FACTOR,
  MIN_MAXIMUM_RECORD_AGE_IN_SECONDS,
} from '@kds/core';

/** The region of the local events and clients; the emulators of `@kds/emulators` pretend to be in it. */
export const LOCAL_REGION = 'us-east-1';

/** Credentials the emulators accept (they check none); set so the SDK never looks for real ones. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** The fake account in the ARNs of the local events. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** The function name the local trigger reports in its context and OnFailure records. */
export const DEFAULT_FUNCTION_NAME = 'kds-local';

/** Lambda's default MaximumBatchingWindowInSeconds: invoke as soon as records are there. */
export const DEFAULT_MAXIMUM_BATCHING_WINDOW_IN_SECONDS = 0;

/** Lambda's default MaximumRetryAttempts: -1, retry until the record expires. */
export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = -1;

/** Lambda's default MaximumRecordAgeInSeconds: -1, records never get too old. */
export const DEFAULT_MAXIMUM_RECORD_AGE_IN_SECONDS = -1;

/** Lambda's default ParallelizationFactor: one batch of a shard at a time. */
export const DEFAULT_PARALLELIZATION_FACTOR = 1;

/**
 * Lambda ORs at most 5 filter patterns per event source mapping.
 *
 * @deprecated Use `MAX_FILTER_PATTERNS` (of `@kds/core`, also exported here): the same limit.
 */
export const MAX_FILTERS = MAX_FILTER_PATTERNS;

/**
 * A shard serves at most 5 GetRecords calls per second: one poll every 200 ms per shard at most.
 */
export const MIN_POLL_INTERVAL_MS = MIN_GET_RECORDS_INTERVAL_MS;

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
