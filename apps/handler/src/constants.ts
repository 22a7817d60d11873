/** The tutorial's table. */
export const DEFAULT_TABLE_NAME = 'TestTable';

/** The tutorial keeps readings at or above 35 °C. */
export const DEFAULT_MIN_TEMPERATURE = 35;

/**
 * The table's key: partition key `Timestamp` (Number) as in the tutorial, sort key `Spot` (String)
 * so two spots reporting in the same millisecond do not overwrite each other. The sink and the
 * table definitions (simulator, infrastructure) all read it from here.
 */
export const READINGS_TABLE_KEY = [
  { name: 'Timestamp', type: 'N', keyType: 'HASH' },
  { name: 'Spot', type: 'S', keyType: 'RANGE' },
] as const;

/** BatchWriteItem takes at most 25 put or delete requests. */
export const MAX_BATCH_WRITE_ITEMS = 25;

/** BatchWriteItem requests in flight at once per invocation. */
export const DEFAULT_WRITE_CONCURRENCY = 4;

/** Give up retrying UnprocessedItems after this long; the records are then reported failed. */
export const DEFAULT_WRITE_DEADLINE_MS = 10_000;

/** Retry delays: full jitter from 25 ms, doubling, capped at 1 s. */
export const WRITE_RETRY_BASE_DELAY_MS = 25;
export const WRITE_RETRY_MAX_DELAY_MS = 1_000;
