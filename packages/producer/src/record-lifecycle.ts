import { isBuffered } from './buffer-room.js';
import { OnFull } from './constants.js';
import { ProducerClosedError, PutAbortedError, RecordExpiredError } from './errors.js';
import { NOT_HELD_BACK, type PendingRecord, RecordState } from './pending-record.js';
import { prepareRecord } from './prepare-record.js';
import { type ProducerState, predict, schedulePump, shardContext } from './producer-state.js';
import type { PutOptions, PutResult } from './types.js';

// The record lifecycle: a put is admitted (held for the first shard map, keyed and sized, parked
// for room, queued behind its key), collected (through its shard's rate limit into the collector),
// and settled here, in one place that takes it out of every count and queue.

const NO_DATA = new Uint8Array(0);

const isWaitingForKey = (record: PendingRecord): boolean =>
  record.state === RecordState.WaitingForKey;

// ---- settling --------------------------------------------------------------------------------

/** Takes a record out of every count and queue it is in; false if it was already settled. */
function release(state: ProducerState, record: PendingRecord): boolean {
  const previous = record.state;
  if (previous === RecordState.Settled) return false;
  record.state = RecordState.Settled;
  if (previous === RecordState.Ready) state.collector.forget(record);
  state.room.leave(record, previous);
  if (record.holdsKey && state.keyOrder !== undefined) {
    record.holdsKey = false;
    const next = state.keyOrder.release(record.partitionKey, isWaitingForKey);
    if (next !== undefined) enqueue(state, next);
  }
  if (record.abort !== undefined) {
    record.abort.signal.removeEventListener('abort', record.abort.listener);
  }
  record.data = NO_DATA;
  state.flushes.settled(record.epoch);
  schedulePump(state);
  return true;
}

/**
 * Resolves an accepted record and counts it; `now` is when its answer came (one clock read per
 * response) and `size` the bytes it took as Kinesis counts them.
 */
export function resolveRecord(
  state: ProducerState,
  record: PendingRecord,
  result: PutResult,
  now: number,
): void {
  if (!release(state, record)) return;
  const { counters, putLatency } = state.stats;
  counters.recordsPut += 1;
  counters.bytesPut += record.size;
  putLatency.record(now - record.putAt);
  record.resolve(result, record);
}

/** Rejects a record that never got into the buffer, or whose reason is counted elsewhere. */
function rejectRecord(state: ProducerState, record: PendingRecord, error: unknown): void {
  if (release(state, record)) record.reject(error, record);
}

/** Rejects a record, counted in `failed` if it was buffered. */
export function fail(state: ProducerState, record: PendingRecord, error: unknown): void {
  if (isBuffered(record.state)) state.stats.counters.failed += 1;
  rejectRecord(state, record, error);
}

/** Settles a record whose time to live is over at `now`, counted in `expired`; true if it did. */
export function expireIfDue(state: ProducerState, record: PendingRecord, now: number): boolean {
  if (now < record.putAt + state.settings.recordTtlMs) return false;
  state.stats.counters.expired += 1;
  const { lastFailure } = record;
  rejectRecord(
    state,
    record,
    new RecordExpiredError(lastFailure?.code, record.attempts, { cause: lastFailure?.error }),
  );
  return true;
}

/** Fails a record whose put was aborted (`PutAbortedError`, the signal's reason as cause). */
export function failAborted(state: ProducerState, record: PendingRecord): void {
  fail(state, record, new PutAbortedError({ cause: record.abort?.signal.reason }));
}

/** The put's signal fired. */
function abort(state: ProducerState, record: PendingRecord): void {
  if (record.state === RecordState.Settled) return;
  if (record.state === RecordState.Sending) {
    // It may already be stored; its request decides. It is not retried if that attempt fails.
    if (record.abort !== undefined) record.abort.requested = true;
    return;
  }
  failAborted(state, record);
}

// ---- admission: held, keyed and sized, room, key order ----------------------------------------

