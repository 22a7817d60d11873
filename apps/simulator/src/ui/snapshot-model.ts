// One closure keeps the counters every event, tick and snapshot share; split it with a state object if it grows.
import { type Reading, SPOTS } from '@kds/schema';
import type {
  ConsumerProbe,
  LeaseObservation,
  RunInfo,
  RunObserver,
  RunStage,
  ShardObservation,
  WindowAggregateObservation,
  WorkerObservation,
} from './observer.js';
import { createSeries, type Series } from './series.js';
import {
  BATCH_SIZE_BUCKETS,
  type LiveSnapshot,
  type ShardDisplayState,
  type ShardSnapshot,
  SNAPSHOT_VERSION,
} from './snapshot.js';

/** Points each time series keeps: 30 s at the default 4 ticks a second. */
export const DEFAULT_SERIES_POINTS = 120;
/** Window aggregates the page lists at most. */
export const MAX_WINDOWS_KEPT = 200;

/** Options of {@link createSnapshotModel}. */
export interface SnapshotModelOptions {
  /** The time between two ticks, to turn counts into rates. */
  readonly tickMs: number;
  /** Values each series keeps. Default {@link DEFAULT_SERIES_POINTS}. */
  readonly seriesPoints?: number;
}

/** Everything the model knows of one shard. */
interface ShardFigures {
  info: ShardObservation;
  writes: number;
  writesThisTick: number;
  writesPerSecond: Series;
  lagMs: Series;
  /** The largest iterator age of the batches handled this tick. */
  lagThisTick: number | null;
  lastLag: number | null;
  lastAccepted: bigint | undefined;
  lastDelivered: bigint | undefined;
  owner: string | undefined;
}

interface SpotFigures {
  temperature: number | null;
  timestamp: number;
  readings: number;
  matching: number;
}

/**
 * The live view's model: a {@link RunObserver} that keeps counters as events arrive (constant work
 * per event, bounded memory), and turns them into rates and series once per {@link tick}. The
 * server ticks it at a fixed cadence and sends each {@link snapshot} to the page.
 */
export interface SnapshotModel extends RunObserver {
  /** Closes the current interval: rates and lags become one more point of each series. */
  tick(): void;
  /** What the lease table said, read by the server at its own pace (`--consumer worker`). */
  leasesRead(leases: readonly LeaseObservation[]): void;
  /** The consumer probe the run attached, if any. */
  probe(): ConsumerProbe | undefined;
  snapshot(): LiveSnapshot;
}

const newShard = (info: ShardObservation, points: number): ShardFigures => ({
  info,
  writes: 0,
  writesThisTick: 0,
  writesPerSecond: createSeries(points),
  lagMs: createSeries(points),
  lagThisTick: null,
  lastLag: null,
  lastAccepted: undefined,
  lastDelivered: undefined,
  owner: undefined,
});

const later = (a: bigint | undefined, b: bigint): bigint => (a === undefined || b > a ? b : a);

/**
 * Builds the live view's model.
 *
 * @example
 * ```ts
 * import { createSnapshotModel } from './snapshot-model.js';
 *
 * const model = createSnapshotModel({ tickMs: 250 });
 * model.readingAccepted({ Timestamp: 1, Spot: 'Q', Temperature: 37 }, 'shardId-000000000000', '1');
 * model.tick();
 * model.snapshot().shards[0]?.writesPerSecond; // [4]
 * ```
 */
