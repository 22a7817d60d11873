import { KinesisClient } from '@aws-sdk/client-kinesis';
import { type ShardReader, type ShardReadLimiter, sharedShardReadLimiter } from '@kds/reader';
import {
  type CheckpointScope,
  type CheckpointStore,
  createMemoryCheckpointStore,
} from './checkpoint-store.js';
import { DEFAULT_CONSUMER_NAME, DEFAULT_FUNCTION_NAME } from './constants.js';
import { type ResolvedSource, resolveSource } from './event-source.js';
import { createRecordFilter, type RecordFilter } from './filter-criteria.js';
import type { OnFailureDestination } from './on-failure.js';
import {
  type KinesisHandler,
  type LocalTriggerOptions,
  type ResolvedSettings,
  resolveSettings,
} from './trigger-options.js';

/**
 * Where a shard stands for one trigger, as `trigger.shards()` reports it.
 *
 * @example
 * ```ts
 * import { ShardState } from '@kds/local';
 *
 * const done = (state: ShardState): boolean => state === ShardState.Ended;
 * ```
 */
export const ShardState = {
  /** Known, waiting for its parents to be read to their end. */
  Waiting: 'WAITING',
  /** Being read. */
  Reading: 'READING',
  /** Read to its end and checkpointed `SHARD_END`. */
  Ended: 'ENDED',
  /** Closed before a `LATEST` trigger started: never read. */
  Skipped: 'SKIPPED',
} as const;

/** One of {@link ShardState}. */
export type ShardState = (typeof ShardState)[keyof typeof ShardState];

/** A shard the trigger knows, with the parents it names. */
export interface ShardNode {
  readonly ShardId: string;
  readonly ParentShardId: string | undefined;
  readonly AdjacentParentShardId: string | undefined;
}

/** What the parts of one trigger share: its settings, its shards and whether it runs. */
export interface TriggerState {
  readonly settings: ResolvedSettings;
  readonly streamName: string;
  /** The stream or consumer ARN given, and whether to read through enhanced fan-out. */
  readonly source: ResolvedSource;
  readonly handler: KinesisHandler;
  readonly functionName: string;
  readonly client: KinesisClient;
  readonly ownsClient: boolean;
  readonly store: CheckpointStore;
  readonly scope: CheckpointScope;
  readonly filter: RecordFilter | undefined;
  readonly destinations: readonly OnFailureDestination[];
  readonly readLimiter: ShardReadLimiter;
  readonly onError: (error: unknown) => void;
  readonly nodes: Map<string, ShardNode>;
  readonly states: Map<string, ShardState>;
  readonly checkpoints: Map<string, string>;
  /** The shard loops under way. */
  readonly loops: Set<Promise<void>>;
  /** Wakes each pause in progress. */
  readonly sleepers: Set<() => void>;
  /** Called on each checkpoint change, then forgotten. */
  waiters: Array<() => void>;
  running: boolean;
  /** The shard readers open: closed on stop, so that they give up their pending reads. */
  readonly readers: Set<ShardReader>;
  streamArn: string;
  region: string;
}

/** The state of a new, stopped trigger. */
export function createTriggerState(options: LocalTriggerOptions): TriggerState {
  const settings = resolveSettings(options);
  const source = resolveSource(options);
  const { streamName } = source;
  const {
    handler,
    consumerName = DEFAULT_CONSUMER_NAME,
    functionName = DEFAULT_FUNCTION_NAME,
    readLimiter = sharedShardReadLimiter,
    onError = () => {},
  } = options;
  return {
    settings,
    streamName,
    source,
    // A window handler is called with the window's fields besides the records.
    handler: handler as KinesisHandler,
    functionName,
    client: options.client ?? new KinesisClient(options.clientConfig),
    ownsClient: options.client === undefined,
    store: options.checkpointStore ?? createMemoryCheckpointStore(),
    scope: { streamName, consumerName },
    filter:
      options.filterCriteria === undefined ? undefined : createRecordFilter(options.filterCriteria),
    destinations:
      options.onFailure === undefined
        ? []
        : typeof options.onFailure === 'function'
          ? [options.onFailure]
          : [...options.onFailure],
    readLimiter,
    onError,
    nodes: new Map(),
    states: new Map(),
    checkpoints: new Map(),
    loops: new Set(),
    sleepers: new Set(),
    waiters: [],
    running: false,
    readers: new Set(),
    streamArn: '',
    region: '',
  };
}

/** Tells every `waitForCheckpoints` in progress that a checkpoint changed. */
export function notify(state: TriggerState): void {
  const current = state.waiters;
  state.waiters = [];
  for (const waiter of current) waiter();
}

/** Sleeps, but wakes at once when the trigger stops. */
export function pause(state: TriggerState, ms: number): Promise<void> {
  if (!state.running || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      state.sleepers.delete(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    state.sleepers.add(done);
  });
}
