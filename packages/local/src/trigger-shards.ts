import type { Shard } from '@aws-sdk/client-kinesis';
import { closedShardsSkippedAtLatest, listShards, readableShards } from '@kds/reader';
import { SHARD_END } from './constants.js';
import { readShard } from './trigger-shard-loop.js';
import { notify, pause, type ShardNode, ShardState, type TriggerState } from './trigger-state.js';

/** Adds a shard the trigger did not know, `ENDED` if checkpointed so, else `WAITING`. */
function addShard(state: TriggerState, shardId: string, parents: readonly string[]): void {
  if (state.nodes.has(shardId)) return;
  state.nodes.set(shardId, {
    ShardId: shardId,
    ParentShardId: parents[0],
    AdjacentParentShardId: parents[1],
  });
  if (!state.states.has(shardId)) {
    state.states.set(
      shardId,
      state.checkpoints.get(shardId) === SHARD_END ? ShardState.Ended : ShardState.Waiting,
    );
  }
}

/** Adds the shards of a ListShards answer. */
export function addShards(state: TriggerState, shards: readonly Shard[]): void {
  for (const shard of shards) {
    if (shard.ShardId === undefined) continue;
    const parents = [shard.ParentShardId, shard.AdjacentParentShardId].filter(
      (parent): parent is string => parent !== undefined && parent !== '',
    );
    addShard(state, shard.ShardId, parents);
  }
}

/**
 * A `LATEST` trigger skips shards closed before it started, unless it was reading them: a shard
 * with a checkpoint, or a child of a shard it read to its end (read from its start, like a child
 * found while running, even if no record of it was settled before the stop).
 */
export function skipClosedShards(state: TriggerState, shards: readonly Shard[]): void {
  const waiting = shards.filter(
    (shard) =>
      shard.ShardId !== undefined && state.states.get(shard.ShardId) === ShardState.Waiting,
  );
  const skipped = closedShardsSkippedAtLatest(shards, (shardId) => state.checkpoints.has(shardId));
  for (const shard of waiting) {
    if (shard.ShardId !== undefined && skipped.has(shard.ShardId)) {
      state.states.set(shard.ShardId, ShardState.Skipped);
    }
  }
}

/** Saves checkpoints of one shard in order, whatever lane settles records. */
function checkpointWriter(
  state: TriggerState,
  shardId: string,
): (checkpoint: string) => Promise<void> {
  let chain: Promise<void> = Promise.resolve();
  return (checkpoint) => {
    state.checkpoints.set(shardId, checkpoint);
    notify(state);
    chain = chain.then(() =>
      state.store.save(state.scope, shardId, checkpoint).catch((error: unknown) => {
        state.onError(error);
      }),
    );
    return chain;
  };
}

/** ListShards, tried again every poll interval until it answers; undefined once stopped. */
async function listShardsUntilRunningStops(state: TriggerState): Promise<Shard[] | undefined> {
  while (state.running) {
    try {
      return await listShards(state.client, state.streamName);
    } catch (error) {
      state.onError(error);
      await pause(state, state.settings.pollIntervalMs);
    }
  }
  return undefined;
}

/** Reads a shard; once it is read to its end, checkpoints `SHARD_END` and starts its children. */
async function runShard(state: TriggerState, node: ShardNode, ready: () => void): Promise<void> {
  const shardId = node.ShardId;
  const saveCheckpoint = checkpointWriter(state, shardId);
  const end = await readShard(state, node, saveCheckpoint, ready);
  if (end === undefined) return;

  await saveCheckpoint(SHARD_END);
  state.states.set(shardId, ShardState.Ended);
  notify(state);
  // A child may name a parent this trigger does not know yet (a merge with the child of a shard
  // still being read), and a parent it does not know counts as trimmed: the children join only
  // with a complete shard list, which also finds them where GetRecords gives no ChildShards.
  const shards = await listShardsUntilRunningStops(state);
  if (shards === undefined) return;
  for (const child of end.childShards) {
    if (child.ShardId !== undefined) addShard(state, child.ShardId, child.ParentShards ?? []);
  }
  addShards(state, shards);
  void schedule(state);
}

/** Starts every waiting shard whose parents are all done; resolves when they have iterators. */
export function schedule(state: TriggerState): Promise<void> {
  if (!state.running) return Promise.resolve();
  const { states } = state;
  const waiting = [...state.nodes.values()].filter(
    (node) => states.get(node.ShardId) === ShardState.Waiting,
  );
  const done = (shardId: string): boolean => {
    const shardState = states.get(shardId);
    // A parent no longer listed has been trimmed: nothing of it is left to read.
    return (
      shardState === undefined ||
      shardState === ShardState.Ended ||
      shardState === ShardState.Skipped
    );
  };
  const readies: Promise<void>[] = [];
  for (const node of readableShards(waiting, done)) {
    states.set(node.ShardId, ShardState.Reading);
    let markReady: () => void = () => {};
    readies.push(
      new Promise<void>((resolve) => {
        markReady = () => resolve();
      }),
    );
    const loop = runShard(state, node, markReady)
      .catch((error: unknown) => {
        state.onError(error);
        // Try this shard again a little later, from its checkpoint.
        if (states.get(node.ShardId) === ShardState.Reading) {
          states.set(node.ShardId, ShardState.Waiting);
          void pause(state, state.settings.pollIntervalMs).then(() => schedule(state));
        }
      })
      .finally(() => state.loops.delete(loop));
    state.loops.add(loop);
  }
  return Promise.all(readies).then(() => {});
}
