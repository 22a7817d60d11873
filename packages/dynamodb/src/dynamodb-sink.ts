import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Sink, SinkFailure, SinkItem } from '@kds/consumer';
import { InvalidOptionError } from '@kds/core';
import { DEFAULT_WRITE_CONCURRENCY, MAX_BATCH_WRITE_ITEMS } from './constants.js';
import { DynamoDbSinkError } from './errors.js';
import { keyOf, keyProblem, readTableKey, type TableKeyAttribute } from './table-key.js';
import {
  backoff,
  isRetryable,
  isValidation,
  messageOf,
  resolveDeadline,
  sleep,
} from './write-retries.js';

/** Options of {@link createDynamoDbSink}: a document client, or a config to make one. */
export type DynamoDbSinkOptions<T> = {
  tableName: string;
  /**
   * The table's primary key (partition key first). Default: read once with DescribeTable and cached
   * for the life of the sink (one call per Lambda cold start).
   */
  key?: readonly TableKeyAttribute[];
  /** The item written for a value. Default: the value itself. */
  toItem?: (value: T) => Record<string, unknown>;
  /** BatchWriteItem requests in flight at once. Default 4. */
  concurrency?: number;
  /**
   * Stop retrying after this many milliseconds; what is not written is reported failed. Default:
   * the deadline the adapter derives from the Lambda context's remaining time, or 10 s without one.
   * When both are known the earlier wins.
   */
  deadlineMs?: number;
} & (
  | { client: DynamoDBDocumentClient; clientConfig?: never }
  | { clientConfig?: DynamoDBClientConfig; client?: never }
);

/** One write: the item of a key, and every sink item it stands for (the last one's value wins). */
interface Entry<T> {
  readonly key: string;
  document: Record<string, unknown>;
  readonly items: SinkItem<T>[];
}

interface EntryFailure<T> {
  readonly entry: Entry<T>;
  readonly error: unknown;
}

/**
 * A sink for `@kds/consumer` that stores values in a DynamoDB table with BatchWriteItem, in chunks
 * of 25, several in flight, in sequence order.
 *
 * - Idempotent: every write is a put keyed by the table's primary key (read with DescribeTable and
 *   cached, or given as `key`), so a replayed batch creates no duplicates. Within one batch a key is
 *   written once, with the value of its last record.
 * - Lossless: UnprocessedItems and throttling errors are retried with exponential backoff and full
 *   jitter until the deadline; what is still unwritten then is reported failed, never dropped.
 *   A request in flight at the deadline is aborted (it may still have been applied: a retry of the
 *   batch rewrites the same items).
 * - Stops at the first failure: once a chunk fails, no further chunk is sent, and the items not
 *   written are reported (`NOT_ATTEMPTED`), since Lambda retries from the lowest failure anyway.
 * - An item the SDK cannot convert (an integer past 2^53, a `Date`) is reported `INVALID_ITEM`
 *   before anything is sent; an item DynamoDB refuses (ValidationException) is isolated and
 *   reported `INVALID_ITEM`; an error no retry can fix (missing table, access denied) throws,
 *   failing the batch as a whole.
 *
 * @example
 * ```ts
 * import { createDecoder, createPipeline, processKinesisEvent, where, type KinesisStreamEvent } from '@kds/consumer';
 * import { createDynamoDbSink } from '@kds/dynamodb';
 * import { type Reading, ReadingSchema } from '@kds/schema';
 *
 * const decoder = createDecoder({ schema: ReadingSchema });
 * const pipeline = createPipeline<Reading>().filter(where('Temperature', '>=', 35));
 * const sink = createDynamoDbSink({ tableName: 'TestTable' });
 * export const handler = (event: KinesisStreamEvent, context: { getRemainingTimeInMillis(): number }) =>
 *   processKinesisEvent(event, { decoder, pipeline, sink, context });
 * ```
 */
