// Long on purpose: createWorker is the one closure that owns a worker's life (start, the lease loop, a shard consumer per held lease, the graceful stop); leases, reading, checkpoints and metrics live in their own modules.
import { randomUUID } from 'node:crypto';
import { hostname, constants as osConstants } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { toKinesisStreamEvent } from '@kds/consumer';
import { createKinesisClient, registerStreamConsumer } from '@kds/reader';
import { ShardConsumerState } from './constants.js';
import { WorkerError, WorkerErrorCode } from './errors.js';
import { finishedLeases } from './finished-leases.js';
import type { ExtendedSequenceNumber, Lease } from './leases/lease.js';
import { createLeaseCoordinator } from './leases/lease-coordinator.js';
import { createLeaseTable } from './leases/lease-table.js';
import { createChildShardLeases, listChildShards, syncShards } from './leases/shard-sync.js';
import type { LogLevel } from './logger.js';
import {
  createShardCounters,
  createWorkerCounters,
  snapshot,
  type WorkerMetrics,
} from './metrics.js';
import { resolveSettings, type WorkerOptions } from './options.js';
import { runShardConsumer, type ShardConsumerExit } from './shard-consumer.js';
import { openShardReader } from './shard-reader.js';

/** A lease this worker holds, as `worker.leases()` reports it. */
export interface HeldLease {
  readonly shardId: string;
  readonly state: ShardConsumerState;
  /** The lease's checkpoint: a sequence number (`:sub` inside a KPL aggregate) or a sentinel. */
  readonly checkpoint: string;
  readonly parentShardIds: readonly string[];
  readonly millisBehindLatest: number | undefined;
}

/** A running worker. */
export interface Worker {
  /** This worker's `leaseOwner` name. */
  readonly workerId: string;
  /**
   * Creates the lease table if it does not exist, creates leases for the stream's shards, and
   * starts taking and renewing leases and reading the shards it holds. Resolves once started.
   */
  start(): Promise<void>;
  /**
   * Stops gracefully: takes no more leases, lets each shard finish the batch in hand and
   * checkpoint it, then releases the leases so other workers take them at once. Resolves when
   * done; the same promise as {@link Worker.stopped}.
   */
  stop(): Promise<void>;
  /** Resolves once the worker has stopped, by `stop()` or a stop signal. */
  readonly stopped: Promise<void>;
  /** The leases held now, with where each shard stands. */
  leases(): HeldLease[];
  /** A snapshot of the worker's figures. */
  metrics(): WorkerMetrics;
}

interface RunningShard {
  readonly lease: Lease;
  readonly abort: AbortController;
  readonly done: Promise<ShardConsumerExit>;
}

const defaultWorkerId = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * A lease-based consumer of one Kinesis stream for long-running services. Any number of workers, in
 * any number of processes or machines, share the stream's shards through a DynamoDB lease table
 * in the Java KCL's own format (so KCL and kds workers can take over from each other): each shard
 * is read by one worker at a time, children after their parents, and checkpointed after each batch
 * the processor finished.
 *
 * @example
 * ```ts
 * import { createDecoder, createPipeline } from '@kds/consumer';
 * import { type Reading, ReadingSchema } from '@kds/schema';
 * import { createWorker } from '@kds/worker';
 *
 * const worker = createWorker({
 *   applicationName: 'readings-archiver',
 *   streamName: 'TestDataStream',
 *   initialPosition: 'TRIM_HORIZON',
 *   processor: {
 *     decoder: createDecoder({ schema: ReadingSchema }),
 *     pipeline: createPipeline<Reading>().filter((reading) => reading.Temperature >= 35),
 *     sink: async (items) => {
 *       for (const { value } of items) console.log(value.Spot, value.Temperature);
 *       return undefined;
 *     },
 *   },
 * });
 * await worker.start();
 * await worker.stopped; // SIGTERM or SIGINT: finish the batch in hand, checkpoint, release
 * ```
 */
