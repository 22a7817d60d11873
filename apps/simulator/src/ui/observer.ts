import type { Reading } from '@kds/schema';

/** What a run is about, told once when it starts. */
export interface RunInfo {
  readonly streamName: string;
  readonly tableName: string;
  /** Readings at or above it are stored. */
  readonly minTemperature: number;
  /** What consumes the stream: the local trigger, or worker processes. */
  readonly consumer: 'trigger' | 'worker';
  /** The embedded emulators' endpoints. */
  readonly target: string;
}

/** One shard as ListShards describes it. */
export interface ShardObservation {
  readonly shardId: string;
  /** The shard(s) it was split from or merged from; empty for an original shard. */
  readonly parentShardIds: readonly string[];
  /** `false` once a reshard closed it (it has an ending sequence number). */
  readonly open: boolean;
}

/** Where one shard stands for the local trigger (`trigger.shards()` of `@kds/local`). */
export type TriggerShardState = 'WAITING' | 'READING' | 'ENDED' | 'SKIPPED';

/** One lease of the workers' lease table. */
export interface LeaseObservation {
  readonly shardId: string;
  /** The worker holding it now; `undefined` when free. */
  readonly owner: string | undefined;
  /** Its checkpoint: a sequence number or a sentinel (`SHARD_END`, `TRIM_HORIZON`, ...). */
  readonly checkpoint: string;
  /** The shards it was split or merged from. */
  readonly parentShardIds: readonly string[];
}

/**
 * What one worker process reported of its worker(s) (`worker.metrics()` of `@kds/worker`),
 * cumulative since the worker started.
 */
export interface WorkerObservation {
  readonly workerId: string;
  /** The shards it holds now. */
  readonly leases: readonly string[];
  /** Kinesis records processed and checkpointed. */
  readonly records: number;
  /** Checkpoints written: one per batch processed. */
  readonly checkpoints: number;
  /** Batch attempts tried again. */
  readonly retries: number;
  /** Records given up on. */
  readonly recordsFailed: number;
  /** Per shard held: GetRecords `MillisBehindLatest` of its last read. */
  readonly millisBehindLatest: Readonly<Record<string, number | undefined>>;
}

/** A way to look at the consumer's own state, sampled by the observer at its own pace. */
export type ConsumerProbe =
  | {
      readonly kind: 'trigger';
      /** Where each shard stands for the trigger: waiting for its parents, reading, ended. */
      shardStates(): Readonly<Record<string, TriggerShardState>>;
    }
  | {
      readonly kind: 'worker';
      /** The lease table: which worker holds which shard, and the checkpoints. */
      leases(): Promise<readonly LeaseObservation[]>;
    };

/** One invocation of the handler by the local trigger: one batch of one shard. */
export interface BatchObservation {
  readonly shardId: string;
  /** Kinesis records in the event. */
  readonly records: number;
  /**
   * Lambda's IteratorAge: how long the event's last record waited in the stream before the
   * invocation (its `approximateArrivalTimestamp` to now).
   */
  readonly iteratorAgeMs: number;
  /** Records reported in `batchItemFailures`, or every record when the invocation threw. */
  readonly failures: number;
  /** A batch delivered again (it starts at or before a record an earlier batch held). */
  readonly retry: boolean;
  /** Readings the handler's filter dropped (below the threshold). */
  readonly filteredOut: number;
  /** Readings the handler stored. */
  readonly stored: number;
  /** Sequence number of the event's last record. */
  readonly lastSequenceNumber: string;
}

/**
 * A tumbling window's aggregate for one Spot, when the run aggregates windows (`--window`): the
 * page lists each as it closes.
 */
export interface WindowAggregateObservation {
  readonly spot: string;
  /** Window bounds, epoch milliseconds (start inclusive, end exclusive). */
  readonly windowStart: number;
  readonly windowEnd: number;
  /** Readings in the window. */
  readonly count: number;
  readonly minTemperature: number;
  readonly maxTemperature: number;
  readonly meanTemperature: number;
}

/** The stage a run is in. */
export type RunStage =
  | 'starting'
  | 'sending'
  | 'consuming'
  | 'resharding'
  | 'stopping'
  | 'finished'
  | 'failed';

/** How the run ended. */
export interface RunOutcome {
  /** Items found in the table at the end; `null` when the run failed before it could look. */
  readonly stored: number | null;
  /** The failure that ended the run, if one did. */
  readonly error?: string | undefined;
}

/**
 * What a run tells whoever watches it (the `--ui` page, a benchmark). The run calls these from its
 * own path as things happen; each must return at once and never throw: an observer keeps what it
 * needs and does its work elsewhere, so watching never slows or breaks the pipeline.
 *
 * @example
 * ```ts
 * import { NO_OBSERVER, type RunObserver } from './observer.js';
 *
 * let sent = 0;
 * const counting: RunObserver = { ...NO_OBSERVER, readingAccepted: () => { sent += 1; } };
 * ```
 */
export interface RunObserver {
  runStarted(info: RunInfo): void;
  /** The stream's shards, each time the run lists them (at start, each phase, after a reshard). */
  shardsListed(shards: readonly ShardObservation[]): void;
  /** The consumer started; the probe reads its state. */
  consumerAttached(probe: ConsumerProbe): void;
  /** Kinesis accepted a reading into this shard, at this sequence number. */
  readingAccepted(reading: Reading, shardId: string, sequenceNumber: string): void;
  /** A reading was refused for good. */
  readingFailed(error: unknown): void;
  /** The handler was invoked with one batch (local trigger). */
  batchHandled(batch: BatchObservation): void;
  /** A worker process reported its figures (`--consumer worker`). */
  workerReported(worker: WorkerObservation): void;
  /** A Spot's tumbling window closed (`--window`). */
  windowClosed(window: WindowAggregateObservation): void;
  stageChanged(stage: RunStage): void;
  runFinished(outcome: RunOutcome): void;
}

/**
 * An observer that ignores everything: the run's default.
 *
 * @example
 * ```ts
 * import { NO_OBSERVER } from './observer.js';
 *
 * NO_OBSERVER.stageChanged('sending'); // does nothing
 * ```
 */
export const NO_OBSERVER: RunObserver = Object.freeze({
  runStarted: () => {},
  shardsListed: () => {},
  consumerAttached: () => {},
  readingAccepted: () => {},
  readingFailed: () => {},
  batchHandled: () => {},
  workerReported: () => {},
  windowClosed: () => {},
  stageChanged: () => {},
  runFinished: () => {},
});

/**
 * One observer that passes every event on to several.
 *
 * @example
 * ```ts
 * import { fanOut, NO_OBSERVER } from './observer.js';
 *
 * const both = fanOut([NO_OBSERVER, { ...NO_OBSERVER, stageChanged: (stage) => console.log(stage) }]);
 * ```
 */
export function fanOut(observers: readonly RunObserver[]): RunObserver {
  if (observers.length === 1 && observers[0] !== undefined) return observers[0];
  const each =
    <K extends keyof RunObserver>(key: K) =>
    (...args: Parameters<RunObserver[K]>): void => {
      for (const observer of observers) (observer[key] as (...a: typeof args) => void)(...args);
    };
  return {
    runStarted: each('runStarted'),
    shardsListed: each('shardsListed'),
    consumerAttached: each('consumerAttached'),
    readingAccepted: each('readingAccepted'),
    readingFailed: each('readingFailed'),
    batchHandled: each('batchHandled'),
    workerReported: each('workerReported'),
    windowClosed: each('windowClosed'),
    stageChanged: each('stageChanged'),
    runFinished: each('runFinished'),
  };
}
