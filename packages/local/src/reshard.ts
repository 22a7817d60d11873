import {
  type KinesisClient,
  MergeShardsCommand,
  type Shard,
  SplitShardCommand,
  UpdateShardCountCommand,
} from '@aws-sdk/client-kinesis';
import { evenHashKeyRanges } from '@kds/core';
import { DEFAULT_RESHARD_TIMEOUT_MS } from './constants.js';
import { InvalidShardCountError, ReshardError } from './errors.js';
import { listShards, waitForStreamActive } from './streams.js';

/**
 * How `reshard` changes the shard count.
 *
 * @example
 * ```ts
 * import { ReshardMethod, type ReshardResult } from '@kds/local';
 *
 * const usedUpdateShardCount = (result: ReshardResult): boolean =>
 *   result.method === ReshardMethod.UpdateShardCount;
 * ```
 */
export const ReshardMethod = {
  /** UpdateShardCount with UNIFORM_SCALING (AWS, kinesis-local). */
  UpdateShardCount: 'UpdateShardCount',
  /** SplitShard and MergeShards of adjacent shards (kinesalite, which lacks UpdateShardCount). */
  SplitAndMerge: 'SplitAndMerge',
  /** The stream already had the shard count asked for. */
  None: 'None',
} as const;

/** One of {@link ReshardMethod}. */
export type ReshardMethod = (typeof ReshardMethod)[keyof typeof ReshardMethod];

/** Options of {@link reshard}. */
export interface ReshardOptions {
  /**
   * `auto` (default) tries UpdateShardCount and falls back to SplitShard/MergeShards where the
   * endpoint does not know it; or force one method.
   */
  method?: 'auto' | typeof ReshardMethod.UpdateShardCount | typeof ReshardMethod.SplitAndMerge;
  /** How long to wait for the stream to be ACTIVE after each step. Default 5 minutes. */
  timeoutMs?: number;
}

/** What {@link reshard} did. */
export interface ReshardResult {
  readonly streamName: string;
  readonly fromShardCount: number;
  readonly toShardCount: number;
  readonly method: ReshardMethod;
  /** The open shards before, sorted by hash key range. */
  readonly shardsBefore: readonly string[];
  /** The open shards after, sorted by hash key range. */
  readonly shardsAfter: readonly string[];
}

interface OpenShard {
  readonly shardId: string;
  readonly start: bigint;
  readonly end: bigint;
}

