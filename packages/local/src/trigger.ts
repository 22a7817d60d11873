import { randomUUID } from 'node:crypto';
import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from '@kds/consumer';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
  DEFAULT_RETRY_DELAY_MS,
  MAX_BATCH_SIZE,
  MIN_POLL_INTERVAL_MS,
} from './constants.js';
import { LocalError, WaitTimeoutError } from './errors.js';
import { toKinesisEvent } from './event.js';
import { listShards, waitForStreamActive } from './streams.js';

/** The Lambda context the local trigger passes: the fields a handler commonly reads. */
export interface LocalInvocationContext {
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly invokedFunctionArn: string;
  getRemainingTimeInMillis(): number;
}

/** A Lambda handler for Kinesis events, as the local trigger calls it. */
export type KinesisHandler = (
  event: KinesisStreamEvent,
  context: LocalInvocationContext,
) => Promise<KinesisStreamBatchResponse | undefined> | Promise<void>;

/** A batch the trigger gave up on, as Lambda would send to an OnFailure destination. */
export interface FailedBatch {
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly batchSize: number;
  readonly attempts: number;
  readonly error: unknown;
}

/** Options of {@link createLocalTrigger}, with Lambda's names and defaults. */
export interface LocalTriggerOptions {
  client: KinesisClient;
  streamName: string;
  handler: KinesisHandler;
  /** Records per invocation at most. Default 100, at most 10,000. */
  batchSize?: number;
  /** Where a shard with no checkpoint starts. Default `TRIM_HORIZON`. */
  startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  /** Delay between GetRecords calls on one shard; at least 200 ms (5 calls/s per shard). */
  pollIntervalMs?: number;
  /** Retries of a failing batch; -1 (default) retries until stopped. */
  maximumRetryAttempts?: number;
  /** Wait before a retry. Default 200 ms. */
  retryDelayMs?: number;
  /** Called with each batch the trigger gave up on (the OnFailure destination). */
  onFailure?: (batch: FailedBatch) => void;
  /** Called when polling itself fails (the trigger keeps going). */
  onError?: (error: unknown) => void;
}

/** A running local trigger. */
export interface LocalTrigger {
  /** Discovers the shards and starts polling them; resolves once polling has begun. */
  start(): Promise<void>;
  /** Stops polling after the invocations in progress; resolves when every shard loop ended. */
  stop(): Promise<void>;
  /** The last sequence number handled per shard. */
  checkpoints(): Record<string, string>;
  /**
   * Resolves once every shard named has been handled up to (at least) the sequence number given.
   * Rejects with `WaitTimeoutError` after `timeoutMs` (default 30 s).
   */
  waitForCheckpoints(
    targets: Record<string, string>,
    options?: { timeoutMs?: number },
  ): Promise<void>;
}

function isValidResponse(
  response: unknown,
  sequenceNumbers: Set<string>,
): response is KinesisStreamBatchResponse | undefined | null {
  if (response === undefined || response === null) return true;
  if (typeof response !== 'object') return false;
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return true;
  if (!Array.isArray(failures)) return false;
  // An empty, unknown or malformed itemIdentifier fails the whole batch, as in Lambda.
  return failures.every(
    (failure) =>
      typeof failure === 'object' &&
      failure !== null &&
      typeof failure.itemIdentifier === 'string' &&
      sequenceNumbers.has(failure.itemIdentifier),
  );
}

function lowestSequenceNumber(failures: readonly { itemIdentifier: string }[]): bigint {
  let lowest: bigint | undefined;
  for (const { itemIdentifier } of failures) {
    const value = BigInt(itemIdentifier);
    if (lowest === undefined || value < lowest) lowest = value;
  }
  return lowest as bigint;
}

/**
 * Polls every shard of a stream and invokes a handler with events shaped exactly like Lambda's
 * Kinesis events: one shard per invocation, in sequence order. A thrown error retries the batch;
 * `batchItemFailures` checkpoints just before the lowest reported sequence number and retries from
 * there; a malformed response fails the whole batch.
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { createLocalTrigger } from '@kds/local';
 *
 * const trigger = createLocalTrigger({
 *   client: new KinesisClient({}),
 *   streamName: 'TestDataStream',
 *   handler: async (event) => { console.log(event.Records.length); return { batchItemFailures: [] }; },
 * });
 * await trigger.start();
 * await trigger.stop();
 * ```
 */
