import type { KinesisEntry } from './aggregate-entry.js';
import { type PendingRecord, RecordState } from './pending-record.js';
import { type ProducerState, predict, schedulePump, shardContext } from './producer-state.js';
import { putRecords } from './put-records.js';
import { admit, expireIfDue } from './record-lifecycle.js';
import { onRequestError, onResponse } from './responses.js';

// The pump: parked puts into the buffer, queued records through their shards' rate limits into
// the collector, and batches out as PutRecords requests while a slot is free. It runs in a
// microtask (`schedulePump`) or when the wake timer fires, never once per put.

/** Moves records along and sends what is due; arms the wake timer for what is not due yet. */
export function pump(state: ProducerState): void {
  state.pumpQueued = false;
  const now = performance.now();
  state.pumpNow = now;
  const { room, shardQueues, sink, queued, settings } = state;
  room.admitParked((record) => {
    if (!expireIfDue(state, record, now)) admit(state, record, now);
  });
  let laneWakeAt = Number.POSITIVE_INFINITY;
  for (let round = 0; round <= settings.maxInFlight; round += 1) {
    laneWakeAt = shardQueues.release(sink, now);
    while (queued.length > 0 && sink.hasRoom()) {
      const record = queued.shift() as PendingRecord;
      if (record.state !== RecordState.Queued || expireIfDue(state, record, now)) continue;
      record.shard = state.mapReady ? predict(state, record) : undefined;
      shardQueues.offer(record, sink, now);
    }
    if (!sendDueBatches(state, now) || !sink.hasRoom()) break;
  }
  scheduleWake(state, now, laneWakeAt);
  room.wakeWaiters();
}

/** Sends every batch that is full or due while request slots are free; true if it sent any. */
function sendDueBatches(state: ProducerState, now: number): boolean {
  const { collector, settings } = state;
  let sent = false;
  while (state.inFlight < settings.maxInFlight && collector.count > 0) {
    const oldest = collector.oldest();
    const due = oldest !== undefined && now - oldest.putAt >= settings.maxBufferedTimeMs;
    // With aggregation a request holds far more records than the buffer may: once the buffer is
    // full, nothing more can join this one, so waiting for `maxBufferedTimeMs` would only idle.
    const stalled = state.aggregating && state.room.isFull();
    if (!(state.flushes.flushing || state.closed || collector.isFull() || due || stalled)) break;
    const batch = collector.takeBatch((record) => expireIfDue(state, record, now));
    if (batch.length === 0) continue;
    sent = true;
    void send(state, batch);
  }
  return sent;
}

function scheduleWake(state: ProducerState, now: number, laneWakeAt: number): void {
  let next = laneWakeAt;
  // With every slot busy a due batch cannot go anyway (a timer would only poll): the request that
  // finishes pumps again.
  if (state.inFlight < state.settings.maxInFlight) {
    const oldest = state.collector.oldest();
    if (oldest !== undefined)
      next = Math.min(next, oldest.putAt + state.settings.maxBufferedTimeMs);
  }
  state.wakeTimer.schedule(next, now);
}

/** One PutRecords request: the only place `inFlight` and `requests` change. */
async function send(state: ProducerState, batch: KinesisEntry[]): Promise<void> {
  state.inFlight += 1;
  state.stats.counters.requests += 1;
  const answer = await putRecords(state.target, batch);
  state.inFlight -= 1;
  if (answer.ok) onResponse(state, batch, answer);
  else onRequestError(state, batch, answer.error);
  schedulePump(state);
}

/** The shard map changed: queued and collected records follow their new predicted shards. */
export function onShardMap(state: ProducerState): void {
  const { shardMap, collector } = state;
  state.recipe.context = shardContext(state);
  if (!state.mapReady) return;
  state.shardQueues.reassign(
    (shardId) => shardMap.current.has(shardId),
    (record) => predict(state, record),
    performance.now(),
  );
  // Aggregates are grouped by the current map when the batch is cut: the aggregate's
  // ExplicitHashKey (its first record's) then lies in the range of the shard all its records hash
  // to. Without a map nothing is predicted and every record goes plain.
  collector.reassign((record) => predict(state, record));
  // Only a map read after the last unexpected shard can be trusted to group by; an older one is
  // followed by a fresh read (ShardMapSource.refresh).
  collector.grouping = shardMap.currentReadAt > state.unexpectedShardAt;
  schedulePump(state);
}
