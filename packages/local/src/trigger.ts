import {
  type _Record,
  type ChildShard,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
  KinesisClient,
  type Shard,
} from '@aws-sdk/client-kinesis';
import type { KinesisStreamRecord } from '@kds/consumer';
import { createBatchDelivery } from './batch-delivery.js';
import { type CheckpointScope, createMemoryCheckpointStore } from './checkpoint-store.js';
import {
  DEFAULT_CONSUMER_NAME,
  DEFAULT_FUNCTION_NAME,
  DEFAULT_WAIT_TIMEOUT_MS,
  LOCAL_ACCOUNT_ID,
  MAX_GET_RECORDS_LIMIT,
  MAX_INVOCATION_PAYLOAD_BYTES,
  SHARD_END,
} from './constants.js';
import { WaitTimeoutError } from './errors.js';
import { toKinesisEvent } from './event.js';
import { createRecordFilter, type RecordFilter } from './filter-criteria.js';
import type { OnFailureDestination } from './on-failure.js';
import { sharedShardReadLimiter } from './read-limiter.js';
import { listShards, waitForStreamActive } from './streams.js';
import { type LocalTriggerOptions, resolveSettings, StartingPosition } from './trigger-options.js';

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

/** A running local trigger. */
export interface LocalTrigger {
  /**
   * Loads the checkpoints, discovers the shards and starts reading every shard whose parents are
   * done; resolves once those shards have their iterators (a `LATEST` trigger sees what is put
   * after that).
   */
  start(): Promise<void>;
  /** Stops after the invocations in progress; resolves when every shard loop has ended. */
  stop(): Promise<void>;
  /** The checkpoint of each shard read so far: a sequence number, or `SHARD_END`. */
  checkpoints(): Record<string, string>;
  /** Where each known shard stands. */
  shards(): Record<string, ShardState>;
  /**
   * Resolves once every shard named has been checkpointed at or past the sequence number given
   * (a shard read to its end counts as past everything; `SHARD_END` waits for that end). Rejects
   * with `WaitTimeoutError` after `timeoutMs` (default 30 s).
   */
  waitForCheckpoints(
    targets: Record<string, string>,
    options?: { timeoutMs?: number },
  ): Promise<void>;
}

interface ShardNode {
  readonly shardId: string;
  readonly parents: readonly string[];
}

