import type { RunInfo, RunStage, WindowAggregateObservation } from './observer.js';

/** The snapshot format's version: the page checks it. */
export const SNAPSHOT_VERSION = 1;

/**
 * A shard as the page shows it: `closed` by a reshard, `waiting` for its parents to be read to
 * their end before the consumer may read it, or `open`.
 */
export type ShardDisplayState = 'open' | 'closed' | 'waiting';

/** One shard in a snapshot. */
export interface ShardSnapshot {
  readonly shardId: string;
  readonly parentShardIds: readonly string[];
  readonly state: ShardDisplayState;
  /** The consumer has read it to its end (a closed shard). */
  readonly drained: boolean;
  /** Readings Kinesis accepted into it so far. */
  readonly writes: number;
  /** Readings accepted per second, one value per tick, oldest first. */
  readonly writesPerSecond: ReadonlyArray<number | null>;
  /** The consumer's lag (iterator age or MillisBehindLatest) per tick, oldest first. */
  readonly lagMs: ReadonlyArray<number | null>;
  /** The worker holding its lease (`--consumer worker`). */
  readonly owner: string | undefined;
}

/** One Spot of the grid. */
export interface SpotSnapshot {
  readonly spot: string;
  /** Temperature of its latest reading accepted, `null` before the first. */
  readonly temperature: number | null;
  /** At or above the threshold. */
  readonly hot: boolean;
  readonly readings: number;
  /** Its readings at or above the threshold. */
  readonly matching: number;
}

/** One worker (`--consumer worker`). */
export interface WorkerSnapshot {
  readonly workerId: string;
  readonly leases: readonly string[];
  readonly records: number;
  readonly batches: number;
  readonly retries: number;
}

/** The consumer's figures. */
export interface ConsumerSnapshot {
  readonly kind: 'trigger' | 'worker';
  /** Invocations (trigger) or batches checkpointed (workers) so far. */
  readonly batches: number;
  /** Kinesis records handed to the handler or processor. */
  readonly records: number;
  /** Records reported failed (trigger) or given up on (workers). */
  readonly failures: number;
  /** Batches delivered again. */
  readonly retries: number;
  /** Readings the filter dropped; `null` where the consumer does not say (workers). */
  readonly filteredOut: number | null;
  /** Readings the consumer stored; `null` where it does not say (workers). */
  readonly stored: number | null;
  /** Invocations or batches per second, one value per tick. */
  readonly batchesPerSecond: ReadonlyArray<number | null>;
  /** Records per second, one value per tick. */
  readonly recordsPerSecond: ReadonlyArray<number | null>;
  /** Batch sizes: how many batches fell in each bucket of {@link BATCH_SIZE_BUCKETS}. */
  readonly batchSizes: readonly number[];
  readonly workers: readonly WorkerSnapshot[];
}

/** The lower bounds of the batch size histogram's buckets (records per batch). */
export const BATCH_SIZE_BUCKETS = [1, 2, 5, 10, 25, 50, 100, 500] as const;

/** Everything the page shows, as the server sends it (one JSON object per event). */
export interface LiveSnapshot {
  readonly version: typeof SNAPSHOT_VERSION;
  /** Ticks since the run started; the page ignores older snapshots than one it has shown. */
  readonly tick: number;
  readonly tickMs: number;
  readonly stage: RunStage;
  readonly run: RunInfo | undefined;
  readonly sent: number;
  readonly failed: number;
  /** Readings sent at or above the threshold. */
  readonly matching: number;
  /** Items found in the table when the run finished; `null` before. */
  readonly storedInTable: number | null;
  readonly error: string | undefined;
  /** Readings sent per second, one value per tick. */
  readonly sentPerSecond: ReadonlyArray<number | null>;
  readonly shards: readonly ShardSnapshot[];
  readonly consumer: ConsumerSnapshot | undefined;
  readonly spots: readonly SpotSnapshot[];
  /** The latest window aggregates (`--window`), newest first. */
  readonly windows: readonly WindowAggregateObservation[];
}
