import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { BufferRoom } from './buffer-room.js';
import { Collector } from './collector.js';
import { MAX_BYTES_PER_REQUEST, Ordering } from './constants.js';
import { Deque } from './deque.js';
import { FlushTracker } from './flush-tracker.js';
import { KeyOrder } from './key-order.js';
import { ProducerStats } from './metrics.js';
import type { PartitionKeyContext } from './partition-keys.js';
import type { HeldPut, PendingRecord } from './pending-record.js';
import type { RecordRecipe } from './prepare-record.js';
import type { PutRecordsTarget } from './put-records.js';
import { speaksAwsJson } from './put-records-wire.js';
import type { ResolvedSettings } from './settings.js';
import type { ShardRange } from './shard-map.js';
import { ShardMapSource } from './shard-map-source.js';
import { type ShardQueueSink, ShardQueues } from './shard-queues.js';
import { WakeTimer } from './wake-timer.js';

/**
 * Everything one producer knows, shared by its rooms: the record lifecycle
 * (`record-lifecycle.ts`), responses and retries (`responses.ts`) and the pump (`pump.ts`).
 * The structures count what they hold themselves (the buffer's records, bytes, held and parked
 * puts live in `room`, the collector's in `collector`); the few flags below are the rest.
 */
export interface ProducerState {
  readonly settings: ResolvedSettings<unknown>;
  readonly client: KinesisClient;
  /** Where PutRecords requests go, and how their bodies are written. */
  readonly target: PutRecordsTarget;
  /** The metric counters and the put-latency histogram. */
  readonly stats: ProducerStats;
  /** The stream's shard map, re-read on a timer and when a record lands on an unexpected shard. */
  readonly shardMap: ShardMapSource;
  /** Per-shard token buckets and the records each shard cannot take yet. */
  readonly shardQueues: ShardQueues;
  /** Records past their shard's limit, cut into PutRecords batches (and aggregates). */
  readonly collector: Collector;
  /** The collector as the shard queues see it (see `collectorSink`). */
  readonly sink: ShardQueueSink;
  /** Whether user records are packed into KPL aggregates. */
  readonly aggregating: boolean;
  /** The turn of each partition key (`ordering: 'per-key'`), or `undefined`. */
  readonly keyOrder: KeyOrder | undefined;
  /** Puts made before the first shard map arrived, counted by `room.held`. */
  readonly held: Deque<HeldPut>;
  /** Buffered records not yet offered to their shard's rate limit, in put order. */
  readonly queued: Deque<PendingRecord>;
  /** The bounded buffer: the one owner of the held, parked and buffered counts. */
  readonly room: BufferRoom;
  /** The generations `flush()` waits for. */
  readonly flushes: FlushTracker;
  /** How a value becomes a record: strategy, serializer, limits and the shard context. */
  readonly recipe: RecordRecipe<unknown>;
  /** Runs the pump when a throttled shard or a partial batch is due. */
  readonly wakeTimer: WakeTimer;
  /** Runs the pump: set by `createProducer`, called through `schedulePump`. */
  readonly runPump: () => void;
  /** ListShards was called once (it is started once, at creation or by the first put). */
  mapRequested: boolean;
  /** The first shard map read ended (successfully or not): puts are keyed from now on. */
  mapReady: boolean;
  /** When an answer last named a shard other than the one predicted (`performance.now()`). */
  unexpectedShardAt: number;
  /** PutRecords requests in flight. */
  inFlight: number;
  /** `close()` began: no more puts, and every batch goes at once. */
  closed: boolean;
  /** A pump is queued as a microtask. */
  pumpQueued: boolean;
  /** When the pump running now started: the clock of its expiry checks. */
  pumpNow: number;
}

/** What the state calls back into, from the rooms that own it. */
export interface ProducerStateHooks {
  /** Runs the pump (`pump.ts`). */
  readonly pump: () => void;
  /** The shard map changed (`pump.ts`). */
  readonly shardMapChanged: () => void;
  /** Settles a record whose time to live is over, at the pump's clock; true if it did. */
  readonly expire: (record: PendingRecord) => boolean;
}