export function createLocalTrigger(options: LocalTriggerOptions): LocalTrigger {
  const {
    client,
    streamName,
    handler,
    batchSize = DEFAULT_BATCH_SIZE,
    startingPosition = 'TRIM_HORIZON',
    pollIntervalMs = MIN_POLL_INTERVAL_MS,
    maximumRetryAttempts = DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
    retryDelayMs = DEFAULT_RETRY_DELAY_MS,
    onFailure,
    onError,
  } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new RangeError(
      `batchSize must be an integer from 1 to ${MAX_BATCH_SIZE} (got ${batchSize})`,
    );
  }
  const interval = Math.max(pollIntervalMs, MIN_POLL_INTERVAL_MS);

  const checkpoints = new Map<string, string>();
  const loops: Promise<void>[] = [];
  let waiters: Array<() => void> = [];
  let running = false;
  const sleepers = new Set<() => void>();

  const notify = (): void => {
    const current = waiters;
    waiters = [];
    for (const waiter of current) waiter();
  };

  function checkpoint(shardId: string, sequenceNumber: string): void {
    checkpoints.set(shardId, sequenceNumber);
    notify();
  }

  /** Sleeps, but wakes at once when the trigger stops. */
  function pause(ms: number): Promise<void> {
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

  async function deliver(
    records: _Record[],
    source: { shardId: string; streamARN: string; region: string },
  ): Promise<void> {
    let pending = records;
    let attempts = 0;
    while (pending.length > 0 && running) {
      attempts += 1;
      const event = toKinesisEvent(pending, source);
      const sequenceNumbers = new Set(pending.map((record) => record.SequenceNumber ?? ''));
      let failedFrom: bigint | undefined;
      let error: unknown;
      try {
        const started = Date.now();
        const response = await handler(event, {
          awsRequestId: randomUUID(),
          functionName: 'kds-local',
          invokedFunctionArn: `arn:aws:lambda:${source.region}:000000000000:function:kds-local`,
          getRemainingTimeInMillis: () => Math.max(0, 900_000 - (Date.now() - started)),
        });
        if (!isValidResponse(response, sequenceNumbers)) {
          error = new LocalError(
            'BAD_RESPONSE',
            'The handler returned a malformed batchItemFailures response',
          );
          failedFrom = BigInt(pending[0]?.SequenceNumber ?? '0');
        } else if (response?.batchItemFailures && response.batchItemFailures.length > 0) {
          failedFrom = lowestSequenceNumber(response.batchItemFailures);
          error = new LocalError(
            'PARTIAL_FAILURE',
            `The handler reported ${response.batchItemFailures.length} failed record(s)`,
          );
        }
      } catch (thrown) {
        error = thrown;
        failedFrom = BigInt(pending[0]?.SequenceNumber ?? '0');
      }
      if (failedFrom === undefined) {
        checkpoint(source.shardId, pending.at(-1)?.SequenceNumber ?? '');
        return;
      }
      const done = pending.filter((record) => BigInt(record.SequenceNumber ?? '0') < failedFrom);
      const last = done.at(-1);
      if (last?.SequenceNumber !== undefined) checkpoint(source.shardId, last.SequenceNumber);
      const retry = pending.slice(done.length);
      if (maximumRetryAttempts >= 0 && attempts > maximumRetryAttempts) {
        onFailure?.({
          shardId: source.shardId,
          startSequenceNumber: retry[0]?.SequenceNumber ?? '',
          endSequenceNumber: retry.at(-1)?.SequenceNumber ?? '',
          batchSize: retry.length,
          attempts,
          error,
        });
        checkpoint(source.shardId, retry.at(-1)?.SequenceNumber ?? '');
        return;
      }
      pending = retry;
      await pause(retryDelayMs);
    }
  }

  async function pollShard(shardId: string, streamARN: string, region: string): Promise<void> {
    const position = checkpoints.get(shardId);
    const { ShardIterator } = await client.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shardId,
        ...(position === undefined
          ? { ShardIteratorType: startingPosition }
          : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: position }),
      }),
    );
    let iterator = ShardIterator;
    while (running && iterator !== undefined) {
      const polledAt = Date.now();
      try {
        const response = await client.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize }),
        );
        const records = response.Records ?? [];
        if (records.length > 0) await deliver(records, { shardId, streamARN, region });
        iterator = response.NextShardIterator;
      } catch (error) {
        onError?.(error);
      }
      await pause(Math.max(0, interval - (Date.now() - polledAt)));
    }
  }

  return {
    async start() {
      if (running) return;
      running = true;
      const streamARN = await waitForStreamActive(client, streamName);
      const region = await client.config.region();
      const shards = await listShards(client, streamName);
      for (const shard of shards) {
        const shardId = shard.ShardId;
        if (shardId === undefined) continue;
        loops.push(
          pollShard(shardId, streamARN, region).catch((error: unknown) => onError?.(error)),
        );
      }
    },
    async stop() {
      running = false;
      for (const wakeUp of [...sleepers]) wakeUp();
      await Promise.all(loops.splice(0));
    },
    checkpoints: () => Object.fromEntries(checkpoints),
    waitForCheckpoints(targets, waitOptions = {}) {
      const { timeoutMs = 30_000 } = waitOptions;
      const reached = (): boolean =>
        Object.entries(targets).every(([shardId, target]) => {
          const current = checkpoints.get(shardId);
          return current !== undefined && BigInt(current) >= BigInt(target);
        });
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
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