export function createSnapshotModel(options: SnapshotModelOptions): SnapshotModel {
  const { tickMs, seriesPoints = DEFAULT_SERIES_POINTS } = options;
  const perSecond = (count: number): number => Math.round((count * 1_000) / tickMs);
  const shards = new Map<string, ShardFigures>();
  const spots = new Map<string, SpotFigures>(
    SPOTS.map((spot) => [spot, { temperature: null, timestamp: -1, readings: 0, matching: 0 }]),
  );
  const workers = new Map<string, WorkerObservation>();
  const windows: WindowAggregateObservation[] = [];
  const sentPerSecond = createSeries(seriesPoints);
  const batchesPerSecond = createSeries(seriesPoints);
  const recordsPerSecond = createSeries(seriesPoints);
  const batchSizes: number[] = BATCH_SIZE_BUCKETS.map(() => 0);
  let run: RunInfo | undefined;
  let probe: ConsumerProbe | undefined;
  let stage: RunStage = 'starting';
  let tickCount = 0;
  let sent = 0;
  let failed = 0;
  let matching = 0;
  let storedInTable: number | null = null;
  let error: string | undefined;
  let sentThisTick = 0;
  const consumed = { batches: 0, records: 0, failures: 0, retries: 0, filteredOut: 0, stored: 0 };
  let lastTick = { batches: 0, records: 0 };

  const shardOf = (shardId: string): ShardFigures => {
    let figures = shards.get(shardId);
    if (figures === undefined) {
      figures = newShard({ shardId, parentShardIds: [], open: true }, seriesPoints);
      shards.set(shardId, figures);
    }
    return figures;
  };

  /** The workers' totals, summed over their latest reports. */
  const workerTotals = () => {
    let records = 0;
    let batches = 0;
    let retries = 0;
    let failures = 0;
    for (const worker of workers.values()) {
      records += worker.records;
      batches += worker.checkpoints;
      retries += worker.retries;
      failures += worker.recordsFailed;
    }
    return { records, batches, retries, failures };
  };

  /** The consumer has every reading put to the shard (or read it to its end). */
  const caughtUp = (figures: ShardFigures, states: Readonly<Record<string, string>>): boolean => {
    if (drained(figures, states)) return true;
    const checkpoint = checkpoints.get(figures.info.shardId);
    const delivered =
      checkpoint !== undefined && /^\d+$/.test(checkpoint)
        ? later(figures.lastDelivered, BigInt(checkpoint))
        : figures.lastDelivered;
    return (
      figures.lastAccepted === undefined ||
      (delivered !== undefined && delivered >= figures.lastAccepted)
    );
  };

  const countBatch = (records: number, batches = 1): void => {
    const bucket = BATCH_SIZE_BUCKETS.findLastIndex((lower) => records >= lower);
    if (bucket >= 0) batchSizes[bucket] = (batchSizes[bucket] ?? 0) + batches;
  };

  const displayState = (
    figures: ShardFigures,
    states: Readonly<Record<string, string>>,
  ): ShardDisplayState => {
    if (!figures.info.open) return 'closed';
    const { parentShardIds } = figures.info;
    if (states[figures.info.shardId] === 'WAITING') return 'waiting';
    // Workers: a child whose parents are not read to their end yet.
    const parentsPending = parentShardIds.some((parent) => {
      const parentFigures = shards.get(parent);
      return parentFigures !== undefined && !drained(parentFigures, states);
    });
    return parentsPending && probe?.kind === 'worker' ? 'waiting' : 'open';
  };

  const drained = (figures: ShardFigures, states: Readonly<Record<string, string>>): boolean =>
    !figures.info.open &&
    (states[figures.info.shardId] === 'ENDED' ||
      checkpoints.get(figures.info.shardId) === 'SHARD_END');

  const checkpoints = new Map<string, string>();

  return {
    runStarted(info) {
      run = info;
    },
    shardsListed(listed) {
      for (const info of listed) shardOf(info.shardId).info = info;
    },
    consumerAttached(attached) {
      probe = attached;
    },
    readingAccepted(reading: Reading, shardId, sequenceNumber) {
      sent += 1;
      sentThisTick += 1;
      const hot = run !== undefined && reading.Temperature >= run.minTemperature;
      if (hot) matching += 1;
      const figures = shardOf(shardId);
      figures.writes += 1;
      figures.writesThisTick += 1;
      figures.lastAccepted = later(figures.lastAccepted, BigInt(sequenceNumber));
      const spot = spots.get(reading.Spot);
      if (spot !== undefined) {
        spot.readings += 1;
        if (hot) spot.matching += 1;
        // Puts resolve out of order: the Spot shows its newest reading, not its last acknowledged.
        if (reading.Timestamp >= spot.timestamp) {
          spot.timestamp = reading.Timestamp;
          spot.temperature = reading.Temperature;
        }
      }
    },
    readingFailed() {
      failed += 1;
    },
    batchHandled(batch) {
      consumed.batches += 1;
      consumed.records += batch.records;
      consumed.failures += batch.failures;
      consumed.filteredOut += batch.filteredOut;
      consumed.stored += batch.stored;
      if (batch.retry) consumed.retries += 1;
      countBatch(batch.records);
      const figures = shardOf(batch.shardId);
      figures.lagThisTick = Math.max(figures.lagThisTick ?? 0, batch.iteratorAgeMs);
      if (batch.failures === 0) {
        figures.lastDelivered = later(figures.lastDelivered, BigInt(batch.lastSequenceNumber));
      }
    },
    workerReported(worker) {
      workers.set(worker.workerId, worker);
      for (const shardId of worker.leases) {
        const figures = shardOf(shardId);
        figures.owner = worker.workerId;
        const behind = worker.millisBehindLatest[shardId];
        if (behind !== undefined) figures.lagThisTick = Math.max(figures.lagThisTick ?? 0, behind);
      }
    },
    windowClosed(window) {
      windows.unshift(window);
      if (windows.length > MAX_WINDOWS_KEPT) windows.length = MAX_WINDOWS_KEPT;
    },
    stageChanged(next) {
      stage = next;
    },
    runFinished(outcome) {
      storedInTable = outcome.stored;
      error = outcome.error;
      stage = outcome.error === undefined ? 'finished' : 'failed';
    },
    leasesRead(leases) {
      for (const lease of leases) {
        const figures = shardOf(lease.shardId);
        figures.owner = lease.owner;
        checkpoints.set(lease.shardId, lease.checkpoint);
        if (figures.info.parentShardIds.length === 0 && lease.parentShardIds.length > 0) {
          figures.info = { ...figures.info, parentShardIds: lease.parentShardIds };
        }
      }
      // Without ListShards (`consume`), a shard with children is known closed by its children.
      for (const lease of leases) {
        for (const parent of lease.parentShardIds) {
          const figures = shards.get(parent);
          if (figures?.info.open) figures.info = { ...figures.info, open: false };
        }
      }
    },
    probe: () => probe,

    tick() {
      tickCount += 1;
      sentPerSecond.push(perSecond(sentThisTick));
      sentThisTick = 0;
      const fromWorkers = probe?.kind === 'worker';
      const totals = fromWorkers
        ? workerTotals()
        : { batches: consumed.batches, records: consumed.records };
      const batches = totals.batches - lastTick.batches;
      const records = totals.records - lastTick.records;
      batchesPerSecond.push(perSecond(batches));
      recordsPerSecond.push(perSecond(records));
      // Workers report totals, not batches: their batches of the tick count at the mean size.
      if (fromWorkers && batches > 0) countBatch(Math.round(records / batches), batches);
      lastTick = { batches: totals.batches, records: totals.records };
      const states = probe?.kind === 'trigger' ? probe.shardStates() : {};
      for (const figures of shards.values()) {
        figures.writesPerSecond.push(perSecond(figures.writesThisTick));
        figures.writesThisTick = 0;
        // No batch this tick: a shard read up to what was put is not behind; otherwise the last
        // lag seen still holds.
        let lag = figures.lagThisTick;
        if (lag === null) lag = caughtUp(figures, states) ? 0 : figures.lastLag;
        figures.lagMs.push(lag);
        figures.lastLag = lag;
        figures.lagThisTick = null;
      }
    },

    snapshot() {
      const states = probe?.kind === 'trigger' ? probe.shardStates() : {};
      const shardList: ShardSnapshot[] = [...shards.values()]
        .sort((a, b) => a.info.shardId.localeCompare(b.info.shardId))
        .map((figures) => ({
          shardId: figures.info.shardId,
          parentShardIds: figures.info.parentShardIds,
          state: displayState(figures, states),
          drained: drained(figures, states),
          writes: figures.writes,
          writesPerSecond: figures.writesPerSecond.values(),
          lagMs: figures.lagMs.values(),
          owner: figures.owner,
        }));
      const fromWorkers = probe?.kind === 'worker';
      const totals = fromWorkers ? workerTotals() : consumed;
      return {
        version: SNAPSHOT_VERSION,
        tick: tickCount,
        tickMs,
        stage,
        run,
        sent,
        failed,
        matching,
        storedInTable,
        error,
        sentPerSecond: sentPerSecond.values(),
        shards: shardList,
        consumer:
          probe === undefined
            ? undefined
            : {
                kind: probe.kind,
                batches: totals.batches,
                records: totals.records,
                failures: totals.failures,
                retries: totals.retries,
                filteredOut: fromWorkers ? null : consumed.filteredOut,
                stored: fromWorkers ? null : consumed.stored,
                batchesPerSecond: batchesPerSecond.values(),
                recordsPerSecond: recordsPerSecond.values(),
                batchSizes: [...batchSizes],
                workers: [...workers.values()]
                  .sort((a, b) => a.workerId.localeCompare(b.workerId))
                  .map((worker) => ({
                    workerId: worker.workerId,
                    leases: worker.leases,
                    records: worker.records,
                    batches: worker.checkpoints,
                    retries: worker.retries,
                  })),
              },
        spots: [...spots.entries()].map(([spot, figures]) => ({
          spot,
          temperature: figures.temperature,
          hot:
            run !== undefined &&
            figures.temperature !== null &&
            figures.temperature >= run.minTemperature,
          readings: figures.readings,
          matching: figures.matching,
        })),
        windows: [...windows],
      };
    },
  };
}