/**
 * The collector as the shard queues see it: it holds at most one request per free slot plus the
 * next one. Records take their shard's tokens when they enter it, so it must not run far ahead of
 * the requests.
 */
function collectorSink(
  inFlight: () => number,
  collector: Collector,
  maxInFlight: number,
  expire: (record: PendingRecord) => boolean,
): ShardQueueSink {
  return {
    hasRoom() {
      const slots = maxInFlight - inFlight() + 1;
      return (
        collector.count < collector.maxRecords * slots &&
        collector.bytes < MAX_BYTES_PER_REQUEST * slots
      );
    },
    accept(record) {
      collector.add(record);
    },
    expire,
  };
}

/** Builds the state of a producer from its resolved settings and its client. */
export function createProducerState(
  settings: ResolvedSettings<unknown>,
  client: KinesisClient,
  hooks: ProducerStateHooks,
): ProducerState {
  const { streamName, streamARN, maxBufferedRecords, maxInFlight, requestTimeoutMs } = settings;
  const aggregating = settings.aggregation !== undefined;
  const stats = new ProducerStats();
  const collector = new Collector(
    settings.aggregation === undefined
      ? undefined
      : {
          ...settings.aggregation,
          // The buffer shared among the request slots and the batch being collected.
          recordsPerRequest: Math.max(1, Math.ceil(maxBufferedRecords / (maxInFlight + 1))),
        },
  );
  const state: ProducerState = {
    settings,
    client,
    target: {
      client,
      streamName,
      streamARN,
      timeoutMs: requestTimeoutMs,
      writeBody: speaksAwsJson(client),
    },
    stats,
    shardMap: new ShardMapSource({
      client,
      streamName,
      streamARN,
      refreshIntervalMs: settings.shardMapRefreshMs,
      requestTimeoutMs,
      onChange: hooks.shardMapChanged,
    }),
    shardQueues: new ShardQueues(settings.shardRates, stats.heldBack),
    collector,
    sink: collectorSink(() => state.inFlight, collector, maxInFlight, hooks.expire),
    aggregating,
    keyOrder: settings.ordering === Ordering.PerKey ? new KeyOrder() : undefined,
    held: new Deque<HeldPut>(),
    queued: new Deque<PendingRecord>(),
    room: new BufferRoom({ maxRecords: maxBufferedRecords, maxBytes: settings.maxBufferedBytes }),
    flushes: new FlushTracker(),
    recipe: {
      strategy: settings.partitionKey,
      serialize: settings.serialize,
      maxRecordBytes: settings.maxRecordBytes,
      keepText: aggregating,
      context: { shards: [] },
    },
    wakeTimer: new WakeTimer(hooks.pump),
    runPump: hooks.pump,
    mapRequested: false,
    mapReady: false,
    unexpectedShardAt: Number.NEGATIVE_INFINITY,
    inFlight: 0,
    closed: false,
    pumpQueued: false,
    pumpNow: 0,
  };
  return state;
}

/** Runs the pump once, in a microtask, however many times it is asked for before then. */
export function schedulePump(state: ProducerState): void {
  if (state.pumpQueued) return;
  state.pumpQueued = true;
  queueMicrotask(state.runPump);
}

/** The shard the current map predicts for a record. */
export function predict(state: ProducerState, record: PendingRecord): ShardRange | undefined {
  return state.shardMap.current.predict(record.partitionKey, record.explicitHashKey);
}

/** What partition-key strategies see of the shard map: its shards, or why there are none. */
export function shardContext(state: ProducerState): PartitionKeyContext {
  const { shardMap } = state;
  const map = shardMap.current;
  return map.size > 0 || shardMap.lastError === undefined
    ? { shards: map.infos }
    : { shards: [], shardMapError: shardMap.lastError };
}
