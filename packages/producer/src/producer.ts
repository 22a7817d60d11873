import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { createKinesisClient } from './client.js';
import type { PendingRecord } from './pending-record.js';
import { createProducerState, type ProducerState, schedulePump } from './producer-state.js';
import { onShardMap, pump } from './pump.js';
import { expireIfDue, requestShardMap, submit } from './record-lifecycle.js';
import { type ResolvedSettings, resolveSettings } from './settings.js';
import type {
  Producer,
  ProducerMetrics,
  ProducerOptions,
  PutOptions,
  PutOutcome,
  PutResult,
} from './types.js';

// The public front. The producer's state lives in one object (producer-state.ts) shared by three
// rooms: the record lifecycle (record-lifecycle.ts), responses and retries (responses.ts) and the
// pump (pump.ts).

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
  const { maxInFlight, onMetrics } = settings;
  const ownsClient = options.client === undefined;
  // The producer retries by itself, bounded by each record's time to live; SDK retries underneath
  // would multiply attempts and hide possible duplicates. One socket more than requests, for ListShards.
  const client: KinesisClient =
    options.client ??
    createKinesisClient(
      { maxAttempts: 1, ...options.clientConfig },
      { maxSockets: maxInFlight + 1 },
    );
  // The rooms pass values through as `unknown`: only the strategy and the serializer, both typed
  // for T by the caller, ever look at them.
  const untyped = settings as unknown as ResolvedSettings<unknown>;
  const state: ProducerState = createProducerState(untyped, client, {
    pump: () => pump(state),
    shardMapChanged: () => onShardMap(state),
    expire: (record) => expireIfDue(state, record, state.pumpNow),
  });
  const { room, stats } = state;
  let closing: Promise<void> | undefined;

  const metrics = (): ProducerMetrics =>
    stats.snapshot({
      shardMapRefreshes: state.shardMap.refreshes,
      buffered: room.records + room.held,
      bufferedBytes: room.bytes,
      waiting: room.parkedCount,
      inFlight: state.inFlight,
    });

  function reportMetrics(): void {
    try {
      onMetrics?.(metrics());
    } catch {
      // A failing metrics hook must not take the producer (or the process) down with it.
    }
  }
  const metricsTimer =
    onMetrics === undefined
      ? undefined
      : setInterval(reportMetrics, settings.metricsIntervalMs).unref();

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
    const promise = new Promise<PutResult>(captureSettlers);
    submit(state, value, putOptions, capturedResolve, capturedReject, 0, performance.now());
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
        submit(state, list[slot], putOptions, resolve, reject, slot, putAt);
      }
    });
  }

  function flush(): Promise<void> {
    const flushed = state.flushes.flush();
    schedulePump(state);
    return flushed;
  }

  function close(): Promise<void> {
    closing ??= (async () => {
      state.closed = true;
      await flush();
      state.wakeTimer.clear();
      clearInterval(metricsTimer);
      state.shardMap.stop();
      room.wakeWaiters(true);
      if (onMetrics !== undefined) reportMetrics();
      if (ownsClient) client.destroy();
    })();
    return closing;
  }

  // Read the shard map now, as the KPL does: the first puts need not wait for it, and the client's
  // configuration and first connection are ready by then.
  requestShardMap(state);

  return {
    put,
    putMany,
    hasRoom: () => state.closed || room.hasRoom(),
    waitForRoom: () => (state.closed ? Promise.resolve() : room.waitForRoom()),
    flush,
    close,
    metrics,
  };
}