async function openShards(client: KinesisClient, streamName: string): Promise<OpenShard[]> {
  return (await listShards(client, streamName))
    .filter((shard: Shard) => shard.SequenceNumberRange?.EndingSequenceNumber === undefined)
    .map((shard) => ({
      shardId: shard.ShardId ?? '',
      start: BigInt(shard.HashKeyRange?.StartingHashKey ?? '0'),
      end: BigInt(shard.HashKeyRange?.EndingHashKey ?? '0'),
    }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/** The hash keys where the shards of an even split of the key space start (but the first). */
function uniformBoundaries(shardCount: number): Set<bigint> {
  return new Set(
    evenHashKeyRanges(shardCount)
      .map((range) => range.start)
      .filter((start) => start > 0n),
  );
}

function isUnknownOperation(error: unknown): boolean {
  const name = error instanceof Error ? error.name : '';
  return name === 'UnknownOperationException' || name === 'UnknownOperation';
}

/** Checks the target against UpdateShardCount's rules: at most double, at least half. */
function checkTarget(current: number, target: number): void {
  if (!Number.isSafeInteger(target) || target < 1) {
    throw new InvalidShardCountError(current, target, 'the target must be a positive integer');
  }
  if (target > current * 2) {
    throw new InvalidShardCountError(
      current,
      target,
      `Kinesis scales to at most double the open shards per call (at most ${current * 2}); reshard in steps`,
    );
  }
  if (target * 2 < current) {
    throw new InvalidShardCountError(
      current,
      target,
      `Kinesis scales to at least half the open shards per call (at least ${Math.ceil(current / 2)}); reshard in steps`,
    );
  }
}

/** One SplitShard or MergeShards call: what a failure names, and the call. */
interface ReshardStep {
  readonly operation: string;
  readonly send: () => Promise<unknown>;
}

/**
 * Takes the step `next` finds among the open shards and waits for the stream to be ACTIVE again,
 * until `next` finds none.
 */
async function stepUntilDone(
  client: KinesisClient,
  streamName: string,
  timeoutMs: number,
  next: (shards: readonly OpenShard[]) => ReshardStep | undefined,
): Promise<void> {
  for (;;) {
    const step = next(await openShards(client, streamName));
    if (step === undefined) return;
    try {
      await step.send();
    } catch (cause) {
      throw new ReshardError(streamName, step.operation, { cause });
    }
    await waitForStreamActive(client, streamName, { timeoutMs });
  }
}

async function splitAndMerge(
  client: KinesisClient,
  streamName: string,
  target: number,
  timeoutMs: number,
): Promise<void> {
  const boundaries = uniformBoundaries(target);
  // Split every shard at each boundary inside it, so that every boundary starts a shard ...
  await stepUntilDone(client, streamName, timeoutMs, (shards) => {
    for (const shard of shards) {
      const at = [...boundaries].find((b) => b > shard.start && b <= shard.end);
      if (at === undefined) continue;
      const command = new SplitShardCommand({
        StreamName: streamName,
        ShardToSplit: shard.shardId,
        NewStartingHashKey: at.toString(),
      });
      return { operation: `SplitShard of ${shard.shardId}`, send: () => client.send(command) };
    }
    return undefined;
  });
  // ... then merge neighbours that lie within one target range.
  await stepUntilDone(client, streamName, timeoutMs, (shards) => {
    for (let i = 1; i < shards.length; i += 1) {
      const left = shards[i - 1] as OpenShard;
      const right = shards[i] as OpenShard;
      if (left.end + 1n !== right.start || boundaries.has(right.start)) continue;
      const command = new MergeShardsCommand({
        StreamName: streamName,
        ShardToMerge: left.shardId,
        AdjacentShardToMerge: right.shardId,
      });
      return {
        operation: `MergeShards of ${left.shardId} and ${right.shardId}`,
        send: () => client.send(command),
      };
    }
    return undefined;
  });
}

/**
 * Changes the number of open shards of a stream to `targetShardCount`, split evenly over the hash
 * key space, and waits until the stream is ACTIVE again. It uses UpdateShardCount
 * (UNIFORM_SCALING) where the endpoint has it (AWS, kinesis-local) and otherwise reaches the same
 * shards with SplitShard and MergeShards of adjacent shards (kinesalite). Like UpdateShardCount,
 * it goes to at most double and at least half the open shards in one call, and throws
 * {@link InvalidShardCountError} otherwise. The closed shards stay readable: their records are
 * read before their children's.
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { reshard } from '@kds/local';
 *
 * const result = await reshard(new KinesisClient({}), 'TestDataStream', 1);
 * console.log(result.shardsBefore, '->', result.shardsAfter);
 * ```
 */
export async function reshard(
  client: KinesisClient,
  streamName: string,
  targetShardCount: number,
  options: ReshardOptions = {},
): Promise<ReshardResult> {
  const { method = 'auto', timeoutMs = DEFAULT_RESHARD_TIMEOUT_MS } = options;
  await waitForStreamActive(client, streamName, { timeoutMs });
  const before = await openShards(client, streamName);
  checkTarget(before.length, targetShardCount);
  const result = (used: ReshardMethod, after: readonly OpenShard[]): ReshardResult => ({
    streamName,
    fromShardCount: before.length,
    toShardCount: after.length,
    method: used,
    shardsBefore: before.map((shard) => shard.shardId),
    shardsAfter: after.map((shard) => shard.shardId),
  });
  if (targetShardCount === before.length) return result(ReshardMethod.None, before);

  let used: ReshardMethod = ReshardMethod.SplitAndMerge;
  if (method !== ReshardMethod.SplitAndMerge) {
    try {
      await client.send(
        new UpdateShardCountCommand({
          StreamName: streamName,
          TargetShardCount: targetShardCount,
          ScalingType: 'UNIFORM_SCALING',
        }),
      );
      used = ReshardMethod.UpdateShardCount;
    } catch (cause) {
      if (method !== 'auto' || !isUnknownOperation(cause)) {
        throw new ReshardError(streamName, 'UpdateShardCount', { cause });
      }
    }
  }
  if (used === ReshardMethod.UpdateShardCount) {
    await waitForStreamActive(client, streamName, { timeoutMs });
  } else {
    await splitAndMerge(client, streamName, targetShardCount, timeoutMs);
  }
  return result(used, await openShards(client, streamName));
}
