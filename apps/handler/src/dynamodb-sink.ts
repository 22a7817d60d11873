import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Sink, SinkError, type SinkItem, type SinkResult } from '@kds/consumer';
import {
  DEFAULT_WRITE_CONCURRENCY,
  DEFAULT_WRITE_DEADLINE_MS,
  MAX_BATCH_WRITE_ITEMS,
  WRITE_RETRY_BASE_DELAY_MS,
  WRITE_RETRY_MAX_DELAY_MS,
} from './constants.js';

/** Options of {@link createDynamoDbSink}. */
export interface DynamoDbSinkOptions<T> {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** The key attribute names of the table, e.g. `['Timestamp', 'Spot']`. */
  keyAttributes: readonly (keyof T & string)[];
  /** The item written for a value. Default: the value itself. */
  toItem?: (value: T) => Record<string, unknown>;
  /** BatchWriteItem requests in flight at once. Default 4. */
  concurrency?: number;
  /** Stop retrying unprocessed items after this long; they are reported failed. Default 10 s. */
  deadlineMs?: number;
}

interface Pending<T> {
  readonly item: SinkItem<T>;
  readonly document: Record<string, unknown>;
  readonly key: string;
}

/** Errors of a whole BatchWriteItem call that a later attempt can get past. */
function isRetryable(error: unknown): boolean {
  const shape = (error ?? {}) as {
    name?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const status = shape.$metadata?.httpStatusCode;
  return (
    Boolean(shape.$retryable) ||
    shape.name === 'ProvisionedThroughputExceededException' ||
    shape.name === 'ThrottlingException' ||
    shape.name === 'RequestLimitExceeded' ||
    status === undefined ||
    status >= 500
  );
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function backoff(attempt: number): number {
  return (
    Math.random() * Math.min(WRITE_RETRY_MAX_DELAY_MS, WRITE_RETRY_BASE_DELAY_MS * 2 ** attempt)
  );
}

/**
 * A sink that stores values with BatchWriteItem in chunks of 25, several in flight. Unprocessed
 * items are retried with backoff and full jitter until the deadline, then reported failed. Writes
 * are idempotent puts keyed by the table's key, so a replayed batch creates no duplicates; within
 * one batch the last record of a key wins (BatchWriteItem refuses duplicate keys in one request).
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
 * import { createDynamoDbSink } from 'handler';
 *
 * const sink = createDynamoDbSink<{ Timestamp: number; Spot: string }>({
 *   client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
 *   tableName: 'TestTable',
 *   keyAttributes: ['Timestamp', 'Spot'],
 * });
 * ```
 */
export function createDynamoDbSink<T>(options: DynamoDbSinkOptions<T>): Sink<T> {
  const {
    client,
    tableName,
    keyAttributes,
    toItem = (value: T) => value as Record<string, unknown>,
    concurrency = DEFAULT_WRITE_CONCURRENCY,
    deadlineMs = DEFAULT_WRITE_DEADLINE_MS,
  } = options;
  const keyOf = (document: Record<string, unknown>): string =>
    JSON.stringify(keyAttributes.map((name) => document[name]));

  async function writeChunk(
    chunk: Pending<T>[],
    deadline: number,
  ): Promise<SinkResult<T>['failed']> {
    let pending = chunk;
    let attempt = 0;
    let lastError: unknown;
    while (pending.length > 0) {
      try {
        const response = await client.send(
          new BatchWriteCommand({
            RequestItems: {
              [tableName]: pending.map(({ document }) => ({ PutRequest: { Item: document } })),
            },
          }),
        );
        const unprocessed = response.UnprocessedItems?.[tableName] ?? [];
        const left = new Set(unprocessed.map((request) => keyOf(request.PutRequest?.Item ?? {})));
        pending = pending.filter(({ key }) => left.has(key));
        lastError = new SinkError(`DynamoDB left ${pending.length} item(s) unprocessed`);
      } catch (error) {
        if (!isRetryable(error))
          throw new SinkError(`BatchWriteItem failed: ${(error as Error).message}`, {
            cause: error,
          });
        lastError = error;
      }
      if (pending.length === 0) break;
      const delay = backoff(attempt);
      attempt += 1;
      if (Date.now() + delay > deadline) {
        return pending.map(({ item }) => ({ item, error: lastError }));
      }
      await sleep(delay);
    }
    return [];
  }

  return async (items) => {
    const deadline = Date.now() + deadlineMs;
    // The last record of a key wins: later records of a shard are the newer readings.
    const byKey = new Map<string, Pending<T>>();
    for (const item of items) {
      const document = toItem(item.value);
      const key = keyOf(document);
      byKey.set(key, { item, document, key });
    }
    const pending = [...byKey.values()];
    const chunks: Pending<T>[][] = [];
    for (let i = 0; i < pending.length; i += MAX_BATCH_WRITE_ITEMS) {
      chunks.push(pending.slice(i, i + MAX_BATCH_WRITE_ITEMS));
    }
    const failed: Array<SinkResult<T>['failed'][number]> = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < chunks.length) {
        const chunk = chunks[next] as Pending<T>[];
        next += 1;
        failed.push(...(await writeChunk(chunk, deadline)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
    return { failed };
  };
}
