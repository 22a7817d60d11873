import {
  type KinesisClient,
  PutRecordsCommand,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { fullJitterDelay } from './backoff.js';
import { createKinesisClient } from './client.js';
import {
  DEFAULT_MAX_BUFFERED_TIME_MS,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_MAX_RECORD_BYTES,
  DEFAULT_RECORD_TTL_MS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  MAX_BYTES_PER_REQUEST,
  MAX_RECORD_BYTES_CEILING,
  MAX_RECORDS_PER_REQUEST,
  PutRecordsErrorCode,
} from './constants.js';
import { ProducerClosedError, RecordExpiredError, RequestFailedError } from './errors.js';
import { random } from './partition-keys.js';
import type { Producer, ProducerMetrics, ProducerOptions, PutOptions, PutResult } from './types.js';
import { checkHashKey, checkPartitionKey, checkRecordSize } from './validation.js';

interface Entry {
  readonly data: Uint8Array;
  readonly partitionKey: string;
  readonly explicitHashKey: string | undefined;
  readonly size: number;
  readonly bufferedAt: number;
  readonly deadline: number;
  attempts: number;
  lastErrorCode: string;
  lastError: unknown;
  readonly resolve: (result: PutResult) => void;
  readonly reject: (error: unknown) => void;
}

/** An entry Kinesis did not accept, and why. */
interface Failure {
  readonly entry: Entry;
  readonly errorCode: string;
  readonly error: unknown;
}

/** Errors of a whole PutRecords call that a later attempt can get past. */
const RETRYABLE_ERROR_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'LimitExceededException',
  'KMSThrottlingException',
  'InternalFailure',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
]);

interface SdkErrorShape {
  name?: string;
  message?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

function isRetryable(error: unknown): boolean {
  const shape = (error ?? {}) as SdkErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  // No HTTP status means the request never got an answer (reset, timeout): worth another try.
  return (
    Boolean(shape.$retryable) ||
    RETRYABLE_ERROR_NAMES.has(shape.name ?? '') ||
    status === undefined ||
    status >= 500
  );
}

const textEncoder = new TextEncoder();

function defaultSerialize(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return textEncoder.encode(value);
  return textEncoder.encode(JSON.stringify(value));
}

/**
 * Creates a batching Kinesis producer. Records are buffered and sent with PutRecords in batches of
 * at most 500 records and 5 MiB; only the failed entries of a response are retried, with
 * exponential backoff and full jitter, until each record's time to live runs out.
 *
 * @example
 * ```ts
 * import { createProducer, field } from '@kds/producer';
 *
 * const producer = createProducer<{ Spot: string; Temperature: number }>({
 *   streamName: 'TestDataStream',
 *   partitionKey: field('Spot'),
 * });
 * const { shardId, sequenceNumber } = await producer.put({ Spot: 'A', Temperature: 36 });
 * await producer.close();
 * ```
 */
export function createProducer<T = unknown>(options: ProducerOptions<T>): Producer<T> {
  const {
    streamName,
    streamARN,
    partitionKey: strategy = random(),
    serialize = defaultSerialize as (value: T) => Uint8Array,
    maxBufferedTimeMs = DEFAULT_MAX_BUFFERED_TIME_MS,
    maxInFlight = DEFAULT_MAX_IN_FLIGHT,
    recordTtlMs = DEFAULT_RECORD_TTL_MS,
    maxRecordBytes = DEFAULT_MAX_RECORD_BYTES,
    retryBaseDelayMs = DEFAULT_RETRY_BASE_DELAY_MS,
    retryMaxDelayMs = DEFAULT_RETRY_MAX_DELAY_MS,
  } = options;
  if (maxRecordBytes > MAX_RECORD_BYTES_CEILING) {
    throw new RangeError(`maxRecordBytes may be at most ${MAX_RECORD_BYTES_CEILING} (10 MiB)`);
  }
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
    throw new RangeError(`maxInFlight must be a positive integer (got ${maxInFlight})`);
  }

