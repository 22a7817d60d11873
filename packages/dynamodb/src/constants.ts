/**
 * BatchWriteItem takes at most 25 put or delete requests (DynamoDB limit).
 *
 * @example
 * ```ts
 * import { MAX_BATCH_WRITE_ITEMS } from '@kds/dynamodb';
 *
 * const requests = Math.ceil(60 / MAX_BATCH_WRITE_ITEMS); // 3 BatchWriteItem calls for 60 items
 * ```
 */
export const MAX_BATCH_WRITE_ITEMS = 25;

/**
 * BatchWriteItem requests in flight at once per sink call.
 *
 * @example
 * ```ts
 * import { createDynamoDbSink, DEFAULT_WRITE_CONCURRENCY } from '@kds/dynamodb';
 *
 * const sink = createDynamoDbSink({ tableName: 'TestTable', concurrency: 2 * DEFAULT_WRITE_CONCURRENCY });
 * ```
 */
export const DEFAULT_WRITE_CONCURRENCY = 4;

/**
 * Stop retrying after this long when the adapter gives no deadline (no Lambda context); the items
 * not written by then are reported failed.
 *
 * @example
 * ```ts
 * import { createDynamoDbSink, DEFAULT_WRITE_DEADLINE_MS } from '@kds/dynamodb';
 *
 * const sink = createDynamoDbSink({ tableName: 'TestTable', deadlineMs: DEFAULT_WRITE_DEADLINE_MS / 2 });
 * ```
 */
export const DEFAULT_WRITE_DEADLINE_MS = 10_000;

/**
 * Retry delays: full jitter from 25 ms, doubling per attempt, capped at 1 s.
 *
 * @example
 * ```ts
 * import { WRITE_RETRY_BASE_DELAY_MS, WRITE_RETRY_MAX_DELAY_MS } from '@kds/dynamodb';
 *
 * // The bound of the random delay before attempt n (from 0).
 * const bound = (n: number) => Math.min(WRITE_RETRY_MAX_DELAY_MS, WRITE_RETRY_BASE_DELAY_MS * 2 ** n);
 * ```
 */
export const WRITE_RETRY_BASE_DELAY_MS = 25;

/**
 * The longest delay between two attempts at one chunk.
 *
 * @example
 * ```ts
 * import { WRITE_RETRY_MAX_DELAY_MS } from '@kds/dynamodb';
 *
 * console.log(`at most ${WRITE_RETRY_MAX_DELAY_MS} ms between two attempts`);
 * ```
 */
export const WRITE_RETRY_MAX_DELAY_MS = 1_000;