/** Lambda keeps order per partition key across the concurrent batches of one shard. */
function laneOf(partitionKey: string, lanes: number): number {
  if (lanes === 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < partitionKey.length; i += 1) {
    hash ^= partitionKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % lanes;
}

/** The JSON of an event around its records: `{"Records":[` and `]}`. */
const EVENT_ENVELOPE_BYTES = Buffer.byteLength('{"Records":[]}');

/** A record's share of the invocation payload: its JSON in UTF-8, and the comma after it. */
function payloadBytes(record: KinesisStreamRecord): number {
  return Buffer.byteLength(JSON.stringify(record)) + 1;
}

/** Cuts records into batches of at most `batchSize` records and Lambda's 6 MB payload. */
function toBatches(
  records: readonly KinesisStreamRecord[],
  batchSize: number,
): KinesisStreamRecord[][] {
  const batches: KinesisStreamRecord[][] = [];
  let current: KinesisStreamRecord[] = [];
  let bytes = EVENT_ENVELOPE_BYTES;
  for (const record of records) {
    const size = payloadBytes(record);
    if (
      current.length > 0 &&
      (current.length >= batchSize || bytes + size > MAX_INVOCATION_PAYLOAD_BYTES)
    ) {
      batches.push(current);
      current = [];
      bytes = EVENT_ENVELOPE_BYTES;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

const errorName = (error: unknown): string | undefined =>
  error instanceof Error ? error.name : undefined;

/**
 * Reads every shard of a stream and invokes a handler with events shaped exactly like Lambda's
 * Kinesis events (one shard per invocation, sequence order), with Lambda's event source mapping
 * settings: batch size and window, starting position, retries, record age, bisection, partial
 * batch responses, parallelization per partition key, filter criteria and OnFailure destinations.
 * Checkpoints are kept per shard; across a reshard a child shard is read only once all its parents
 * are read to their end, so order per partition key holds.
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { createLocalTrigger } from '@kds/local';
 *
 * const trigger = createLocalTrigger({
 *   client: new KinesisClient({}),
 *   streamName: 'TestDataStream',
 *   functionResponseTypes: ['ReportBatchItemFailures'],
 *   handler: async (event) => {
 *     console.log(event.Records.length);
 *     return { batchItemFailures: [] };
 *   },
 * });
 * await trigger.start();
 * await trigger.stop();
 * ```
 */
export function createLocalTrigger(options: LocalTriggerOptions): LocalTrigger {
  const settings = resolveSettings(options);
  const {
    streamName,
    handler,
    consumerName = DEFAULT_CONSUMER_NAME,
    functionName = DEFAULT_FUNCTION_NAME,
    readLimiter = sharedShardReadLimiter,
    onError = () => {},
  } = options;
  const filter: RecordFilter | undefined =
    options.filterCriteria === undefined ? undefined : createRecordFilter(options.filterCriteria);
  const destinations: readonly OnFailureDestination[] =
    options.onFailure === undefined
      ? []
      : typeof options.onFailure === 'function'
        ? [options.onFailure]
        : [...options.onFailure];
  const store = options.checkpointStore ?? createMemoryCheckpointStore();
  const scope: CheckpointScope = { streamName, consumerName };
  const ownsClient = options.client === undefined;
  const client = options.client ?? new KinesisClient(options.clientConfig);

  const nodes = new Map<string, ShardNode>();
  const states = new Map<string, ShardState>();
  const checkpoints = new Map<string, string>();
  const loops = new Set<Promise<void>>();
  const sleepers = new Set<() => void>();
  let waiters: Array<() => void> = [];
  let running = false;
  let started: Promise<void> | undefined;
  let streamArn = '';
  let region = '';

  const notify = (): void => {
    const current = waiters;
    waiters = [];
    for (const waiter of current) waiter();
  };

  /** Sleeps, but wakes at once when the trigger stops. */
  function pause(ms: number): Promise<void> {
    if (!running || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });
  }

  function addShard(shardId: string, parents: readonly (string | undefined)[]): void {
    if (nodes.has(shardId)) return;
    nodes.set(shardId, {
      shardId,
      parents: parents.filter((parent): parent is string => parent !== undefined && parent !== ''),
    });
    if (!states.has(shardId)) {
      states.set(
        shardId,
        checkpoints.get(shardId) === SHARD_END ? ShardState.Ended : ShardState.Waiting,
      );
    }
  }

  function addShards(shards: readonly Shard[]): void {
    for (const shard of shards) {
      if (shard.ShardId === undefined) continue;
      addShard(shard.ShardId, [shard.ParentShardId, shard.AdjacentParentShardId]);
    }
  }

  const parentDone = (parent: string): boolean => {
    const state = states.get(parent);
    // A parent no longer listed has been trimmed: nothing of it is left to read.
    return state === undefined || state === ShardState.Ended || state === ShardState.Skipped;
  };

  /** A parent this trigger has not read: trimmed (no longer listed), or skipped itself. */
  const neverRead = (parent: string): boolean => {
    const state = states.get(parent);
    return state === undefined || state === ShardState.Skipped;
  };

  /**
   * A `LATEST` trigger skips shards closed before it started, unless it was reading them: a shard
   * with a checkpoint, or a child of a shard it read to its end (read from its start, like a child
   * found while running, even if no record of it was settled before the stop).
   */
  function skipClosedShards(shards: readonly Shard[]): void {
    const closed = new Set(
      shards
        .filter((shard) => shard.SequenceNumberRange?.EndingSequenceNumber !== undefined)
        .map((shard) => shard.ShardId),
    );
    let changed = true;
    while (changed) {
      changed = false;
      for (const [shardId, node] of nodes) {
        if (
          closed.has(shardId) &&
          states.get(shardId) === ShardState.Waiting &&
          !checkpoints.has(shardId) &&
          node.parents.every(neverRead)
        ) {
          states.set(shardId, ShardState.Skipped);
          changed = true;
        }
      }
    }
  }

  function iteratorRequest(node: ShardNode): GetShardIteratorCommandInput {
    const base = { StreamName: streamName, ShardId: node.shardId };
    const checkpoint = checkpoints.get(node.shardId);
    if (checkpoint !== undefined) {
      return {
        ...base,
        ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
        StartingSequenceNumber: checkpoint,
      };
    }
    if (settings.startingPosition === StartingPosition.AtTimestamp) {
      return { ...base, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: settings.startingTimestamp };
    }
    const readParent = node.parents.some((parent) => states.get(parent) === ShardState.Ended);
    // A child of a shard this trigger read starts at its beginning, so nothing falls between.
    if (settings.startingPosition === StartingPosition.Latest && !readParent) {
      return { ...base, ShardIteratorType: 'LATEST' };
    }
    return { ...base, ShardIteratorType: 'TRIM_HORIZON' };
  }

  /** Saves checkpoints of one shard in order, whatever lane settles records. */
  function checkpointWriter(shardId: string): (checkpoint: string) => Promise<void> {
    let chain: Promise<void> = Promise.resolve();
    return (checkpoint) => {
      checkpoints.set(shardId, checkpoint);
      notify();
      chain = chain.then(() =>
        store.save(scope, shardId, checkpoint).catch((error: unknown) => onError(error)),
      );
      return chain;
    };
  }

  async function readShard(node: ShardNode, ready: () => void): Promise<void> {
    const { shardId } = node;
    const limiterKey = `${streamArn}/${shardId}`;
    const saveCheckpoint = checkpointWriter(shardId);
    const deliver = createBatchDelivery({
      settings,
      handler,
      shardId,
      streamArn,
      functionName,
      functionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
      destinations,
      isRunning: () => running,
      pause,
      onError,
    });
    const fetchLimit = Math.min(
      MAX_GET_RECORDS_LIMIT,
      settings.batchSize * settings.parallelizationFactor,
    );

    /** Hands one fetched round to the handler, lane by lane; checkpoints what is settled. */
    async function processRound(fetched: readonly _Record[]): Promise<void> {
      const events = toKinesisEvent(fetched, { shardId, streamARN: streamArn, region }).Records;
      const settled = new Set<KinesisStreamRecord>();
      let position = 0;
      const kept = events.filter((event, index) => {
        const keep = filter === undefined || filter(fetched[index]?.Data ?? new Uint8Array());
        // Records no filter matches are never delivered and are checkpointed past.
        if (!keep) settled.add(event);
        return keep;
      });
      const settle = async (records: readonly KinesisStreamRecord[]): Promise<void> => {
        for (const record of records) settled.add(record);
        const before = position;
        while (position < events.length && settled.has(events[position] as KinesisStreamRecord))
          position += 1;
        if (position > before) {
          await saveCheckpoint(
            (events[position - 1] as KinesisStreamRecord).kinesis.sequenceNumber,
          );
        }
      };
      const lanes: KinesisStreamRecord[][] = Array.from(
        { length: settings.parallelizationFactor },
        () => [],
      );
      for (const record of kept) {
        lanes[laneOf(record.kinesis.partitionKey, lanes.length)]?.push(record);
      }
      await Promise.all(
        lanes.map(async (lane) => {
          for (const batch of toBatches(lane, settings.batchSize)) {
            if (!running) return;
            await deliver(batch, settle);
          }
        }),
      );
      await settle([]);
    }

    let iterator: string | undefined;
    let lastFetched: string | undefined;
    let latestSince: Date | undefined;
    const acquire = async (): Promise<void> => {
      let request: GetShardIteratorCommandInput =
        lastFetched === undefined
          ? iteratorRequest(node)
          : {
              StreamName: streamName,
              ShardId: shardId,
              ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
              StartingSequenceNumber: lastFetched,
            };
      if (request.ShardIteratorType === 'LATEST') {
        // An iterator that expires before it read a record is taken again from when the first
        // was: LATEST again would skip what arrived meanwhile.
        if (latestSince === undefined) latestSince = new Date();
        else request = { ...request, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: latestSince };
      }
      const response = await client.send(new GetShardIteratorCommand(request));
      iterator = response.ShardIterator;
    };
    try {
      await acquire();
    } finally {
      ready();
    }

    let buffer: _Record[] = [];
    let bufferedSince = 0;
    let childShards: readonly ChildShard[] = [];
    let ended = false;
    while (running && !ended) {
      if (iterator === undefined) {
        try {
          await acquire();
        } catch (error) {
          onError(error);
          await pause(settings.pollIntervalMs);
          continue;
        }
      }
      await pause(readLimiter.reserve(limiterKey));
      if (!running) break;
      let fetched: _Record[] = [];
      try {
        const response = await client.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: fetchLimit }),
        );
        fetched = response.Records ?? [];
        childShards = response.ChildShards ?? childShards;
        iterator = response.NextShardIterator ?? undefined;
        ended = iterator === undefined;
      } catch (error) {
        const name = errorName(error);
        if (name === 'ExpiredIteratorException') {
          // Resume after the last record fetched, buffered or not (see the top of the loop).
          iterator = undefined;
        } else {
          onError(error);
          await pause(
            name === 'ProvisionedThroughputExceededException' ? 1_000 : settings.pollIntervalMs,
          );
        }
        continue;
      }
      if (fetched.length > 0) {
        if (buffer.length === 0) bufferedSince = Date.now();
        buffer.push(...fetched);
        lastFetched = fetched.at(-1)?.SequenceNumber;
      }
      const windowOver = Date.now() - bufferedSince >= settings.batchingWindowMs;
      if (buffer.length > 0 && (ended || windowOver || buffer.length >= fetchLimit)) {
        const round = buffer;
        buffer = [];
        await processRound(round);
        continue;
      }
      if (fetched.length === 0 && !ended) {
        const untilWindow =
          buffer.length > 0 ? settings.batchingWindowMs - (Date.now() - bufferedSince) : Infinity;
        await pause(Math.min(settings.pollIntervalMs, Math.max(0, untilWindow)));
      }
    }
    if (!ended || !running) return;

    await saveCheckpoint(SHARD_END);
    states.set(shardId, ShardState.Ended);
    notify();
    // A child may name a parent this trigger does not know yet (a merge with the child of a shard
    // still being read), and a parent it does not know counts as trimmed: the children join only
    // with a complete shard list, which also finds them where GetRecords gives no ChildShards.
    const shards = await listShardsUntilRunningStops();
    if (shards === undefined) return;
    for (const child of childShards) {
      if (child.ShardId !== undefined) addShard(child.ShardId, child.ParentShards ?? []);
    }
    addShards(shards);
    schedule();
  }

  /** ListShards, tried again every poll interval until it answers; undefined once stopped. */
  async function listShardsUntilRunningStops(): Promise<Shard[] | undefined> {
    while (running) {
      try {
        return await listShards(client, streamName);
      } catch (error) {
        onError(error);
        await pause(settings.pollIntervalMs);
      }
    }
    return undefined;
  }

  /** Starts every waiting shard whose parents are all done; resolves when they have iterators. */
  function schedule(): Promise<void> {
    const readies: Promise<void>[] = [];
    for (const node of nodes.values()) {
      if (!running || states.get(node.shardId) !== ShardState.Waiting) continue;
      if (!node.parents.every(parentDone)) continue;
      states.set(node.shardId, ShardState.Reading);
      let markReady: () => void = () => {};
      readies.push(
        new Promise<void>((resolve) => {
          markReady = () => resolve();
        }),
      );
      const loop = readShard(node, markReady)
        .catch((error: unknown) => {
          onError(error);
          // Try this shard again a little later.
          if (states.get(node.shardId) === ShardState.Reading) {
            states.set(node.shardId, ShardState.Waiting);
            void pause(settings.pollIntervalMs).then(() => schedule());
          }
        })
        .finally(() => loops.delete(loop));
      loops.add(loop);
    }
    return Promise.all(readies).then(() => {});
  }

  return {
    start() {
      if (started !== undefined) return started;
      running = true;
      started = (async () => {
        streamArn = await waitForStreamActive(client, streamName);
        region = await client.config.region();
        nodes.clear();
        states.clear();
        checkpoints.clear();
        for (const [shardId, checkpoint] of Object.entries(await store.load(scope))) {
          checkpoints.set(shardId, checkpoint);
        }
        const shards = await listShards(client, streamName);
        addShards(shards);
        if (settings.startingPosition === StartingPosition.Latest) skipClosedShards(shards);
        await schedule();
      })();
      return started;
    },
    async stop() {
      running = false;
      for (const wakeUp of [...sleepers]) wakeUp();
      await started?.catch(() => {});
      while (loops.size > 0) await Promise.all([...loops]);
      started = undefined;
      if (ownsClient) client.destroy();
    },
    checkpoints: () => Object.fromEntries(checkpoints),
    shards: () => Object.fromEntries(states),
    waitForCheckpoints(targets, waitOptions = {}) {
      const { timeoutMs = DEFAULT_WAIT_TIMEOUT_MS } = waitOptions;
      const reached = (): boolean =>
        Object.entries(targets).every(([shardId, target]) => {
          const current = checkpoints.get(shardId);
          if (current === SHARD_END) return true;
          if (current === undefined || target === SHARD_END) return false;
          return BigInt(current) >= BigInt(target);
        });
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((waiter) => waiter !== check);
          reject(new WaitTimeoutError('the trigger to handle every record sent', timeoutMs));
        }, timeoutMs);
        const check = (): void => {
          if (reached()) {
            clearTimeout(timer);
            resolve();
          } else {
            waiters.push(check);
          }
        };
        check();
      });
    },
  };
}