  const ownsClient = options.client === undefined;
  const client: KinesisClient =
    options.client ?? createKinesisClient(options.clientConfig, { maxSockets: maxInFlight });

  const buffer: Entry[] = [];
  let bufferedBytes = 0;
  let inFlight = 0;
  let retrying = 0;
  let flushing = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let idleWaiters: Array<() => void> = [];
  const counters = {
    recordsPut: 0,
    bytesPut: 0,
    requests: 0,
    retries: 0,
    throttled: 0,
    expired: 0,
    failed: 0,
  };

  const isIdle = (): boolean => buffer.length === 0 && inFlight === 0 && retrying === 0;

  function settleIdle(): void {
    if (!isIdle()) return;
    flushing = false;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  }

  function batchIsFull(): boolean {
    return buffer.length >= MAX_RECORDS_PER_REQUEST || bufferedBytes >= MAX_BYTES_PER_REQUEST;
  }

  function oldestIsDue(now: number): boolean {
    const oldest = buffer[0];
    return oldest !== undefined && now - oldest.bufferedAt >= maxBufferedTimeMs;
  }

  function takeBatch(): Entry[] {
    const batch: Entry[] = [];
    let bytes = 0;
    while (batch.length < MAX_RECORDS_PER_REQUEST) {
      const next = buffer[0];
      if (next === undefined || (batch.length > 0 && bytes + next.size > MAX_BYTES_PER_REQUEST)) {
        break;
      }
      buffer.shift();
      bufferedBytes -= next.size;
      bytes += next.size;
      batch.push(next);
    }
    return batch;
  }

  function scheduleTimer(): void {
    // With every slot busy a due batch cannot go anyway (a 0 ms timer would poll): the finishing
    // request's dispatch() sends it or schedules the timer.
    if (timer !== undefined || buffer.length === 0 || inFlight >= maxInFlight) return;
    const oldest = buffer[0] as Entry;
    const wait = Math.max(0, oldest.bufferedAt + maxBufferedTimeMs - Date.now());
    timer = setTimeout(() => {
      timer = undefined;
      dispatch();
    }, wait);
  }

  function dispatch(): void {
    while (inFlight < maxInFlight && buffer.length > 0) {
      if (!(flushing || batchIsFull() || oldestIsDue(Date.now()))) break;
      void send(takeBatch());
    }
    if (timer !== undefined && buffer.length === 0) {
      clearTimeout(timer);
      timer = undefined;
    }
    scheduleTimer();
    settleIdle();
  }

  function expireOrRetry(failures: readonly Failure[]): void {
    if (failures.length === 0) return;
    // One delay for all failed entries of a response, so they go back together and share the next
    // request instead of each taking a request of its own.
    const attempt = failures.reduce((most, { entry }) => Math.max(most, entry.attempts), 0);
    const delay = fullJitterDelay(attempt, retryBaseDelayMs, retryMaxDelayMs);
    const now = Date.now();
    const retried: Entry[] = [];
    for (const { entry, errorCode, error } of failures) {
      entry.lastErrorCode = errorCode;
      entry.lastError = error;
      if (now + delay >= entry.deadline) {
        counters.expired += 1;
        entry.reject(new RecordExpiredError(errorCode, entry.attempts, { cause: error }));
        continue;
      }
      counters.retries += 1;
      retried.push(entry);
    }
    if (retried.length === 0) return;
    retrying += retried.length;
    setTimeout(() => {
      retrying -= retried.length;
      // Retried records go first, in their order: they are the oldest.
      buffer.unshift(...retried);
      for (const entry of retried) bufferedBytes += entry.size;
      dispatch();
    }, delay);
  }