export function createDynamoDbSink<T>(options: DynamoDbSinkOptions<T>): Sink<T> {
  const {
    tableName,
    toItem = (value: T) => value as Record<string, unknown>,
    concurrency = DEFAULT_WRITE_CONCURRENCY,
    deadlineMs,
  } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidOptionError('concurrency', `must be a positive integer (got ${concurrency})`);
  }
  const client =
    options.client ??
    DynamoDBDocumentClient.from(new DynamoDBClient(options.clientConfig ?? {}), {
      marshallOptions: { removeUndefinedValues: true },
    });
  const marshallOptions = client.config?.translateConfig?.marshallOptions;
  let tableKey: Promise<readonly TableKeyAttribute[]> | undefined =
    options.key === undefined ? undefined : Promise.resolve(options.key);

  function readKey(): Promise<readonly TableKeyAttribute[]> {
    tableKey ??= readTableKey(client, tableName).catch((error: unknown) => {
      tableKey = undefined; // read it again on the next batch
      throw error;
    });
    return tableKey;
  }

  async function send(entries: readonly Entry<T>[], signal: AbortSignal) {
    return client.send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName]: entries.map(({ document }) => ({ PutRequest: { Item: document } })),
        },
      }),
      { abortSignal: signal },
    );
  }

  /** Writes one chunk, retrying until the deadline; returns what it could not write. */
  async function writeChunk(
    chunk: readonly Entry<T>[],
    key: readonly TableKeyAttribute[],
    deadline: number,
    signal: AbortSignal,
  ): Promise<EntryFailure<T>[]> {
    let pending = chunk;
    let attempt = 0;
    let lastError: unknown;
    for (;;) {
      try {
        const response = await send(pending, signal);
        const unprocessed = response.UnprocessedItems?.[tableName] ?? [];
        if (unprocessed.length === 0) return [];
        const left = new Set(
          unprocessed.map((request) => keyOf(request.PutRequest?.Item ?? {}, key)),
        );
        const stillPending = pending.filter((entry) => left.has(entry.key));
        // Every unprocessed request is one of the chunk's entries. If one matches none, the keys
        // were read differently: send the whole chunk again (puts are idempotent) rather than
        // count an unwritten item as written.
        if (stillPending.length === unprocessed.length) pending = stillPending;
        lastError = new DynamoDbSinkError(
          'UNPROCESSED',
          `DynamoDB left ${pending.length} item(s) unprocessed until the deadline`,
        );
      } catch (error) {
        if (isValidation(error)) return isolate(pending, key, deadline, signal, error);
        if (!isRetryable(error)) {
          throw new DynamoDbSinkError(
            'WRITE_FAILED',
            `BatchWriteItem failed: ${messageOf(error)}`,
            {
              cause: error,
            },
          );
        }
        lastError = new DynamoDbSinkError(
          'WRITE_FAILED',
          `BatchWriteItem kept failing until the deadline: ${messageOf(error)}`,
          { cause: error },
        );
      }
      const delay = backoff(attempt);
      attempt += 1;
      if (signal.aborted || Date.now() + delay >= deadline) {
        return pending.map((entry) => ({ entry, error: lastError }));
      }
      await sleep(delay);
    }
  }

  /** A chunk DynamoDB refused: write its items one by one to find the ones at fault. */
  async function isolate(
    entries: readonly Entry<T>[],
    key: readonly TableKeyAttribute[],
    deadline: number,
    signal: AbortSignal,
    cause: unknown,
  ): Promise<EntryFailure<T>[]> {
    if (entries.length === 1) {
      const [entry] = entries as [Entry<T>];
      return [
        {
          entry,
          error: new DynamoDbSinkError(
            'INVALID_ITEM',
            `DynamoDB refused the item: ${messageOf(cause)}`,
            { cause },
          ),
        },
      ];
    }
    for (let i = 0; i < entries.length; i += 1) {
      const failed = await writeChunk([entries[i] as Entry<T>], key, deadline, signal);
      if (failed.length > 0) {
        return [...failed, ...notAttempted(entries.slice(i + 1))];
      }
    }
    return [];
  }

  const notAttemptedError = new DynamoDbSinkError(
    'NOT_ATTEMPTED',
    'Not written: an earlier write of the batch failed',
  );
  const notAttempted = (entries: readonly Entry<T>[]): EntryFailure<T>[] =>
    entries.map((entry) => ({ entry, error: notAttemptedError }));

  return async (items, context) => {
    if (items.length === 0) return { failed: [] };
    const key = await readKey();
    const deadline = resolveDeadline(context, deadlineMs);
    const failed: SinkFailure<T>[] = [];

    // One entry per key, in order of first appearance; the last record of a key gives its value.
    const entries: Entry<T>[] = [];
    const byKey = new Map<string, Entry<T>>();
    for (let i = 0; i < items.length; i += 1) {
      const item = items[i] as SinkItem<T>;
      let document: Record<string, unknown> = {};
      let problem: string | undefined;
      let cause: unknown;
      try {
        document = toItem(item.value);
        problem = keyProblem(document, key);
      } catch (error) {
        problem = `could not be made: ${messageOf(error)}`;
        cause = error;
      }
      if (problem === undefined) {
        // What the document client would throw when it sends the chunk (an integer past 2^53, a
        // Date, an undefined it keeps), failing every item of it with no HTTP status: found here,
        // it fails this item alone, at its own sequence number.
        try {
          marshall(document, marshallOptions);
        } catch (error) {
          problem = `cannot be converted to DynamoDB attribute values: ${messageOf(error)}`;
          cause = error;
        }
      }
      if (problem !== undefined) {
        // Stop here: the items after it are not written, so Lambda retries from this one.
        failed.push({
          item,
          error: new DynamoDbSinkError(
            'INVALID_ITEM',
            `The item of record ${item.record.kinesis.sequenceNumber} ${problem}`,
            { cause },
          ),
        });
        for (const rest of items.slice(i + 1))
          failed.push({ item: rest, error: notAttemptedError });
        break;
      }
      const id = keyOf(document, key);
      const existing = byKey.get(id);
      if (existing === undefined) {
        const entry: Entry<T> = { key: id, document, items: [item] };
        byKey.set(id, entry);
        entries.push(entry);
      } else {
        existing.document = document;
        existing.items.push(item);
      }
    }

    const chunks: Entry<T>[][] = [];
    for (let i = 0; i < entries.length; i += MAX_BATCH_WRITE_ITEMS) {
      chunks.push(entries.slice(i, i + MAX_BATCH_WRITE_ITEMS));
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.max(0, deadline - Date.now()));
    const entryFailures: EntryFailure<T>[] = [];
    let next = 0;
    let stopped = false;
    let fatal: unknown;
    const worker = async (): Promise<void> => {
      while (next < chunks.length) {
        const chunk = chunks[next] as Entry<T>[];
        next += 1;
        if (stopped) {
          entryFailures.push(...notAttempted(chunk));
          continue;
        }
        try {
          const chunkFailures = await writeChunk(chunk, key, deadline, controller.signal);
          if (chunkFailures.length > 0) {
            stopped = true;
            entryFailures.push(...chunkFailures);
          }
        } catch (error) {
          stopped = true;
          fatal ??= error;
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
    } finally {
      clearTimeout(timer);
    }
    if (fatal !== undefined) throw fatal;
    for (const { entry, error } of entryFailures) {
      for (const item of entry.items) failed.push({ item, error });
    }
    return { failed };
  };
}
