import {
  type _Record,
  type ChildShard,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
} from '@aws-sdk/client-kinesis';
import { backoffMs } from './backoff.js';
import { DEFAULT_GET_RECORDS_LIMIT, MAX_GET_RECORDS_LIMIT } from './constants.js';
import { classifyError } from './error-classes.js';
import { InvalidOptionError, ReaderErrorCode, ShardReadError } from './errors.js';
import { type ShardReadLimiter, sharedShardReadLimiter } from './read-limiter.js';
import { createReaderLifecycle } from './reader-lifecycle.js';
import { type ReaderOptions, readerCallbacks } from './reader-options.js';
import { streamFields } from './streams.js';
import type { StreamOption } from './types.js';

/** Where a reader takes its first shard iterator, with GetShardIterator's names. */
export type StartPosition =
  | { type: 'TRIM_HORIZON' }
  | { type: 'LATEST' }
  | { type: 'AT_TIMESTAMP'; timestamp: Date }
  | { type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string };

/**
 * The settings of a reader besides the stream (see {@link ShardReaderOptions}). An expired
 * iterator is routine: `onError` is not told of it.
 */
export interface ShardReaderSettings extends ReaderOptions {
  /** GetRecords `Limit`: 1 to 10,000. Default 10,000 (`DEFAULT_GET_RECORDS_LIMIT`). */
  limit?: number;
  /** Spaces the GetRecords calls per shard. Default: the limiter the whole process shares. */
  readLimiter?: ShardReadLimiter;
  /**
   * The key the limiter counts calls under. Default `<streamARN or streamName>/<shardId>`; give
   * the same key to every reader of one shard that names the stream differently.
   */
  readLimiterKey?: string;
}

/** Options of {@link createShardReader}: the stream by name or ARN, and the settings. */
export type ShardReaderOptions = StreamOption & ShardReaderSettings;

/** What one `read()` returns. */
export interface ShardReadResult {
  /** The records as GetRecords returned them (`Data` is a `Uint8Array`), in sequence order. */
  records: _Record[];
  /** How far behind the tip of the shard this read was; undefined when Kinesis did not say. */
  millisBehindLatest: number | undefined;
  /** The shards that continue this one, given once the shard is read to its end; else `[]`. */
  childShards: ChildShard[];
  /** True once the shard is closed and read to its end (no next iterator). */
  ended: boolean;
}

/** Reads one shard, one GetRecords call per `read()`. */
export interface ShardReader {
  /**
   * Takes the shard iterator now if none is held yet (`read()` does it otherwise), so that a
   * `LATEST` reader sees every record put after this resolves.
   */
  open(): Promise<void>;
  /** One GetRecords call (after waiting for the limiter's slot); retries internally what is retryable. */
  read(): Promise<ShardReadResult>;
  /** Sequence number of the last record returned, if any. */
  readonly lastSequenceNumber: string | undefined;
  /** Stops the reader: a pending read rejects with `ReadAbortedError`, and so does every later one. */
  close(): void;
}

function validate(options: ShardReaderOptions): void {
  if (!options.streamName && !options.streamARN) {
    throw new InvalidOptionError('streamName', 'or streamARN is required');
  }
  if (!options.shardId) throw new InvalidOptionError('shardId', 'is required');
  const { limit } = options;
  if (
    limit !== undefined &&
    (!Number.isInteger(limit) || limit < 1 || limit > MAX_GET_RECORDS_LIMIT)
  ) {
    throw new InvalidOptionError(
      'limit',
      `must be an integer from 1 to ${MAX_GET_RECORDS_LIMIT}, got ${String(limit)}`,
    );
  }
}

/**
 * Creates a reader of one shard. It takes its iterator lazily from `start`; when the iterator
 * expires it takes a new one after the last record returned (a `LATEST` iterator that read
 * nothing is taken again `AT_TIMESTAMP` of the first, so nothing put meanwhile is skipped). It
 * backs off and retries throttling and transient errors, and rejects with `ShardReadError` on
 * the errors no retry fixes. Every GetRecords call waits for its slot in the read limiter.
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { createShardReader } from '@kds/reader';
 *
 * const reader = createShardReader({
 *   client: new KinesisClient({}),
 *   streamName: 'TestDataStream',
 *   shardId: 'shardId-000000000000',
 *   start: { type: 'TRIM_HORIZON' },
 * });
 * for (;;) {
 *   const { records, ended, childShards } = await reader.read();
 *   for (const record of records) console.log(record.SequenceNumber);
 *   if (ended) {
 *     console.log('continue with', childShards.map((child) => child.ShardId));
 *     break;
 *   }
 * }
 * reader.close();
 * ```
 */