/** Why a put cannot even start, if it cannot. */
function refusal(state: ProducerState, signal: AbortSignal | undefined): Error | undefined {
  if (state.closed) return new ProducerClosedError();
  if (signal?.aborted) return new PutAbortedError({ cause: signal.reason });
  if (!state.mapReady && state.settings.onFull === OnFull.Reject) {
    return state.room.refusesUnsized();
  }
  return undefined;
}

/**
 * Starts one put of `value` made at `putAt`, settled through `resolve` and `reject`. (Positional:
 * it runs once per record, and an object per call would be garbage per record.)
 */
export function submit(
  state: ProducerState,
  value: unknown,
  putOptions: PutOptions | undefined,
  resolve: PendingRecord['resolve'],
  reject: PendingRecord['reject'],
  slot: number,
  putAt: number,
): void {
  const record: PendingRecord = {
    state: RecordState.New,
    data: NO_DATA,
    partitionKey: '',
    explicitHashKey: undefined,
    size: 0,
    putAt,
    heldBackAt: NOT_HELD_BACK,
    epoch: state.flushes.add(),
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
  const refused = refusal(state, signal);
  if (refused !== undefined) {
    rejectRecord(state, record, refused);
    return;
  }
  if (signal !== undefined) {
    const listener = (): void => abort(state, record);
    record.abort = { signal, listener, requested: false };
    signal.addEventListener('abort', listener, { once: true });
  }
  if (state.mapReady) {
    intake(state, record, value, putOptions);
  } else {
    state.room.hold(record);
    state.held.push({ record, value, options: putOptions });
    requestShardMap(state);
  }
}

/** Reads the shard map once; puts held until then are keyed when it arrives. */
export function requestShardMap(state: ProducerState): void {
  if (state.mapRequested) return;
  state.mapRequested = true;
  void state.shardMap.start().then(() => {
    state.mapReady = true;
    state.recipe.context = shardContext(state);
    for (let put = state.held.shift(); put !== undefined; put = state.held.shift()) {
      if (state.room.unhold(put.record)) intake(state, put.record, put.value, put.options);
    }
    schedulePump(state);
  });
}

/** Keys, serializes and sizes a record, then lets it into the buffer, parks or refuses it. */
function intake(
  state: ProducerState,
  record: PendingRecord,
  value: unknown,
  putOptions: PutOptions | undefined,
): void {
  try {
    prepareRecord(record, value, putOptions, state.recipe);
  } catch (error) {
    rejectRecord(state, record, error);
    return;
  }
  const { room } = state;
  if (!room.admits(record.size)) {
    if (state.settings.onFull === OnFull.Reject) rejectRecord(state, record, room.fullError());
    else room.park(record);
    return;
  }
  admit(state, record, record.putAt);
}

/** Counts a record into the buffer and queues it, or behind an earlier record of its key. */
export function admit(state: ProducerState, record: PendingRecord, now: number): void {
  state.room.add(record);
  if (state.keyOrder !== undefined && !state.keyOrder.acquire(record)) {
    record.state = RecordState.WaitingForKey;
    return;
  }
  enqueue(state, record, now);
}

// ---- collection: through the shard's limiter into the collector -------------------------------

/** Buffers an admitted record; `now` may be its put time when it has just been put. */
function enqueue(state: ProducerState, record: PendingRecord, now = performance.now()): void {
  record.state = RecordState.Queued;
  const { sink, settings, collector, room } = state;
  if (state.queued.length === 0 && state.mapReady && sink.hasRoom()) {
    // The common case, without a pump: straight through its shard's limiter into the collector.
    record.shard = predict(state, record);
    const passed = state.shardQueues.offer(record, sink, now);
    // A pump is due to time a throttled shard's wake, or, while a request slot is free, to send a
    // full batch or arm the timer. With every slot busy the request that ends first pumps: a pump
    // per put would only find nothing to send.
    if (
      !passed ||
      (state.inFlight < settings.maxInFlight &&
        (collector.isFull() ||
          !state.wakeTimer.armed ||
          state.flushes.flushing ||
          state.closed ||
          (state.aggregating && room.isFull())))
    ) {
      schedulePump(state);
    }
    return;
  }
  state.queued.push(record);
  // Without room in the collector nothing can move until a request ends, which pumps anyway.
  if (sink.hasRoom()) schedulePump(state);
}