export function createWorker<T, U = T>(options: WorkerOptions<T, U>): Worker {
  const settings = resolveSettings(options);
  const workerId = options.workerId ?? defaultWorkerId();
  const { processor, logger, onMetrics, onRecordFailed } = options;
  const ownsKinesis = options.kinesisClient === undefined;
  // SubscribeToShard needs the SDK's default HTTP/2 handler on AWS; polling keeps HTTP/1.1 with
  // keep-alive, which AWS and the emulators alike speak.
  const kinesis =
    options.kinesisClient ??
    (settings.transport === 'polling'
      ? createKinesisClient(options.kinesisClientConfig)
      : new KinesisClient(options.kinesisClientConfig ?? {}));
  const ownsDynamoDb = options.dynamoDbClient === undefined;
  const dynamoDb = options.dynamoDbClient ?? new DynamoDBClient(options.dynamoDbClientConfig ?? {});
  const stream =
    options.streamARN === undefined
      ? { streamName: options.streamName as string }
      : { streamARN: options.streamARN };
  const counters = createWorkerCounters();
  const shards = new Map<string, RunningShard>();
  const wakeAll = new AbortController();
  let streamARN = options.streamARN ?? '';
  /** The enhanced fan-out consumer, once registered at start. */
  let consumerARN: string | undefined;
  let region = '';
  let state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';
  let timers: NodeJS.Timeout[] = [];
  let resolveStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  let stopping: Promise<void> | undefined;

  const log = (level: LogLevel, message: string, fields: Record<string, unknown> = {}): void => {
    logger?.({ level, message, workerId, ...fields });
  };

  /** Sleeps, waking early when the signal aborts. */
  const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      if (signal.aborted || ms <= 0) {
        resolve();
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });

  const retryDelay = (attempt: number): number =>
    Math.random() *
    Math.min(settings.retryMaxDelayMs, settings.retryBaseDelayMs * 2 ** Math.max(0, attempt - 1));

  const leaseTable = createLeaseTable({ tableName: settings.leaseTableName, client: dynamoDb });
  const coordinator = createLeaseCoordinator({
    leaseTable,
    workerId,
    failoverTimeMs: settings.failoverTimeMs,
    takeIntervalMs: settings.takeIntervalMs,
    maxLeasesForWorker: settings.maxLeasesForWorker,
    onLeaseTaken: (lease, { stolen, previousOwner }) => {
      log('info', stolen ? 'lease stolen' : 'lease taken', {
        shardId: lease.leaseKey,
        checkpoint: lease.checkpoint.sequenceNumber,
        previousOwner,
      });
      startShard(lease, stolen ? settings.stolenLeaseDelayMs : 0);
    },
    onLeaseLost: (leaseKey, reason) => {
      log('warn', 'lease lost', { shardId: leaseKey, reason });
      shards.get(leaseKey)?.abort.abort();
    },
    onError: (error) => log('error', 'lease table error', { error }),
  });

  function startShard(lease: Lease, delayMs: number): void {
    const shardId = lease.leaseKey;
    if (state === 'stopping' || state === 'stopped') {
      void coordinator
        .release(shardId)
        .catch((error: unknown) => log('warn', 'release failed', { shardId, error }));
      return;
    }
    // A consumer of an earlier hold of this lease may still be finishing a batch: the new one
    // starts once it is done, from the lease as it then stands, so the shard is never read twice
    // at once in this process.
    const previous = shards.get(shardId);
    previous?.abort.abort();
    const abort = new AbortController();
    const signal = AbortSignal.any([abort.signal, wakeAll.signal]);
    const shardCounters =
      counters.shards.get(shardId) ?? createShardCounters(ShardConsumerState.WaitingForParents);
    counters.shards.set(shardId, shardCounters);
    const shardLog = (
      level: LogLevel,
      message: string,
      fields: Record<string, unknown> = {},
    ): void => log(level, message, { shardId, ...fields });
    const run = async (): Promise<ShardConsumerExit> => {
      await previous?.done;
      // A stolen lease's last owner keeps delivering until its next renewal finds the lease gone:
      // reading waits that long, so the two never deliver the shard's records at once.
      if (delayMs > 0) await sleep(delayMs, signal);
      const current = coordinator.heldLeases().find((held) => held.leaseKey === shardId);
      if (current === undefined || abort.signal.aborted) return 'lost';
      return runShardConsumer({
        lease: current,
        settings,
        processor,
        counters: shardCounters,
        signal,
        stopping: () => state === 'stopping' || state === 'stopped',
        isHeld: () => coordinator.isHeld(shardId),
        checkpoint: (checkpoint: ExtendedSequenceNumber) =>
          coordinator.checkpoint(shardId, checkpoint),
        leaseOf: (key) => coordinator.listLeases().find((candidate) => candidate.leaseKey === key),
        createChildLeases: async (children) => {
          // A shard that ended without ChildShards in the response: ListShards names its children.
          const known =
            children.length > 0 ? children : await listChildShards(kinesis, stream, shardId);
          await createChildShardLeases(leaseTable, known);
        },
        openReader: (start, readerSignal) =>
          openShardReader({
            client: kinesis,
            stream,
            settings,
            consumerARN,
            shardId,
            start,
            signal: readerSignal,
            onError: (error) => shardLog('warn', 'read retried', { error }),
          }),
        toRecords: (records) =>
          toKinesisStreamEvent(records, { shardId, streamARN, region }).Records,
        onRecordFailed,
        log: shardLog,
        sleep: (ms) => sleep(ms, signal),
        retryDelay,
      });
    };
    const done = run()
      .catch((error: unknown): ShardConsumerExit => {
        shardLog('error', 'shard consumer failed', { error });
        return 'stopped';
      })
      .then((exit) => {
        if (shards.get(shardId)?.done === done) shards.delete(shardId);
        shardLog('info', 'shard consumer exited', { exit });
        return exit;
      });
    shards.set(shardId, { lease, abort, done });
  }

  const runSync = async (): Promise<void> => {
    try {
      await syncShards({
        kinesis,
        ...stream,
        leaseTable,
        initialPosition: settings.initialPosition,
      });
    } catch (error) {
      log('warn', 'shard sync failed', { error });
    }
    for (const lease of finishedLeases(coordinator.listLeases(), workerId)) {
      try {
        if (!coordinator.isHeld(lease.leaseKey)) continue;
        await coordinator.release(lease.leaseKey);
        await leaseTable.deleteLease(lease);
        log('info', 'finished lease deleted', { shardId: lease.leaseKey });
      } catch (error) {
        log('warn', 'finished lease not deleted', { shardId: lease.leaseKey, error });
      }
    }
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    log('info', 'stopping on signal', { signal });
    void stop().then(() => {
      process.exitCode ??= 128 + (osConstants.signals[signal] ?? 0);
    });
  };

  async function start(): Promise<void> {
    if (state !== 'new')
      throw new WorkerError(WorkerErrorCode.AlreadyStarted, 'start() was called twice');
    state = 'starting';
    region = await kinesis.config.region();
    const summary = await kinesis.send(
      new DescribeStreamSummaryCommand(
        'streamARN' in stream && stream.streamARN !== undefined
          ? { StreamARN: stream.streamARN }
          : { StreamName: stream.streamName },
      ),
    );
    streamARN = summary.StreamDescriptionSummary?.StreamARN ?? streamARN;
    if (settings.transport !== 'polling') {
      const { consumerName } = settings.transport.efo;
      ({ consumerARN } = await registerStreamConsumer(kinesis, { streamARN, consumerName }));
    }
    await leaseTable.createLeaseTableIfNotExists();
    await runSync();
    await coordinator.start();
    state = 'running';
    timers.push(setInterval(() => void runSync(), settings.shardSyncIntervalMs));
    if (onMetrics !== undefined) {
      timers.push(setInterval(() => onMetrics(metrics()), settings.metricsIntervalMs));
    }
    for (const signal of settings.stopSignals) process.once(signal, onSignal);
    log('info', 'worker started', {
      leaseTable: settings.leaseTableName,
      streamARN,
      ...(consumerARN === undefined ? {} : { consumerARN }),
    });
  }

  function stop(): Promise<void> {
    stopping ??= (async () => {
      const wasRunning = state === 'running' || state === 'starting';
      state = 'stopping';
      for (const signal of settings.stopSignals) process.off(signal, onSignal);
      for (const timer of timers) clearInterval(timer);
      timers = [];
      if (wasRunning) {
        // Wakes waits and cancels reads; a batch in the processor finishes and is checkpointed.
        wakeAll.abort();
        await Promise.all([...shards.values()].map(({ done }) => done));
        await coordinator.releaseAll();
        await coordinator.stop();
      }
      state = 'stopped';
      onMetrics?.(metrics());
      if (ownsKinesis) kinesis.destroy();
      if (ownsDynamoDb) dynamoDb.destroy();
      log('info', 'worker stopped');
      resolveStopped();
    })();
    return stopping;
  }

  function metrics(): WorkerMetrics {
    return snapshot(workerId, counters, coordinator.heldLeases().length, coordinator.stats());
  }

  return {
    workerId,
    start,
    stop,
    stopped,
    metrics,
    leases: () =>
      coordinator.heldLeases().map((lease) => {
        const shard = counters.shards.get(lease.leaseKey);
        const { sequenceNumber, subSequenceNumber } = lease.checkpoint;
        return {
          shardId: lease.leaseKey,
          state: shard?.state ?? ShardConsumerState.WaitingForParents,
          checkpoint:
            subSequenceNumber > 0 ? `${sequenceNumber}:${subSequenceNumber}` : sequenceNumber,
          parentShardIds: lease.parentShardIds,
          millisBehindLatest: shard?.millisBehindLatest,
        };
      }),
  };
}