export function createShardReader(options: ShardReaderOptions): ShardReader {
  validate(options);
  const {
    client,
    shardId,
    start,
    limit = DEFAULT_GET_RECORDS_LIMIT,
    readLimiter = sharedShardReadLimiter,
    readLimiterKey = `${options.streamARN ?? options.streamName}/${shardId}`,
  } = options;
  const { onError, now, random } = readerCallbacks(options);
  const stream = streamFields(options);
  const lifecycle = createReaderLifecycle(shardId, options.signal);
  const { aborted, throwIfStopped, sleep } = lifecycle;

  let iterator: string | undefined;
  let lastSequenceNumber: string | undefined;
  let latestSince: Date | undefined;
  let childShards: ChildShard[] = [];
  let ended = false;
  /** The Kinesis operation under way, for the message of a `ShardReadError`. */
  let calling = 'GetShardIterator';

  function iteratorRequest(): GetShardIteratorCommandInput {
    const base = { ...stream, ShardId: shardId };
    if (lastSequenceNumber !== undefined) {
      return {
        ...base,
        ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
        StartingSequenceNumber: lastSequenceNumber,
      };
    }
    switch (start.type) {
      case 'TRIM_HORIZON':
        return { ...base, ShardIteratorType: 'TRIM_HORIZON' };
      case 'AT_TIMESTAMP':
        return { ...base, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: start.timestamp };
      case 'LATEST':
        // An iterator that expires before it read a record is taken again from when the first
        // was: LATEST again would skip what arrived meanwhile.
        if (latestSince !== undefined) {
          return { ...base, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: latestSince };
        }
        latestSince = new Date(now());
        return { ...base, ShardIteratorType: 'LATEST' };
      default:
        return {
          ...base,
          ShardIteratorType: start.type,
          StartingSequenceNumber: start.sequenceNumber,
        };
    }
  }

  /**
   * Runs one step, retrying it as its errors call for; an expired iterator is dropped so that the
   * step takes a new one.
   */
  async function withRetries<T>(step: () => Promise<T>): Promise<T> {
    let attempt = 0;
    for (;;) {
      throwIfStopped();
      try {
        return await step();
      } catch (error) {
        if (lifecycle.signal.aborted) throw aborted(error);
        const sorted = classifyError(error);
        if (sorted.kind === 'fatal') {
          throw new ShardReadError(sorted.code, shardId, calling, { cause: error });
        }
        if (sorted.kind === 'expired') {
          iterator = undefined;
          continue;
        }
        onError(error);
        await sleep(backoffMs(sorted.kind, attempt, random));
        attempt += 1;
      }
    }
  }

  async function acquire(): Promise<string> {
    calling = 'GetShardIterator';
    const response = await client.send(new GetShardIteratorCommand(iteratorRequest()), {
      abortSignal: lifecycle.signal,
    });
    const taken = response.ShardIterator;
    if (taken === undefined) {
      throw new ShardReadError(ReaderErrorCode.InvalidRequest, shardId, calling, {
        cause: new Error('GetShardIterator returned no ShardIterator'),
      });
    }
    iterator = taken;
    return taken;
  }

  async function readOnce(): Promise<ShardReadResult> {
    if (ended) return { records: [], millisBehindLatest: undefined, childShards, ended };
    return withRetries(async () => {
      const current = iterator ?? (await acquire());
      await sleep(readLimiter.reserve(readLimiterKey));
      calling = 'GetRecords';
      const response = await client.send(
        new GetRecordsCommand({ ShardIterator: current, Limit: limit }),
        { abortSignal: lifecycle.signal },
      );
      const records = response.Records ?? [];
      childShards = response.ChildShards ?? [];
      iterator = response.NextShardIterator ?? undefined;
      ended = iterator === undefined;
      lastSequenceNumber = records.at(-1)?.SequenceNumber ?? lastSequenceNumber;
      return { records, millisBehindLatest: response.MillisBehindLatest, childShards, ended };
    });
  }

  return {
    open: () =>
      lifecycle.serialized(async () => {
        if (ended || iterator !== undefined) return;
        await withRetries(acquire);
      }),
    read: () => lifecycle.serialized(readOnce),
    get lastSequenceNumber() {
      return lastSequenceNumber;
    },
    close: lifecycle.close,
  };
}
