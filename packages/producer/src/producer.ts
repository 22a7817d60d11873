import type { KinesisClient, PutRecordsResultEntry } from '@aws-sdk/client-kinesis';
import { AggregateEntry, type KinesisEntry } from './aggregate-entry.js';
import { fullJitterDelay } from './backoff.js';
import { BufferRoom } from './buffer-room.js';
import { createKinesisClient } from './client.js';
import { Collector } from './collector.js';
import { MAX_BYTES_PER_REQUEST, OnFull, Ordering, PutRecordsErrorCode } from './constants.js';
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
import { type HeldPut, type PendingRecord, RecordState } from './pending-record.js';
import { prepareRecord, type RecordRecipe } from './prepare-record.js';
import { type PutRecordsAnswer, putRecords } from './put-records.js';
import { speaksAwsJson } from './put-records-wire.js';
import { classifyRequestError } from './request-errors.js';
import { resolveSettings } from './settings.js';
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
import { WakeTimer } from './wake-timer.js';

/** An entry Kinesis did not accept, and why. */
interface Failure {
  readonly record: PendingRecord;
  readonly errorCode: string;
  readonly error: unknown;
}

const NO_DATA = new Uint8Array(0);

const isWaitingForKey = (record: PendingRecord): boolean =>
  record.state === RecordState.WaitingForKey;

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
  const settings = resolveSettings(options);
  const {
    streamName,
    streamARN,
    maxBufferedTimeMs,
    maxInFlight,
    recordTtlMs,
    retryBaseDelayMs,
    retryMaxDelayMs,
    failIfThrottled,
    maxBufferedRecords,
    maxBufferedBytes,
    onFull,
    requestTimeoutMs,
    onMetrics,
  } = settings;

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
  const target = {
    client,
    streamName,
    streamARN,
    timeoutMs: requestTimeoutMs,
    writeBody: speaksAwsJson(client),
  };
  const shardMap = new ShardMapSource({
    client,
    streamName,
    streamARN,
    refreshIntervalMs: settings.shardMapRefreshMs,
    requestTimeoutMs,
    onChange: onShardMap,
  });
  const shardQueues = new ShardQueues(settings.shardRates);
  const collector = new Collector(
    settings.aggregation === undefined
      ? undefined
      : {
          ...settings.aggregation,
          // The buffer shared among the request slots and the batch being collected.
          recordsPerRequest: Math.max(1, Math.ceil(maxBufferedRecords / (maxInFlight + 1))),
        },
  );
  const aggregating = settings.aggregation !== undefined;
  const keyOrder = settings.ordering === Ordering.PerKey ? new KeyOrder() : undefined;
  /** Puts made before the first shard map arrived. */
  const held = new Deque<HeldPut>();
  /** Buffered records not yet past their shard's rate limit, in put order. */
  const queued = new Deque<PendingRecord>();

  let mapRequested = false;
  let mapReady = false;
  /** When an answer last named a shard other than the one predicted (`performance.now()`). */
  let unexpectedShardAt = Number.NEGATIVE_INFINITY;
  const recipe: RecordRecipe<T> = {
    strategy: settings.partitionKey,
    serialize: settings.serialize,
    maxRecordBytes: settings.maxRecordBytes,
    keepText: aggregating,
    context: { shards: [] },
  };
  const room = new BufferRoom({ maxRecords: maxBufferedRecords, maxBytes: maxBufferedBytes });
  /** Puts in `held` not yet settled. */
  let heldCount = 0;
  let inFlight = 0;
  let closed = false;
  let closing: Promise<void> | undefined;
  const flushes = new FlushTracker();
  let pumpQueued = false;
  const wakeTimer = new WakeTimer(() => pump());
  const metricsTimer =
    onMetrics === undefined
      ? undefined
      : setInterval(() => reportMetrics(), settings.metricsIntervalMs).unref();

  const gauges = () => ({
    shardMapRefreshes: shardMap.refreshes,
    buffered: room.records + heldCount,
    bufferedBytes: room.bytes,
    waiting: room.parkedCount,
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
    recipe.context = contextOf();
    if (!mapReady) return;
    shardQueues.reassign((shardId) => shardMap.current.has(shardId), predict, performance.now());
    // Aggregates are grouped by the current map when the batch is cut: the aggregate's
    // ExplicitHashKey (its first record's) then lies in the range of the shard all its records hash
    // to. Without a map nothing is predicted and every record goes plain.
    collector.reassign(predict);
    // Only a map read after the last unexpected shard can be trusted to group by; an older one is
    // followed by a fresh read (ShardMapSource.refresh).
    collector.grouping = shardMap.currentReadAt > unexpectedShardAt;
    schedulePump();
  }

  function requestShardMap(): void {
    if (mapRequested) return;
    mapRequested = true;
    void shardMap.start().then(() => {
      mapReady = true;
      recipe.context = contextOf();
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
    if (previous === RecordState.WaitingForRoom) room.unpark();
    if (isBuffered(previous)) room.remove(record);
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

  /** Resolves a put; `now` is when its answer came (one clock read per response). */
  function resolveRecord(record: PendingRecord, result: PutResult, now: number): void {
    if (!release(record)) return;
    stats.putLatency.record(now - record.putAt);
    record.resolve(result, record);
  }

  function rejectRecord(record: PendingRecord, error: unknown): void {
    if (release(record)) record.reject(error, record);
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

  function intake(record: PendingRecord, value: T, putOptions: PutOptions | undefined): void {
    try {
      prepareRecord(record, value, putOptions, recipe);
    } catch (error) {
      rejectRecord(record, error);
      return;
    }
    if (!room.admits(record.size)) {
      if (onFull === OnFull.Reject) rejectRecord(record, room.fullError());
      else room.park(record);
      return;
    }
    admit(record, record.putAt);
  }

  function admit(record: PendingRecord, now: number): void {
    room.add(record);
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
      record.shard = predict(record);
      const passed = shardQueues.offer(record, toCollector, now);
      // A pump is due to time a throttled shard's wake, or, while a request slot is free, to send a
      // full batch or arm the timer. With every slot busy the request that ends first pumps: a pump
      // per put would only find nothing to send.
      if (
        !passed ||
        (inFlight < maxInFlight &&
          (collector.isFull() ||
            !wakeTimer.armed ||
            flushes.flushing ||
            closed ||
            (aggregating && room.isFull())))
      ) {
        schedulePump();
      }
      return;
    }
    queued.push(record);
    // Without room in the collector nothing can move until a request ends, which pumps anyway.
    if (toCollector.hasRoom()) schedulePump();
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
        collector.count < collector.maxRecords * slots &&
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
    room.admitParked((record) => {
      if (!expireIfDue(record, now)) admit(record, now);
    });
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
    room.wakeWaiters(heldCount);
  }

  /** Sends every batch that is full or due while request slots are free; true if it sent any. */
  function sendDueBatches(now: number): boolean {
    let sent = false;
    while (inFlight < maxInFlight && collector.count > 0) {
      const oldest = collector.oldest();
      const due = oldest !== undefined && now - oldest.putAt >= maxBufferedTimeMs;
      // With aggregation a request holds far more records than the buffer may: once the buffer is
      // full, nothing more can join this one, so waiting for `maxBufferedTimeMs` would only idle.
      const stalled = aggregating && room.isFull();
      if (!(flushes.flushing || closed || collector.isFull() || due || stalled)) break;
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
    wakeTimer.schedule(next, now);
  }

  // ---- requests ------------------------------------------------------------------------------

  async function send(batch: KinesisEntry[]): Promise<void> {
    inFlight += 1;
    counters.requests += 1;
    const answer = await putRecords(target, batch);
    inFlight -= 1;
    if (answer.ok) onResponse(batch, answer);
    else onRequestError(batch, answer.error);
    schedulePump();
  }

  function onResponse(
    batch: readonly KinesisEntry[],
    answer: PutRecordsAnswer & { ok: true },
  ): void {
    const results = answer.entries;
    const answeredAt = performance.now();
    const failures: Failure[] = [];
    let unexpectedShard = false;
    for (let index = 0; index < batch.length; index += 1) {
      const record = batch[index] as KinesisEntry;
      const result = results[index];
      if (record instanceof AggregateEntry) {
        if (onAggregateResult(record, result, failures, answeredAt)) unexpectedShard = true;
        continue;
      }
      if (result?.SequenceNumber !== undefined && result.ShardId !== undefined) {
        counters.recordsPut += 1;
        counters.bytesPut += record.size;
        counters.kinesisRecordsPut += 1;
        counters.kinesisBytesPut += record.size;
        if (record.shard !== undefined && record.shard.shardId !== result.ShardId) {
          unexpectedShard = true;
        }
        resolveRecord(
          record,
          {
            shardId: result.ShardId,
            sequenceNumber: result.SequenceNumber,
            attempts: record.attempts,
          },
          answeredAt,
        );
        continue;
      }
      refuse([record], result, failures);
    }
    retryOrExpire(failures);
    // The stream was resharded since the map was read: read it again, and pack nothing by the
    // stale map meanwhile.
    if (unexpectedShard) {
      unexpectedShardAt = performance.now();
      collector.grouping = false;
      shardMap.refresh();
    }
  }

  /**
   * Settles the user records of an accepted aggregate, each with its sub-sequence number, or marks
   * them all for a retry: an aggregate is accepted or refused whole. True if it landed on a shard
   * other than the one its records were grouped for.
   */
  function onAggregateResult(
    entry: AggregateEntry,
    result: PutRecordsResultEntry | undefined,
    failures: Failure[],
    answeredAt: number,
  ): boolean {
    const { records } = entry;
    if (result?.SequenceNumber !== undefined && result.ShardId !== undefined) {
      counters.kinesisRecordsPut += 1;
      counters.kinesisBytesPut += entry.size;
      const { ShardId: shardId, SequenceNumber: sequenceNumber } = result;
      for (let subSequenceNumber = 0; subSequenceNumber < records.length; subSequenceNumber += 1) {
        const record = records[subSequenceNumber] as PendingRecord;
        counters.recordsPut += 1;
        counters.bytesPut += record.size;
        resolveRecord(
          record,
          { shardId, sequenceNumber, subSequenceNumber, attempts: record.attempts },
          answeredAt,
        );
      }
      return entry.shard.shardId !== shardId;
    }
    refuse(records, result, failures);
    return false;
  }

  /**
   * The user records of an entry Kinesis refused, or left out of its answer (an internal failure):
   * each goes into `failures` to be retried, or, throttled with `failIfThrottled`, fails at once.
   * An aggregate is refused whole: its records share its error.
   */
  function refuse(
    records: readonly PendingRecord[],
    result: PutRecordsResultEntry | undefined,
    failures: Failure[],
  ): void {
    const errorCode = result?.ErrorCode ?? PutRecordsErrorCode.InternalFailure;
    const cause = { ErrorCode: errorCode, ErrorMessage: result?.ErrorMessage };
    const throttled = errorCode === PutRecordsErrorCode.ProvisionedThroughputExceeded;
    if (throttled) counters.throttled += records.length;
    for (const record of records) {
      if (throttled && failIfThrottled) {
        fail(record, new RecordThrottledError(errorCode, record.attempts, { cause }));
      } else {
        failures.push({ record, errorCode, error: cause });
      }
    }
  }

  function onRequestError(entries: readonly KinesisEntry[], error: unknown): void {
    const batch = userRecordsOf(entries);
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

  /** The user records of a request's entries, in order. */
  function userRecordsOf(entries: readonly KinesisEntry[]): readonly PendingRecord[] {
    if (!aggregating) return entries as readonly PendingRecord[];
    return entries.flatMap((entry) => (entry instanceof AggregateEntry ? entry.records : [entry]));
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

  /** Why a put cannot even start, if it cannot. */
  function refusal(signal: AbortSignal | undefined): Error | undefined {
    if (closed) return new ProducerClosedError();
    if (signal?.aborted) return new PutAbortedError({ cause: signal.reason });
    if (!mapReady && onFull === OnFull.Reject && heldCount + room.records >= maxBufferedRecords) {
      return new BufferFullError(
        'maxBufferedRecords',
        { records: heldCount + room.records, bytes: room.bytes },
        maxBufferedRecords,
      );
    }
    return undefined;
  }

  /** Starts one put made at `putAt`, settled through `resolve` and `reject`. */
  function submit(
    value: T,
    putOptions: PutOptions | undefined,
    resolve: PendingRecord['resolve'],
    reject: PendingRecord['reject'],
    slot: number,
    putAt: number,
  ): void {
    const record: PendingRecord = {
      // Held only once counted in heldCount below: a put refused here was never held.
      state: RecordState.New,
      data: NO_DATA,
      partitionKey: '',
      explicitHashKey: undefined,
      size: 0,
      putAt,
      epoch: flushes.add(),
      shard: undefined,
      holdsKey: false,
      attempts: 0,
      lastFailure: undefined,
      abort: undefined,
      resolve,
      reject,
      slot,
    };
    const signal = putOptions?.signal;
    const refused = refusal(signal);
    if (refused !== undefined) {
      rejectRecord(record, refused);
      return;
    }
    if (signal !== undefined) {
      const listener = (): void => abort(record);
      record.abort = { signal, listener, requested: false };
      signal.addEventListener('abort', listener, { once: true });
    }
    if (mapReady) {
      intake(record, value, putOptions);
    } else {
      record.state = RecordState.Held;
      heldCount += 1;
      held.push({ record, value, options: putOptions });
      requestShardMap();
    }
  }

  function put(value: T, putOptions?: PutOptions): Promise<PutResult> {
    const promise = new Promise<PutResult>(captureSettlers);
    submit(value, putOptions, capturedResolve, capturedReject, 0, performance.now());
    return promise;
  }

  // Without a promise per value: the records share one pair of settling functions, which write
  // each outcome into its slot and resolve the call's one promise with the last.
  function putMany(values: Iterable<T>, putOptions?: PutOptions): Promise<PutOutcome[]> {
    const list = Array.isArray(values) ? (values as readonly T[]) : Array.from(values);
    const outcomes = new Array<PutOutcome>(list.length);
    if (list.length === 0) return Promise.resolve(outcomes);
    return new Promise((done) => {
      let unsettled = list.length;
      const settled = (): void => {
        unsettled -= 1;
        if (unsettled === 0) done(outcomes);
      };
      const resolve = (value: PutResult, record: PendingRecord): void => {
        outcomes[record.slot] = { ok: true, value };
        settled();
      };
      const reject = (error: unknown, record: PendingRecord): void => {
        outcomes[record.slot] = { ok: false, error };
        settled();
      };
      // One clock read for the call: its values are put at the same moment.
      const putAt = performance.now();
      for (let slot = 0; slot < list.length; slot += 1) {
        submit(list[slot] as T, putOptions, resolve, reject, slot, putAt);
      }
    });
  }

  function hasRoom(): boolean {
    return closed || room.hasRoom(heldCount);
  }

  function waitForRoom(): Promise<void> {
    return closed ? Promise.resolve() : room.waitForRoom(heldCount);
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
      wakeTimer.clear();
      clearInterval(metricsTimer);
      shardMap.stop();
      room.wakeWaiters(heldCount, true);
      if (onMetrics !== undefined) reportMetrics();
      if (ownsClient) client.destroy();
    })();
    return closing;
  }

  // Read the shard map now, as the KPL does: the first puts need not wait for it, and the client's
  // configuration and first connection are ready by then.
  requestShardMap();

  return {
    put,
    putMany,
    hasRoom,
    waitForRoom,
    flush,
    close,
    metrics: (): ProducerMetrics => stats.snapshot(gauges()),
  };
}