  async function send(batch: Entry[]): Promise<void> {
    inFlight += 1;
    counters.requests += 1;
    const records: PutRecordsRequestEntry[] = batch.map((entry) => {
      entry.attempts += 1;
      return {
        Data: entry.data,
        PartitionKey: entry.partitionKey,
        ...(entry.explicitHashKey === undefined ? {} : { ExplicitHashKey: entry.explicitHashKey }),
      };
    });
    try {
      const response = await client.send(
        new PutRecordsCommand({
          Records: records,
          ...(streamName === undefined ? {} : { StreamName: streamName }),
          ...(streamARN === undefined ? {} : { StreamARN: streamARN }),
        }),
      );
      const results = response.Records ?? [];
      const failures: Failure[] = [];
      batch.forEach((entry, index) => {
        const result = results[index];
        if (result?.SequenceNumber !== undefined && result.ShardId !== undefined) {
          counters.recordsPut += 1;
          counters.bytesPut += entry.size;
          entry.resolve({
            shardId: result.ShardId,
            sequenceNumber: result.SequenceNumber,
            attempts: entry.attempts,
          });
          return;
        }
        const code = result?.ErrorCode ?? PutRecordsErrorCode.InternalFailure;
        if (code === PutRecordsErrorCode.ProvisionedThroughputExceeded) counters.throttled += 1;
        failures.push({ entry, errorCode: code, error: new Error(result?.ErrorMessage ?? code) });
      });
      expireOrRetry(failures);
    } catch (error) {
      const shape = (error ?? {}) as SdkErrorShape;
      const errorName = shape.name ?? 'Error';
      if (isRetryable(error)) {
        expireOrRetry(batch.map((entry) => ({ entry, errorCode: errorName, error })));
      } else {
        counters.failed += batch.length;
        const failure = new RequestFailedError(errorName, shape.message ?? String(error), {
          cause: error,
        });
        for (const entry of batch) entry.reject(failure);
      }
    } finally {
      inFlight -= 1;
      dispatch();
    }
  }

  function put(value: T, putOptions: PutOptions = {}): Promise<PutResult> {
    if (closed) return Promise.reject(new ProducerClosedError());
    let partitionKey: string;
    let explicitHashKey: string | undefined;
    let data: Uint8Array;
    try {
      if (putOptions.partitionKey !== undefined) {
        partitionKey = putOptions.partitionKey;
      } else {
        const choice = strategy(value);
        if (typeof choice === 'string') {
          partitionKey = choice;
        } else {
          partitionKey = choice.partitionKey;
          explicitHashKey = choice.explicitHashKey;
        }
      }
      explicitHashKey = putOptions.explicitHashKey ?? explicitHashKey;
      checkPartitionKey(partitionKey);
      if (explicitHashKey !== undefined) checkHashKey(explicitHashKey);
      data = serialize(value);
    } catch (error) {
      return Promise.reject(error);
    }
    const size = data.byteLength + Buffer.byteLength(partitionKey, 'utf8');
    try {
      checkRecordSize(size, maxRecordBytes);
    } catch (error) {
      return Promise.reject(error);
    }

    return new Promise<PutResult>((resolve, reject) => {
      const now = Date.now();
      buffer.push({
        data,
        partitionKey,
        explicitHashKey,
        size,
        bufferedAt: now,
        deadline: now + recordTtlMs,
        attempts: 0,
        lastErrorCode: '',
        lastError: undefined,
        resolve,
        reject,
      });
      bufferedBytes += size;
      if (flushing || batchIsFull()) dispatch();
      else scheduleTimer();
    });
  }

  function flush(): Promise<void> {
    if (isIdle()) return Promise.resolve();
    flushing = true;
    const idle = new Promise<void>((resolve) => idleWaiters.push(resolve));
    dispatch();
    return idle;
  }

  return {
    put,
    putMany: (values, putOptions) =>
      Promise.all(Array.from(values, (value) => put(value, putOptions))),
    flush,
    async close() {
      closed = true;
      await flush();
      if (ownsClient) client.destroy();
    },
    metrics: (): ProducerMetrics => ({
      ...counters,
      buffered: buffer.length,
      inFlight,
    }),
  };
}
