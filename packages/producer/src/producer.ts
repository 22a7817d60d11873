import {
  type KinesisClient,
  PutRecordsCommand,
  type PutRecordsCommandOutput,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { fullJitterDelay } from './backoff.js';
import { createKinesisClient } from './client.js';
import { Collector } from './collector.js';
import {
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_MAX_BUFFERED_RECORDS,
  DEFAULT_MAX_BUFFERED_TIME_MS,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_MAX_RECORD_BYTES,
  DEFAULT_METRICS_INTERVAL_MS,
  DEFAULT_RATE_LIMIT_PERCENT,
  DEFAULT_RECORD_TTL_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  DEFAULT_SHARD_MAP_REFRESH_MS,
  MAX_BYTES_PER_REQUEST,
  MAX_RECORD_BYTES_CEILING,
  MAX_RECORDS_PER_REQUEST,
  OnFull,
  Ordering,
  PutRecordsErrorCode,
  SHARD_BYTES_PER_SECOND,
  SHARD_RECORDS_PER_SECOND,
} from './constants.js';
import { Deque } from './deque.js';
import {
  BufferFullError,
  ProducerClosedError,
  PutAbortedError,
  RecordExpiredError,
  RecordThrottledError,
  RequestFailedError,
} from './errors.js';
import { FlushTracker } from './flush-tracker.js';
import { KeyOrder } from './key-order.js';
import { ProducerStats } from './metrics.js';
import type { PartitionKeyContext } from './partition-keys.js';
import { random } from './partition-keys.js';
import { type HeldPut, type PendingRecord, RecordState } from './pending-record.js';
import { classifyRequestError } from './request-errors.js';
import { defaultSerialize } from './serialize.js';
import { ShardMapSource } from './shard-map-source.js';
import { type ShardQueueSink, ShardQueues } from './shard-queues.js';
import type {
  Producer,
  ProducerMetrics,
  ProducerOptions,
  PutOptions,
  PutOutcome,
  PutResult,
} from './types.js';
import { checkHashKey, checkPartitionKey, checkRecordSize } from './validation.js';
import { withTimeout } from './with-timeout.js';

/** An entry Kinesis did not accept, and why. */
interface Failure {
  readonly record: PendingRecord;
  readonly errorCode: string;
  readonly error: unknown;
}

const NO_DATA = new Uint8Array(0);

function checkPositive(name: string, value: number, { integer = false } = {}): void {
  if (!(value > 0) || (integer && !Number.isInteger(value))) {
    throw new RangeError(
      `${name} must be a positive ${integer ? 'integer' : 'number'} (got ${value})`,
    );
  }
}

const isWaitingForKey = (record: PendingRecord): boolean =>
  record.state === RecordState.WaitingForKey;

/** `waitForRoom()` while there is room: one settled promise, nothing allocated per put. */
const ROOM_NOW = Promise.resolve();

/** Buffered, in a request or retrying: the states `maxBufferedRecords` counts. */
function isBuffered(state: number): boolean {
  return state >= RecordState.WaitingForKey && state <= RecordState.BackingOff;
}

/**
 * Creates a batching Kinesis producer with the KPL's guarantees. Records are buffered and sent
 * with PutRecords in batches of at most 500 records and 5 MiB, several requests in flight over
 * keep-alive connections; each record's shard is predicted from the stream's shard map and held
 * to a per-shard rate limit; only the failed entries of a response are retried, with exponential
 * backoff and full jitter, until each record's time to live runs out.
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
    rateLimitPercent = DEFAULT_RATE_LIMIT_PERCENT,
    failIfThrottled = false,
    ordering = Ordering.BestEffort,
    maxBufferedRecords = DEFAULT_MAX_BUFFERED_RECORDS,
    maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES,
    onFull = OnFull.Wait,
    requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
    shardMapRefreshMs = DEFAULT_SHARD_MAP_REFRESH_MS,
    onMetrics,
    metricsIntervalMs = DEFAULT_METRICS_INTERVAL_MS,
  } = options;
  if (maxRecordBytes > MAX_RECORD_BYTES_CEILING) {
    throw new RangeError(`maxRecordBytes may be at most ${MAX_RECORD_BYTES_CEILING} (10 MiB)`);
  }
  checkPositive('maxInFlight', maxInFlight, { integer: true });
  checkPositive('maxBufferedRecords', maxBufferedRecords, { integer: true });
  checkPositive('maxBufferedBytes', maxBufferedBytes);
  checkPositive('rateLimitPercent', rateLimitPercent);
  checkPositive('requestTimeoutMs', requestTimeoutMs);
  checkPositive('shardMapRefreshMs', shardMapRefreshMs);
  checkPositive('metricsIntervalMs', metricsIntervalMs);
  if (ordering !== Ordering.BestEffort && ordering !== Ordering.PerKey) {
    throw new RangeError(`ordering must be 'best-effort' or 'per-key' (got ${String(ordering)})`);
  }
  if (onFull !== OnFull.Wait && onFull !== OnFull.Reject) {
    throw new RangeError(`onFull must be 'wait' or 'reject' (got ${String(onFull)})`);
  }

  const ownsClient = options.client === undefined;
  // The producer retries by itself, bounded by each record's time to live; SDK retries underneath
  // would multiply attempts and hide possible duplicates. One socket more than requests, for ListShards.
  const client: KinesisClient =
    options.client ??
    createKinesisClient(
      { maxAttempts: 1, ...options.clientConfig },
      { maxSockets: maxInFlight + 1 },
    );

  const stats = new ProducerStats();
  const { counters } = stats;
  const shardMap = new ShardMapSource({
    client,
    streamName,
    streamARN,
    refreshIntervalMs: shardMapRefreshMs,
    requestTimeoutMs,
    onChange: onShardMap,
  });
  const shardQueues = new ShardQueues(
    Number.isFinite(rateLimitPercent)
      ? {
          recordsPerSecond: (SHARD_RECORDS_PER_SECOND * rateLimitPercent) / 100,
          bytesPerSecond: (SHARD_BYTES_PER_SECOND * rateLimitPercent) / 100,
        }
      : undefined,
  );
  const collector = new Collector();
  const keyOrder = ordering === Ordering.PerKey ? new KeyOrder() : undefined;
  /** Puts made before the first shard map arrived. */
  const held = new Deque<HeldPut>();
  /** Puts waiting for room in the buffer. */
  const waitingForRoom = new Deque<PendingRecord>();
  /** Buffered records not yet past their shard's rate limit, in put order. */
  const queued = new Deque<PendingRecord>();

  let mapRequested = false;
  let mapReady = false;
  let keyContext: PartitionKeyContext = { shards: [] };
  let bufferedRecords = 0;
  let bufferedBytes = 0;
  /** Puts in `held` and in `waitingForRoom` not yet settled. */
  let heldCount = 0;
  let waitingCount = 0;
  let inFlight = 0;
  let closed = false;
  let closing: Promise<void> | undefined;
  const flushes = new FlushTracker();
  let roomListeners: Array<() => void> = [];
  let pumpQueued = false;
  let wakeTimer: NodeJS.Timeout | undefined;
  let wakeAt = Number.POSITIVE_INFINITY;
  const metricsTimer =
    onMetrics === undefined
      ? undefined
      : setInterval(() => reportMetrics(), metricsIntervalMs).unref();

  const gauges = () => ({
    shardMapRefreshes: shardMap.refreshes,
    buffered: bufferedRecords + heldCount,
    bufferedBytes,
    waiting: waitingCount,
    inFlight,
  });

  function reportMetrics(): void {
    try {
      onMetrics?.(stats.snapshot(gauges()));
    } catch {
      // A failing metrics hook must not take the producer (or the process) down with it.
    }
  }

  // ---- shard map ---------------------------------------------------------------------------

  function contextOf(): PartitionKeyContext {
    const map = shardMap.current;
    return map.size > 0 || shardMap.lastError === undefined
      ? { shards: map.infos }
      : { shards: [], shardMapError: shardMap.lastError };
  }

  function predict(record: PendingRecord) {
    return shardMap.current.predict(record.partitionKey, record.explicitHashKey);
  }

  function onShardMap(): void {
    keyContext = contextOf();
    if (!mapReady) return;
    shardQueues.reassign((shardId) => shardMap.current.has(shardId), predict, performance.now());
    schedulePump();
  }

  function requestShardMap(): void {
    if (mapRequested) return;
    mapRequested = true;
    void shardMap.start().then(() => {
      mapReady = true;
      keyContext = contextOf();
      for (let put = held.shift(); put !== undefined; put = held.shift()) {
        if (put.record.state !== RecordState.Held) continue;
        heldCount -= 1;
        put.record.state = RecordState.New;
        intake(put.record, put.value as T, put.options);
      }
      schedulePump();
    });
  }

  // ---- settling ------------------------------------------------------------------------------

  /** Takes a record out of every count and queue it is in; false if it was already settled. */
  function release(record: PendingRecord): boolean {
    const previous = record.state;
    if (previous === RecordState.Settled) return false;
    record.state = RecordState.Settled;
    if (previous === RecordState.Ready) collector.forget(record);
    if (previous === RecordState.Held) heldCount -= 1;
    if (previous === RecordState.WaitingForRoom) waitingCount -= 1;
    if (isBuffered(previous)) {
      bufferedRecords -= 1;
      bufferedBytes -= record.size;
    }
    if (record.holdsKey && keyOrder !== undefined) {
      record.holdsKey = false;
      const next = keyOrder.release(record.partitionKey, isWaitingForKey);
      if (next !== undefined) enqueue(next);
    }
    if (record.abort !== undefined) {
      record.abort.signal.removeEventListener('abort', record.abort.listener);
    }
    record.data = NO_DATA;
    flushes.settled(record.epoch);
    schedulePump();
    return true;
  }

  function resolveRecord(record: PendingRecord, result: PutResult): void {
    if (!release(record)) return;
    stats.putLatency.record(performance.now() - record.putAt);
    record.resolve(result);
  }

  function rejectRecord(record: PendingRecord, error: unknown): void {
    if (release(record)) record.reject(error);
  }

  function fail(record: PendingRecord, error: unknown): void {
    if (isBuffered(record.state)) counters.failed += 1;
    rejectRecord(record, error);
  }

  /** Settles a record whose time to live is over; true if it did. */
  function expireIfDue(record: PendingRecord, now: number): boolean {
    if (now < record.putAt + recordTtlMs) return false;
    counters.expired += 1;
    const { lastFailure } = record;
    rejectRecord(
      record,
      new RecordExpiredError(lastFailure?.code, record.attempts, { cause: lastFailure?.error }),
    );
    return true;
  }

  function abort(record: PendingRecord): void {
    if (record.state === RecordState.Settled) return;
    if (record.state === RecordState.Sending) {
      // It may already be stored; its request decides. It is not retried if that attempt fails.
      if (record.abort !== undefined) record.abort.requested = true;
      return;
    }
    fail(record, new PutAbortedError({ cause: record.abort?.signal.reason }));
  }

  // ---- intake: key, bytes, limits, room -----------------------------------------------------

  function hasRoomFor(size: number): boolean {
    return (
      bufferedRecords < maxBufferedRecords &&
      (bufferedRecords === 0 || bufferedBytes + size <= maxBufferedBytes)
    );
  }

  /** Chooses the key and serializes; throws what the strategy, the limits or `serialize` throw. */
  function prepare(record: PendingRecord, value: T, putOptions: PutOptions = {}): void {
    let partitionKey: string;
    let explicitHashKey: string | undefined;
    if (putOptions.partitionKey !== undefined) {
      partitionKey = putOptions.partitionKey;
    } else {
      const choice = strategy(value, keyContext);
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
    const data = serialize(value);
    const size = data.byteLength + Buffer.byteLength(partitionKey, 'utf8');
    checkRecordSize(size, maxRecordBytes);
    record.partitionKey = partitionKey;
    record.explicitHashKey = explicitHashKey;
    record.data = data;
    record.size = size;
  }

  function intake(record: PendingRecord, value: T, putOptions: PutOptions | undefined): void {
    try {
      prepare(record, value, putOptions);
    } catch (error) {
      rejectRecord(record, error);
      return;
    }
    if (waitingForRoom.length > 0 || !hasRoomFor(record.size)) {
      if (onFull === OnFull.Reject) {
        const full = bufferedRecords >= maxBufferedRecords;
        rejectRecord(
          record,
          new BufferFullError(
            full ? 'maxBufferedRecords' : 'maxBufferedBytes',
            { records: bufferedRecords, bytes: bufferedBytes },
            full ? maxBufferedRecords : maxBufferedBytes,
          ),
        );
        return;
      }
      record.state = RecordState.WaitingForRoom;
      waitingCount += 1;
      waitingForRoom.push(record);
      return;
    }
    admit(record, record.putAt);
  }

  function admit(record: PendingRecord, now: number): void {
    bufferedRecords += 1;
    bufferedBytes += record.size;
    if (keyOrder !== undefined && !keyOrder.acquire(record)) {
      record.state = RecordState.WaitingForKey;
      return;
    }
    enqueue(record, now);
  }

  /** Buffers an admitted record; `now` may be its put time when it has just been put. */
  function enqueue(record: PendingRecord, now = performance.now()): void {
    record.state = RecordState.Queued;
    if (queued.length === 0 && mapReady && toCollector.hasRoom()) {
      // The common case, without a pump: straight through its shard's limiter into the collector.
      // A pump is needed only to send a full batch, or to arm the timer of a first record.
      record.shard = predict(record);
      shardQueues.offer(record, toCollector, now);
      if (collector.isFull() || wakeTimer === undefined || flushes.flushing || closed) {
        schedulePump();
      }
      return;
    }
    queued.push(record);
    // Without room in the collector nothing can move until a request ends, which pumps anyway.
    if (toCollector.hasRoom()) schedulePump();
  }

  function admitWaitingForRoom(now: number): void {
    for (let head = waitingForRoom.peek(); head !== undefined; head = waitingForRoom.peek()) {
      if (head.state === RecordState.WaitingForRoom) {
        if (!hasRoomFor(head.size)) break;
        waitingForRoom.shift();
        waitingCount -= 1;
        head.state = RecordState.New;
        if (!expireIfDue(head, now)) admit(head, now);
        continue;
      }
      waitingForRoom.shift();
    }
  }

  function hasRoomNow(): boolean {
    return (
      waitingForRoom.length === 0 &&
      bufferedRecords + heldCount < maxBufferedRecords &&
      bufferedBytes < maxBufferedBytes
    );
  }

  // ---- the pump: limiter -> collector -> requests ---------------------------------------------

  function schedulePump(): void {
    if (pumpQueued) return;
    pumpQueued = true;
    queueMicrotask(pump);
  }

  /** When the pump running now started: the clock of its expiry checks. */
  let pumpNow = 0;

  // Records wait in the collector for at most one request per free slot, plus the next one: they
  // take their shard's tokens when they enter it, so it must not run far ahead of the requests.
  const toCollector: ShardQueueSink = {
    hasRoom() {
      const slots = maxInFlight - inFlight + 1;
      return (
        collector.count < MAX_RECORDS_PER_REQUEST * slots &&
        collector.bytes < MAX_BYTES_PER_REQUEST * slots
      );
    },
    accept(record) {
      collector.add(record);
    },
    expire(record) {
      return expireIfDue(record, pumpNow);
    },
  };

  function pump(): void {
    pumpQueued = false;
    const now = performance.now();
    pumpNow = now;
    admitWaitingForRoom(now);
    let laneWakeAt = Number.POSITIVE_INFINITY;
    for (let round = 0; round <= maxInFlight; round += 1) {
      laneWakeAt = shardQueues.release(toCollector, now);
      while (queued.length > 0 && toCollector.hasRoom()) {
        const record = queued.shift() as PendingRecord;
        if (record.state !== RecordState.Queued || expireIfDue(record, now)) continue;
        record.shard = mapReady ? predict(record) : undefined;
        shardQueues.offer(record, toCollector, now);
      }
      if (!sendDueBatches(now) || !toCollector.hasRoom()) break;
    }
    scheduleWake(now, laneWakeAt);
    if (roomListeners.length > 0 && hasRoomNow()) {
      const listeners = roomListeners;
      roomListeners = [];
      for (const listener of listeners) listener();
    }
  }

  /** Sends every batch that is full or due while request slots are free; true if it sent any. */
  function sendDueBatches(now: number): boolean {
    let sent = false;
    while (inFlight < maxInFlight && collector.count > 0) {
      const oldest = collector.oldest();
      const due = oldest !== undefined && now - oldest.putAt >= maxBufferedTimeMs;
      if (!(flushes.flushing || closed || collector.isFull() || due)) break;
      const batch = collector.takeBatch((record) => expireIfDue(record, now));
      if (batch.length === 0) continue;
      sent = true;
      void send(batch);
    }
    return sent;
  }

  function scheduleWake(now: number, laneWakeAt: number): void {
    let next = laneWakeAt;
    // With every slot busy a due batch cannot go anyway (a timer would only poll): the request that
    // finishes pumps again.
    if (inFlight < maxInFlight) {
      const oldest = collector.oldest();
      if (oldest !== undefined) next = Math.min(next, oldest.putAt + maxBufferedTimeMs);
    }
    if (next === Number.POSITIVE_INFINITY) {
      clearTimeout(wakeTimer);
      wakeTimer = undefined;
      wakeAt = next;
      return;
    }
    if (wakeTimer !== undefined && wakeAt <= next) return;
    clearTimeout(wakeTimer);
    wakeAt = next;
    wakeTimer = setTimeout(
      () => {
        wakeTimer = undefined;
        wakeAt = Number.POSITIVE_INFINITY;
        pump();
      },
      Math.max(0, next - now),
    );
  }

  // ---- requests ------------------------------------------------------------------------------

  async function send(batch: PendingRecord[]): Promise<void> {
    inFlight += 1;
    counters.requests += 1;
    const records: PutRecordsRequestEntry[] = batch.map((record) => {
      record.attempts += 1;
      return record.explicitHashKey === undefined
        ? { Data: record.data, PartitionKey: record.partitionKey }
        : {
            Data: record.data,
            PartitionKey: record.partitionKey,
            ExplicitHashKey: record.explicitHashKey,
          };
    });
    const input = {
      Records: records,
      ...(streamName === undefined ? {} : { StreamName: streamName }),
      ...(streamARN === undefined ? {} : { StreamARN: streamARN }),
    };
    let response: PutRecordsCommandOutput | undefined;
    let failure: unknown;
    let failed = false;
    try {
      response = await withTimeout(
        (abortSignal) => client.send(new PutRecordsCommand(input), { abortSignal }),
        { timeoutMs: requestTimeoutMs, operation: 'PutRecords' },
      );
    } catch (error) {
      failed = true;
      failure = error;
    }
    inFlight -= 1;
    if (failed) onRequestError(batch, failure);
    else onResponse(batch, response);
    schedulePump();
  }

  function onResponse(
    batch: readonly PendingRecord[],
    response: PutRecordsCommandOutput | undefined,
  ): void {
    const results = response?.Records ?? [];
    const failures: Failure[] = [];
    let unexpectedShard = false;
    batch.forEach((record, index) => {
      const result = results[index];
      if (result?.SequenceNumber !== undefined && result.ShardId !== undefined) {
        counters.recordsPut += 1;
        counters.bytesPut += record.size;
        if (record.shard !== undefined && record.shard.shardId !== result.ShardId) {
          unexpectedShard = true;
        }
        resolveRecord(record, {
          shardId: result.ShardId,
          sequenceNumber: result.SequenceNumber,
          attempts: record.attempts,
        });
        return;
      }
      // An entry missing from the response counts as an internal failure: it is retried.
      const errorCode = result?.ErrorCode ?? PutRecordsErrorCode.InternalFailure;
      const cause = { ErrorCode: errorCode, ErrorMessage: result?.ErrorMessage };
      if (errorCode === PutRecordsErrorCode.ProvisionedThroughputExceeded) {
        counters.throttled += 1;
        if (failIfThrottled) {
          fail(record, new RecordThrottledError(errorCode, record.attempts, { cause }));
          return;
        }
      }
      failures.push({ record, errorCode, error: cause });
    });
    retryOrExpire(failures);
    // The stream was resharded since the map was read: read it again.
    if (unexpectedShard) shardMap.refresh();
  }

  function onRequestError(batch: readonly PendingRecord[], error: unknown): void {
    const kind = classifyRequestError(error);
    if (kind.ambiguous) counters.possibleDuplicates += batch.length;
    if (kind.throttled) counters.throttled += batch.length;
    if (!kind.retryable) {
      const message = error instanceof Error ? error.message : String(error);
      const failure = new RequestFailedError(kind.name, message, { cause: error });
      for (const record of batch) fail(record, failure);
      return;
    }
    if (kind.throttled && failIfThrottled) {
      for (const record of batch) {
        fail(record, new RecordThrottledError(kind.name, record.attempts, { cause: error }));
      }
      return;
    }
    retryOrExpire(batch.map((record) => ({ record, errorCode: kind.name, error })));
  }

  function retryOrExpire(failures: readonly Failure[]): void {
    if (failures.length === 0) return;
    // One delay for all failed entries of a response, so they go back together and share the next
    // request instead of each taking a request of its own.
    const attempt = failures.reduce((most, { record }) => Math.max(most, record.attempts), 0);
    const delay = fullJitterDelay(attempt, retryBaseDelayMs, retryMaxDelayMs);
    const now = performance.now();
    const retried: PendingRecord[] = [];
    for (const { record, errorCode, error } of failures) {
      record.lastFailure = { code: errorCode, error };
      if (record.abort?.requested === true) {
        fail(record, new PutAbortedError({ cause: record.abort.signal.reason }));
      } else if (!expireIfDue(record, now + delay)) {
        counters.retries += 1;
        record.state = RecordState.BackingOff;
        retried.push(record);
      }
    }
    if (retried.length === 0) return;
    setTimeout(() => {
      const at = performance.now();
      // Back to the front of their shards' queues, in their order: they are the oldest records.
      for (let index = retried.length - 1; index >= 0; index -= 1) {
        const record = retried[index] as PendingRecord;
        if (record.state !== RecordState.BackingOff) continue;
        record.shard = mapReady ? predict(record) : undefined;
        shardQueues.requeue(record, at);
      }
      schedulePump();
    }, delay);
  }

  // ---- public API ----------------------------------------------------------------------------

  // One executor for every put's promise, instead of a closure per put: it hands over the
  // settling functions, which the record then keeps.
  let capturedResolve: (result: PutResult) => void = () => undefined;
  let capturedReject: (error: unknown) => void = () => undefined;
  const captureSettlers = (
    resolve: (result: PutResult) => void,
    reject: (error: unknown) => void,
  ): void => {
    capturedResolve = resolve;
    capturedReject = reject;
  };

  function put(value: T, putOptions?: PutOptions): Promise<PutResult> {
    if (closed) return Promise.reject(new ProducerClosedError());
    const signal = putOptions?.signal;
    if (signal?.aborted) return Promise.reject(new PutAbortedError({ cause: signal.reason }));
    if (
      !mapReady &&
      onFull === OnFull.Reject &&
      heldCount + bufferedRecords >= maxBufferedRecords
    ) {
      return Promise.reject(
        new BufferFullError(
          'maxBufferedRecords',
          { records: heldCount + bufferedRecords, bytes: bufferedBytes },
          maxBufferedRecords,
        ),
      );
    }
    const promise = new Promise<PutResult>(captureSettlers);
    const record: PendingRecord = {
      state: mapReady ? RecordState.New : RecordState.Held,
      data: NO_DATA,
      partitionKey: '',
      explicitHashKey: undefined,
      size: 0,
      putAt: performance.now(),
      epoch: flushes.add(),
      shard: undefined,
      holdsKey: false,
      attempts: 0,
      lastFailure: undefined,
      abort: undefined,
      resolve: capturedResolve,
      reject: capturedReject,
    };
    if (signal !== undefined) {
      const listener = (): void => abort(record);
      record.abort = { signal, listener, requested: false };
      signal.addEventListener('abort', listener, { once: true });
    }
    if (mapReady) {
      intake(record, value, putOptions);
    } else {
      heldCount += 1;
      held.push({ record, value, options: putOptions });
      requestShardMap();
    }
    return promise;
  }

  function putMany(values: Iterable<T>, putOptions?: PutOptions): Promise<PutOutcome[]> {
    return Promise.all(
      Array.from(values, (value) =>
        put(value, putOptions).then(
          (result): PutOutcome => ({ ok: true, value: result }),
          (error: unknown): PutOutcome => ({ ok: false, error }),
        ),
      ),
    );
  }

  function waitForRoom(): Promise<void> {
    if (closed || hasRoomNow()) return ROOM_NOW;
    return new Promise((resolve) => roomListeners.push(resolve));
  }

  function flush(): Promise<void> {
    const flushed = flushes.flush();
    schedulePump();
    return flushed;
  }

  function close(): Promise<void> {
    closing ??= (async () => {
      closed = true;
      await flush();
      clearTimeout(wakeTimer);
      clearInterval(metricsTimer);
      shardMap.stop();
      for (const listener of roomListeners) listener();
      roomListeners = [];
      if (onMetrics !== undefined) reportMetrics();
      if (ownsClient) client.destroy();
    })();
    return closing;
  }

  return {
    put,
    putMany,
    waitForRoom,
    flush,
    close,
    metrics: (): ProducerMetrics => stats.snapshot(gauges()),
  };
}
