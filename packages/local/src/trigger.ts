import { compareSequenceNumbers } from '@kds/core';
import { listShards, waitForStreamActive } from '@kds/reader';
import { DEFAULT_WAIT_TIMEOUT_MS, SHARD_END } from './constants.js';
import { WaitTimeoutError } from './errors.js';
import { checkSource } from './event-source-check.js';
import { type LocalTriggerOptions, StartingPosition } from './trigger-options.js';
import { addShards, schedule, skipClosedShards } from './trigger-shards.js';
import { createTriggerState, ShardState, type TriggerState } from './trigger-state.js';

export { ShardState };

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

/** Reads the checkpoints and the shards, then starts the shards that may be read. */
async function begin(state: TriggerState): Promise<void> {
  const { client, streamName, settings, nodes, states, checkpoints } = state;
  state.streamArn = await waitForStreamActive(client, streamName);
  state.region = await client.config.region();
  await checkSource(client, state.source, state.streamArn);
  nodes.clear();
  states.clear();
  checkpoints.clear();
  for (const [shardId, checkpoint] of Object.entries(await state.store.load(state.scope))) {
    checkpoints.set(shardId, checkpoint);
  }
  const shards = await listShards(client, streamName);
  addShards(state, shards);
  if (settings.startingPosition === StartingPosition.Latest) skipClosedShards(state, shards);
  await schedule(state);
}

/** Whether every shard named is checkpointed at or past its target. */
function reached(
  checkpoints: ReadonlyMap<string, string>,
  targets: Record<string, string>,
): boolean {
  return Object.entries(targets).every(([shardId, target]) => {
    const current = checkpoints.get(shardId);
    if (current === SHARD_END) return true;
    if (current === undefined || target === SHARD_END) return false;
    return compareSequenceNumbers(current, target) >= 0;
  });
}

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
 *   startingPosition: 'TRIM_HORIZON',
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
  const state = createTriggerState(options);
  let started: Promise<void> | undefined;

  return {
    start() {
      if (started !== undefined) return started;
      state.running = true;
      started = begin(state);
      return started;
    },
    async stop() {
      state.running = false;
      for (const reader of [...state.readers]) reader.close();
      for (const wakeUp of [...state.sleepers]) wakeUp();
      await started?.catch(() => {});
      while (state.loops.size > 0) await Promise.all([...state.loops]);
      started = undefined;
      if (state.ownsClient) state.client.destroy();
    },
    checkpoints: () => Object.fromEntries(state.checkpoints),
    shards: () => Object.fromEntries(state.states),
    waitForCheckpoints(targets, waitOptions = {}) {
      const { timeoutMs = DEFAULT_WAIT_TIMEOUT_MS } = waitOptions;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          state.waiters = state.waiters.filter((waiter) => waiter !== check);
          reject(new WaitTimeoutError('the trigger to handle every record sent', timeoutMs));
        }, timeoutMs);
        const check = (): void => {
          if (reached(state.checkpoints, targets)) {
            clearTimeout(timer);
            resolve();
          } else {
            state.waiters.push(check);
          }
        };
        check();
      });
    },
  };
}
