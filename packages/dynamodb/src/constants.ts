/** BatchWriteItem takes at most 25 put or delete requests (DynamoDB limit). */
export const MAX_BATCH_WRITE_ITEMS = 25;

/** BatchWriteItem requests in flight at once per sink call. */
export const DEFAULT_WRITE_CONCURRENCY = 4;

/**
 * Stop retrying after this long when the adapter gives no deadline (no Lambda context); the items
 * not written by then are reported failed.
 */
export const DEFAULT_WRITE_DEADLINE_MS = 10_000;

/** Retry delays: full jitter from 25 ms, doubling per attempt, capped at 1 s. */
export const WRITE_RETRY_BASE_DELAY_MS = 25;

/** The longest delay between two attempts at one chunk. */
export const WRITE_RETRY_MAX_DELAY_MS = 1_000;
